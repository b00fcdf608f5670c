import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { describeEachHost, isExpress, serve, type HostApp, type HostName, type Served } from '../helpers/hosts';
import type { RendererOptions } from '../../lib/types';

const COOKIES = ['a=1; Path=/', 'b=2; HttpOnly', 'c=3; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Secure'];

function withCookies(): Response {
  const headers = new Headers({ 'content-type': 'text/plain' });
  for (const cookie of COOKIES) headers.append('set-cookie', cookie);
  return new Response('cookies', { headers });
}

// A body made of two chunks produced on different turns: the bridge must stream it.
function twoChunks(): ReadableStream<Uint8Array> {
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(new TextEncoder().encode('one,'));
      await new Promise((resolve) => setTimeout(resolve, 5));
      controller.enqueue(new TextEncoder().encode('two'));
      controller.close();
    },
  });
}

// supertest parses nothing it does not know: collect the raw bytes.
function bytes(res: unknown, cb: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}

const options: RendererOptions = {
  routes: {
    '/status': {
      GET: () => new Response('made', { status: 201, statusText: 'Made It', headers: { 'x-custom': 'yes', 'cache-control': 'no-store' } }),
    },
    '/typed': { GET: () => new Response('{"x":1}', { headers: { 'content-type': 'application/vnd.test+json' } }) },
    '/lookalike': { GET: () => new Response('<p>ünïcødé ✓</p>', { headers: { 'content-type': 'text/plain; charset=utf-8' } }) },
    '/untyped-bytes': { GET: () => new Response(new Uint8Array([1, 2, 3])) },
    '/untyped-stream': { GET: () => new Response(twoChunks()) },
    '/cookies': { GET: withCookies },
    '/head': { GET: () => new Response('full body', { headers: { 'x-head': 'kept', 'content-type': 'text/x-head' } }) },
    '/no-content': { GET: () => new Response(null, { status: 204, headers: { 'x-204': 'yes' } }) },
    '/not-modified': { GET: () => new Response(null, { status: 304, headers: { etag: '"v1"' } }) },
    '/go': { GET: ({ redirect }) => redirect('/x?y=1', 307), POST: ({ redirect }) => redirect('/x') },
    '/empty-200': { GET: () => new Response(null, { status: 200, headers: { 'x-empty': 'yes', 'content-type': 'application/x-kept' } }) },
    '/empty-string': { GET: () => new Response('', { status: 202 }) },
  },
};

