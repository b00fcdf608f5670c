import request from 'supertest';
import type { APIContext, RendererOptions } from '../../lib/types';
import { describeEachHost, isExpress, serve, upload, type Served } from './support';

// Bodies read without a limit let one client hold memory and the connection for as long as it
// likes. Every body we read stops at `bodyLimit`: 413 from Content-Length before reading a
// byte, and as soon as a chunked body passes the limit, with the connection closed after.

const LIMIT = 1024;
const readers: Record<string, (c: APIContext) => Promise<number>> = {
  text: async (c) => (await c.request.text()).length,
  json: async (c) => JSON.stringify(await c.request.json()).length,
  bytes: async (c) => (await c.request.arrayBuffer()).byteLength,
  blob: async (c) => (await c.request.blob()).size,
  form: async (c) => [...(await c.request.formData()).keys()].length,
  stream: async (c) => {
    let n = 0;
    for await (const chunk of c.request.body as unknown as AsyncIterable<Uint8Array>) n += chunk.byteLength;
    return n;
  },
  // The body read after the Request was built (headers first): the stream path, not the direct one.
  'built-text': async (c) => (c.request.headers.get('x') ?? '', (await c.request.text()).length),
};
const routes = Object.fromEntries(
  Object.entries(readers).map(([name, read]) => [`/${name}`, { POST: async (c: APIContext) => new Response(String(await read(c))) }]),
);

describeEachHost('bodyLimit on %s', (host) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(host, { routes, bodyLimit: LIMIT } as RendererOptions);
  });
  afterAll(() => served.close());

  it.each(Object.keys(readers))('%s: 413 from Content-Length, before a byte of the body is read', async (name) => {
    const answer = await upload(served.base, `/${name}`, { total: 10 * 1024 * 1024, contentLength: 10 * 1024 * 1024, send: 0 });
    expect(answer.status).toBe(413);
    expect(answer.sentBeforeAnswer).toBe(0);
  });

  it.each(Object.keys(readers))('%s: 413 as soon as a chunked body passes the limit, connection closed', async (name) => {
    const total = 64 * 1024 * 1024;
    const answer = await upload(served.base, `/${name}`, { total });
    expect(answer.status).toBe(413);
    expect(answer.body).toMatch(/PayloadTooLarge|larger than the `bodyLimit`/);
    expect(answer.sentBeforeAnswer).toBeLessThan(total);
  });

  it.each(Object.keys(readers).filter((n) => n !== 'form' && n !== 'json'))('%s: a body at the limit is read whole', async (name) => {
    const res = await request(served.base).post(`/${name}`).set('content-type', 'application/octet-stream').send(Buffer.alloc(LIMIT, 'b'));
    expect(res.status).toBe(200);
    expect(res.text).toBe(String(LIMIT));
  });

  it('a JSON body under the limit parses', async () => {
    const res = await request(served.base).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(500) }));
    expect(res.status).toBe(200);
  });
});

describeEachHost('bodyLimit defaults on %s', (host) => {
  it('defaults to 1 MiB: one byte more is a 413', async () => {
    const served = await serve(host, { routes });
    try {
      const at = await request(served.base).post('/bytes').set('content-type', 'application/octet-stream').send(Buffer.alloc(1024 * 1024));
      expect(at.status).toBe(200);
      const over = await upload(served.base, '/bytes', { total: 1024 * 1024 + 1, contentLength: 1024 * 1024 + 1, send: 0 });
      expect(over.status).toBe(413);
    } finally {
      await served.close();
    }
  });

  it('Infinity opts out', async () => {
    const served = await serve(host, { routes, bodyLimit: Infinity } as RendererOptions);
    try {
      const res = await request(served.base).post('/bytes').set('content-type', 'application/octet-stream').send(Buffer.alloc(3 * 1024 * 1024));
      expect(res.text).toBe(String(3 * 1024 * 1024));
    } finally {
      await served.close();
    }
  });
});

describeEachHost("a host parser's own limit on %s", (host) => {
  if (isExpress(host)) it("is the one that applies to what it parsed: express.json()'s 100 kB, whatever bodyLimit says", async () => {
    const big = await serve(host, { routes, bodyLimit: 10 * 1024 * 1024 } as RendererOptions, { parser: 'json' });
    const small = await serve(host, { routes, bodyLimit: 16 } as RendererOptions, { parser: 'json' });
    try {
      const over = await request(big.base).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(200 * 1024) }));
      expect(over.status).toBe(413);
      expect(over.text).toContain('PayloadTooLargeError');
      const parsed = await request(small.base).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(100) }));
      expect(parsed.status).toBe(200);
    } finally {
      await big.close();
      await small.close();
    }
  });

  // koa-bodyparser's own JSON limit is 1 MB: a bigger body is its 413, and a body it parsed is
  // not counted again against a smaller bodyLimit.
  if (!isExpress(host)) it("is the one that applies to what it parsed: koa-bodyparser's 1 MB, whatever bodyLimit says", async () => {
    const big = await serve(host, { routes, bodyLimit: 10 * 1024 * 1024 } as RendererOptions, { parser: 'koa-bodyparser', errors: 'plain' });
    const small = await serve(host, { routes, bodyLimit: 16 } as RendererOptions, { parser: 'koa-bodyparser' });
    try {
      const over = await request(big.base).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(1100 * 1024) }));
      expect(over.status).toBe(413);
      const parsed = await request(small.base).post('/json').set('content-type', 'application/json').send(JSON.stringify({ a: 'x'.repeat(100) }));
      expect(parsed.status).toBe(200);
    } finally {
      await big.close();
      await small.close();
    }
  });
}, { skip: { node: 'node:http has no host body parser to run before the listener' } });

describeEachHost('content types compare the media type only on %s', (host) => {
  it('`application/json; x=application/x-www-form-urlencoded` is JSON, parsed or not', async () => {
    const parser = isExpress(host) ? 'json' : 'koa-bodyparser';
    // node:http has no body parser: only the unparsed case applies.
    for (const extra of host === 'node' ? [{}] : [{ parser }, {}]) {
      const served = await serve(host, { routes: { '/echo': { POST: async (c) => Response.json(await c.request.json()) } } }, extra);
      try {
        const res = await request(served.base).post('/echo').set('content-type', 'application/json; x=application/x-www-form-urlencoded').send('{"a":[1,2]}');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ a: [1, 2] });
      } finally {
        await served.close();
      }
    }
  });
});

describe('the bodyLimit option', () => {
  const { resolveOptions } = jest.requireActual('../../lib/core/pipeline/options') as typeof import('../../lib/core/pipeline/options');
  it.each([-1, NaN, '1mb', null])('refuses %p at start-up (InvalidOption)', (value) => {
    expect(() => resolveOptions({ bodyLimit: value as number })).toThrow(expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining('bodyLimit') }));
  });
  it('defaults to 1 MiB and takes Infinity', () => {
    expect(resolveOptions({}).bodyLimit).toBe(1024 * 1024);
    expect(resolveOptions({ bodyLimit: Infinity }).bodyLimit).toBe(Infinity);
  });
});
