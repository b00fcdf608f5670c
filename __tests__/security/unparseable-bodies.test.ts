import request from 'supertest';
import type { APIContext, RendererOptions } from '../../lib/types';
import { describeEachHost, isExpress, serve, type Served } from './support';

// A body that is not what its Content-Type says is the client's mistake: an uncaught parse
// failure must answer 4xx (InvalidRequestBody, 400), never 500 — express.json() answers 400
// for the same input.

const routes: RendererOptions['routes'] = {
  '/json': { POST: async (c: APIContext) => Response.json(await c.request.json()) },
  // The Request built first (headers read): the parse goes through undici, not the direct read.
  '/built-json': { POST: async (c: APIContext) => (c.request.headers.get('x'), Response.json(await c.request.json())) },
  '/form': { POST: async (c: APIContext) => Response.json([...(await c.request.formData()).keys()]) },
  '/caught': {
    POST: async (c: APIContext) => {
      try {
        await c.request.json();
        return new Response('parsed');
      } catch (error) {
        const e = error as { name: string; status: number };
        return new Response(`${e.name} ${e.status}`);
      }
    },
  },
  // A rewrite moves the body into a new Request: it must parse the same way.
  '/rewrite': { POST: (c: APIContext) => c.rewrite('/json') },
};

const BAD: [string, string, string][] = [
  ['/json', 'application/json', '{"a":'],
  ['/json', 'application/json', 'not json'],
  ['/json', 'application/json', ''],
  ['/built-json', 'application/json', '{"a":1'],
  ['/rewrite', 'application/json', '{'],
  ['/form', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\ntruncated'],
  ['/form', 'multipart/form-data', 'no boundary'],
  ['/form', 'text/plain', 'a=1'],
];

describeEachHost('unparseable bodies on %s', (host) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(host, { routes });
  });
  afterAll(() => served.close());

  it.each(BAD)('%s with %s %j answers 400 InvalidRequestBody, not 500', async (path, type, body) => {
    const res = await request(served.base).post(path).set('content-type', type).send(body);
    expect(res.status).toBe(400);
    if (host !== 'node') expect(res.text).toContain('InvalidRequestBody');
  });

  it('a caught parse failure carries its name and status for the route to answer', async () => {
    const res = await request(served.base).post('/caught').set('content-type', 'application/json').send('{');
    expect(res.text).toBe('InvalidRequestBody 400');
  });

  it('valid bodies still parse', async () => {
    await request(served.base).post('/json').set('content-type', 'application/json').send('{"a":1}').expect(200, { a: 1 });
    await request(served.base).post('/form').type('form').send('a=1&b=2').expect(200, ['a', 'b']);
  });
});

describeEachHost('unparseable text a host parser kept, on %s', (host) => {
  it('request.json() over express.text()/koa-bodyparser text answers 400', async () => {
    const parser = isExpress(host) ? 'text' : '@koa/bodyparser';
    const served = await serve(host, { routes }, { parser });
    try {
      const res = await request(served.base).post('/json').set('content-type', 'text/plain').send('{"a":');
      expect(res.status).toBe(400);
    } finally {
      await served.close();
    }
  });
}, { skip: { node: 'node:http has no host body parser to run before the listener' } });