describeEachHost('responses on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options);
  });
  afterAll(() => app.close());

  it('sends status, statusText and headers from the Response', async () => {
    const res = await request(app.base).get('/status');
    expect(res.status).toBe(201);
    // supertest keeps the Node response (untyped) on `res`.
    expect((res as unknown as { res: IncomingMessage }).res.statusMessage).toBe('Made It');
    expect(res.headers['x-custom']).toBe('yes');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toBe('made');
  });

  it('sends the Content-Type of the Response unchanged', async () => {
    const res = await request(app.base).get('/typed').buffer(true).parse(bytes);
    expect(res.headers['content-type']).toBe('application/vnd.test+json');
    expect(String(res.body)).toBe('{"x":1}');
  });

  it('keeps the Response\'s type for a string that looks like HTML, and counts its bytes, not its characters', async () => {
    const res = await request(app.base).get('/lookalike').buffer(true).parse(bytes);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('<p>ünïcødé ✓</p>')));
    expect(Buffer.from(res.body as Buffer).toString('utf8')).toBe('<p>ünïcødé ✓</p>');
  });

  it('invents no Content-Type for a Response without one (bytes)', async () => {
    const res = await request(app.base).get('/untyped-bytes').buffer(true).parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBeUndefined();
    expect(res.headers['content-length']).toBe('3');
    expect([...(res.body as Buffer)]).toEqual([1, 2, 3]);
  });

  it('invents no Content-Type for a Response without one (stream)', async () => {
    const res = await request(app.base).get('/untyped-stream').buffer(true).parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBeUndefined();
    expect(String(res.body)).toBe('one,two');
  });

  it('sends each Set-Cookie of the Response as its own header line', async () => {
    const res = await request(app.base).get('/cookies').expect(200, 'cookies');
    expect(res.headers['set-cookie']).toEqual(COOKIES);
  });

  it('answers HEAD with the GET handler: status and headers, no body', async () => {
    const res = await request(app.base).head('/head');
    expect(res.status).toBe(200);
    expect(res.headers['x-head']).toBe('kept');
    expect(res.headers['content-type']).toBe('text/x-head');
    expect(res.text).toBeUndefined();
    expect(res.body).toEqual({});
  });

  it('sends 204 without a body, headers kept', async () => {
    const res = await request(app.base).get('/no-content');
    expect(res.status).toBe(204);
    expect(res.headers['x-204']).toBe('yes');
    expect(res.text).toBe('');
  });

  it('sends 304 without a body, headers kept', async () => {
    const res = await request(app.base).get('/not-modified');
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.text).toBe('');
  });

  it('sends a redirect from context.redirect() with its status, Location and an empty body', async () => {
    const res = await request(app.base).get('/go').redirects(0);
    expect(res.status).toBe(307);
    expect(res.headers.location).toBe('/x?y=1');
    expect(res.text).toBe('');
    const post = await request(app.base).post('/go').redirects(0);
    expect(post.status).toBe(302);
    expect(post.headers.location).toBe('/x');
    expect(post.text).toBe('');
  });

  it('keeps a 200 with a null body a 200 with an empty body (not a 204), its headers all kept', async () => {
    const res = await request(app.base).get('/empty-200').buffer(true).parse(bytes);
    expect(res.status).toBe(200);
    expect(res.headers['x-empty']).toBe('yes');
    expect(res.headers['content-type']).toBe('application/x-kept');
    expect(res.headers['content-length']).toBe('0');
    expect(res.body).toHaveLength(0);
  });

  it('keeps a 202 with an empty string body', async () => {
    const res = await request(app.base).get('/empty-string');
    expect(res.status).toBe(202);
    expect(res.headers['content-length']).toBe('0');
    expect(res.text).toBe('');
  });
});

// The host sets a cookie (Express `res.cookie`, Koa `ctx.cookies.set`, node:http a plain
// Set-Cookie header) and a header before the renderer runs, as session and security middleware do.
function hostCookie(host: HostName) {
  if (host === 'node') {
    return (app: HostApp) =>
      app.use((_req: unknown, res: ServerResponse, next: () => void) => {
        res.setHeader('set-cookie', 'host=h1; Path=/');
        res.setHeader('x-frame-options', 'DENY');
        next();
      });
  }
  if (isExpress(host)) {
    return (app: HostApp) =>
      app.use((_req: unknown, res: { cookie(name: string, value: string): void; setHeader(n: string, v: string): void }, next: () => void) => {
        res.cookie('host', 'h1');
        res.setHeader('x-frame-options', 'DENY');
        next();
      });
  }
  return (app: HostApp) =>
    app.use((ctx: { cookies: { set(name: string, value: string): void }; set(n: string, v: string): void }, next: () => Promise<void>) => {
      ctx.cookies.set('host', 'h1');
      ctx.set('x-frame-options', 'DENY');
      return next();
    });
}

describeEachHost('cookies and headers %s set before the renderer', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options, { before: hostCookie(host) });
  });
  afterAll(() => app.close());

  it('sends the host cookie and every cookie of the Response, each on its own line', async () => {
    const res = await request(app.base).get('/cookies').expect(200, 'cookies');
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies).toHaveLength(4);
    expect(cookies[0]).toMatch(/^host=h1; [Pp]ath=\//);
    expect(cookies.slice(1)).toEqual(COOKIES);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('keeps the host cookie on a Response without Set-Cookie', async () => {
    const res = await request(app.base).get('/status').expect(201);
    const cookies = res.headers['set-cookie'] as unknown as string[];
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatch(/^host=h1;/);
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['x-custom']).toBe('yes');
  });
});
