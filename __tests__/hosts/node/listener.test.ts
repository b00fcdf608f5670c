import http from 'node:http';
import { createRequestListener, type RequestListenerOptions } from '../../../lib/hosts/node';
import type { RouteModule } from '../../../lib/types';
import { closeAll, serveHandler } from '../../helpers/plain-server';
import { rawExchange, rawHeader } from '../../helpers/raw';
import { deferred } from '../../helpers/async';
import { request } from '../../helpers/http-client';

afterEach(closeAll);
afterEach(() => jest.restoreAllMocks());

const ROUTES: Record<string, RouteModule> = {
  '/hello': { GET: () => new Response('hello') },
  '/echo': {
    POST: async ({ request }) =>
      Response.json({ isRequest: request instanceof Request, method: request.method, body: await request.json() }),
  },
  '/throws': {
    GET: () => {
      throw new Error('route failed');
    },
  },
  '/stream-fails-early': {
    GET: () => new Response(new ReadableStream({ pull: (c) => c.error(new Error('early')) })),
  },
};

/** A plain node:http server around createRequestListener, optionally with a connect-style `next`. */
async function listen(options: RequestListenerOptions, next?: (err: unknown, res: http.ServerResponse) => void) {
  const listener = createRequestListener({ routes: ROUTES, ...options });
  return serveHandler((req, res) => (next ? listener(req, res, (err?: unknown) => next(err, res)) : listener(req, res)));
}

describe('routing', () => {
  test('a matched route answers', async () => {
    const { url } = await listen({});
    const { res, body } = await request(`${url}/hello`);
    expect([res.statusCode, body.toString()]).toEqual([200, 'hello']);
  });

  test('the route gets a Request with the streamed body', async () => {
    const { url } = await listen({});
    const { body } = await request(`${url}/echo`, { method: 'POST', headers: { 'content-type': 'application/json' } }, '{"a":[1]}');
    expect(JSON.parse(body.toString())).toEqual({ isRequest: true, method: 'POST', body: { a: [1] } });
  });

  test('unmatched, without next → 404 Not Found', async () => {
    const { url } = await listen({});
    const { res, body } = await request(`${url}/nope`);
    expect([res.statusCode, res.headers['content-type'], body.toString()]).toEqual([404, 'text/plain; charset=utf-8', 'Not Found']);
  });

  test('unmatched, with next → next() is called and the host answers', async () => {
    const calls: unknown[] = [];
    const { url } = await listen({}, (err, res) => {
      calls.push(err);
      res.end('host fall-through');
    });
    const { res, body } = await request(`${url}/nope`);
    expect([res.statusCode, body.toString()]).toEqual([200, 'host fall-through']);
    expect(calls).toEqual([undefined]);
    // A matched route does not call next.
    expect((await request(`${url}/hello`)).body.toString()).toBe('hello');
    expect(calls).toHaveLength(1);
  });

  test('trailing-slash redirect keeps the query: 301 for GET, 308 otherwise', async () => {
    const { port } = await listen({ trailingSlash: 'never' });
    const get = await rawExchange(port, 'GET /hello/?x=1&x=2 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(get.head).toMatch(/^HTTP\/1\.1 301 /);
    expect(rawHeader(get.head, 'location')).toBe('/hello?x=1&x=2');
    const post = await rawExchange(port, 'POST /hello/ HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    expect(post.head).toMatch(/^HTTP\/1\.1 308 /);
    expect(rawHeader(post.head, 'location')).toBe('/hello');
  });
});

describe('errors', () => {
  test('a route error → 500 with the default onError, which reports it', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    const { url } = await listen({});
    const { res, body } = await request(`${url}/throws`);
    expect([res.statusCode, body.toString()]).toEqual([500, 'Internal Server Error']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('[astro-bridge] Error: route failed'));
  });

  test('a custom onError receives the error, req and res', async () => {
    const seen = deferred<{ message: string; url: string | undefined; isRes: boolean }>();
    const { url } = await listen({
      onError: (error, req, res) => {
        seen.resolve({ message: (error as Error).message, url: req.url, isRes: res instanceof http.ServerResponse });
        res.writeHead(503).end('custom');
      },
    });
    const { res, body } = await request(`${url}/throws?x=1`);
    expect([res.statusCode, body.toString()]).toEqual([503, 'custom']);
    expect(await seen.promise).toEqual({ message: 'route failed', url: '/throws?x=1', isRes: true });
  });

  test('with next, a route error goes to next(err) instead of onError', async () => {
    const onError = jest.fn();
    const errors: unknown[] = [];
    const { url } = await listen({ onError }, (err, res) => {
      errors.push(err);
      res.writeHead(502).end('host error handler');
    });
    const { res, body } = await request(`${url}/throws`);
    expect([res.statusCode, body.toString()]).toEqual([502, 'host error handler']);
    expect(errors).toEqual([expect.objectContaining({ message: 'route failed' })]);
    expect(onError).not.toHaveBeenCalled();
  });

  test('a malformed Host → 400 with the message, not logged', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    const { port } = await listen({});
    const raw = await rawExchange(port, 'GET /hello HTTP/1.1\r\nHost: exa mple\r\nConnection: close\r\n\r\n');
    expect(raw.head).toMatch(/^HTTP\/1\.1 400 /);
    expect(raw.utf8).toContain('The request\'s Host header "exa mple" is not a valid host.');
    expect(logged).not.toHaveBeenCalled();
  });

  test('a custom onError receives the MalformedHost error', async () => {
    const seen = deferred<unknown>();
    const { port } = await listen({
      onError: (error, _req, res) => {
        seen.resolve(error);
        res.writeHead(421).end();
      },
    });
    const raw = await rawExchange(port, 'GET /hello HTTP/1.1\r\nHost: a/b\r\nConnection: close\r\n\r\n');
    expect(raw.head).toMatch(/^HTTP\/1\.1 421 /);
    expect(await seen.promise).toMatchObject({ name: 'MalformedHost', status: 400 });
  });

  test('a body stream failing before its first chunk → 500 (nothing was sent yet)', async () => {
    const logged = jest.spyOn(console, 'error').mockImplementation(() => {});
    const { url } = await listen({});
    const { res, body } = await request(`${url}/stream-fails-early`);
    expect([res.statusCode, body.toString()]).toEqual([500, 'Internal Server Error']);
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('[astro-bridge] Error: early'));
  });

  test('a body stream failing after the head was sent → the connection is cut', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    const sent = deferred();
    const listener = createRequestListener({
      routes: {
        '/late': {
          GET: () => {
            let n = 0;
            return new Response(
              new ReadableStream({
                async pull(c) {
                  if (n++ === 0) return c.enqueue(new TextEncoder().encode('partial'));
                  await sent.promise;
                  c.error(new Error('late'));
                },
              }),
            );
          },
        },
      },
    });
    const { url } = await serveHandler((req, res) => listener(req, res));
    const outcome = await new Promise<string>((resolve) => {
      http.get(`${url}/late`, (res) => {
        res.on('data', () => sent.resolve());
        res.on('end', () => resolve('clean end'));
        res.on('error', (err) => resolve(`error: ${err.message}`));
      });
    });
    expect(outcome).toMatch(/^error: /);
  });
});
