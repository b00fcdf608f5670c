import http from 'node:http';
import { sendWebResponse, toWebRequest } from '../../lib/hosts/node';
import { LAZY_REQUEST } from '../../lib/node/request';
import { closeAll, serveHandler, type Handler } from '../helpers/plain-server';
import { connect, rawExchange } from '../helpers/raw';
import { deferred, within } from '../helpers/async';
import { request } from '../helpers/http-client';

afterEach(closeAll);

const ORIGIN = 'http://test.local';

// Where undici cannot take a stand-in (private fields: Node 24+) the bridge builds the real
// Request at once (lib/node/request.ts): the lazy-specific tests are skipped there, and the
// feature test itself is checked against what undici does.
const lazyOnly = LAZY_REQUEST ? test : test.skip;
const eagerOnly = LAZY_REQUEST ? test.skip : test;

describe('the lazy-Request feature test', () => {
  test('says lazy exactly where new Request() accepts a stand-in chained to Request.prototype', () => {
    const real = new Request('http://localhost/');
    const standIn = Object.create(Request.prototype, { url: { get: () => real.url } }) as Request;
    for (const symbol of Object.getOwnPropertySymbols(real)) {
      Object.defineProperty(standIn, symbol, { get: () => (real as unknown as Record<symbol, unknown>)[symbol] });
    }
    let accepted: boolean;
    try {
      accepted = new Request(standIn).url === 'http://localhost/';
    } catch {
      accepted = false;
    }
    expect(LAZY_REQUEST).toBe(accepted);
  });

  eagerOnly('elsewhere hands out a real Request, built at once', async () => {
    const seen = deferred<boolean>();
    const { url } = await serveHandler((req, res) => {
      const made = toWebRequest(req, { url: ORIGIN + req.url, res });
      // Real: undici's own methods run on it (a stand-in lacks its private state and throws).
      let real: boolean;
      try {
        real = made instanceof Request && Request.prototype.clone.call(made).url === made.url;
      } catch {
        real = false;
      }
      seen.resolve(real);
      res.end();
    });
    await request(url);
    expect(await within(seen.promise, 'toWebRequest')).toBe(true);
  });
});

test('prints as a Request (console.log does not throw)', async () => {
  const { inspect } = await import('node:util');
  const seen = deferred<string>();
  const { url } = await serveHandler((req, res) => {
    seen.resolve(inspect(toWebRequest(req, { url: ORIGIN + req.url, res })));
    res.end();
  });
  await request(`${url.replace(/\/$/, '')}/shown`);
  const printed = await within(seen.promise, 'inspect');
  expect(printed).toContain('Request');
  expect(printed).toContain('http://test.local/shown');
});

/** A server that converts each request and answers with what `inspect` returns as JSON (or the error, as a 500). */
function echo(inspect: (request: Request, req: http.IncomingMessage) => unknown): Handler {
  return async (req, res) => {
    const request = toWebRequest(req, { url: ORIGIN + req.url, res });
    let response: Response;
    try {
      response = Response.json(await inspect(request, req));
    } catch (err) {
      response = new Response(String(err), { status: 500 });
    }
    await sendWebResponse(res, response, req.method);
  };
}

describe('method', () => {
  const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'PURGE'];
  test.each(METHODS)('%s is the request method, lazily and materialised', async (method) => {
    const { url } = await serveHandler(
      echo((r) => {
        const lazy = r.method;
        void r.headers; // materialises
        return { lazy, real: r.method };
      }),
    );
    const { body } = await request(url, { method });
    expect(JSON.parse(body.toString())).toEqual({ lazy: method, real: method });
  });

  test('HEAD reaches the handler as HEAD', async () => {
    const seen = deferred<string>();
    const { url } = await serveHandler(
      echo((r) => {
        seen.resolve(r.method);
        return {};
      }),
    );
    await request(url, { method: 'HEAD' });
    expect(await seen.promise).toBe('HEAD');
  });
});

describe('headers', () => {
  test('repeated headers are joined the HTTP way; request Set-Cookie stays separate', async () => {
    const { port } = await serveHandler(
      echo((r) => ({
        multi: r.headers.get('x-multi'),
        accept: r.headers.get('accept'),
        cookie: r.headers.get('cookie'),
        setCookie: r.headers.getSetCookie(),
        mixed: r.headers.get('x-mixed-case'),
        latin: r.headers.get('x-latin'),
      })),
    );
    const raw = await rawExchange(
      port,
      Buffer.from(
        'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n' +
          'X-Multi: one\r\nX-Multi: two\r\nAccept: text/html\r\nAccept: application/json\r\n' +
          'Cookie: a=1\r\nCookie: b=2\r\nSet-Cookie: s=1; Path=/\r\nSet-Cookie: t=2\r\n' +
          'X-MiXeD-CaSe: v\r\nX-Latin: caf\xe9\r\n\r\n',
        'latin1',
      ),
    );
    expect(JSON.parse(raw.utf8)).toEqual({
      multi: 'one, two',
      accept: 'text/html, application/json',
      cookie: 'a=1; b=2',
      setCookie: ['s=1; Path=/', 't=2'],
      mixed: 'v',
      latin: 'café',
    });
  });

  test('HTTP/2 pseudo-headers and names Headers refuses are dropped, not fatal', async () => {
    // Middleware (or an HTTP/2 compat request) can leave such entries on req.headers.
    const server = await serveHandler(async (req, res) => {
      req.headers[':authority'] = 'h2.example';
      req.headers['bad name'] = 'x';
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      await sendWebResponse(res, Response.json([...r.headers.keys()]), req.method);
    });
    const { body } = await request(server.url, { headers: { 'x-keep': '1' } });
    const names = JSON.parse(body.toString()) as string[];
    expect(names).toContain('x-keep');
    expect(names).not.toContain(':authority');
    expect(names).not.toContain('bad name');
  });
});

describe('URL: path and query as the client sent them', () => {
  const TARGETS: [target: string, href: string][] = [
    ['/p?a=1&a=2', `${ORIGIN}/p?a=1&a=2`],
    ['/a%2Fb/c', `${ORIGIN}/a%2Fb/c`],
    ['/q?x=%20y+z&empty=&flag', `${ORIGIN}/q?x=%20y+z&empty=&flag`],
    ['//double//slashes/', `${ORIGIN}//double//slashes/`],
    ['/%7Euser/%E2%9C%93', `${ORIGIN}/%7Euser/%E2%9C%93`],
    ['/?', `${ORIGIN}/?`],
    // WHATWG URL semantics apply, as for any Request: dot segments resolve, `"` is escaped.
    ['/a/../b', `${ORIGIN}/b`],
    ['/a"b', `${ORIGIN}/a%22b`],
  ];
  test.each(TARGETS)('%s → %s', async (target, href) => {
    const { port } = await serveHandler(
      echo((r) => {
        const lazy = r.url;
        void r.headers;
        return { lazy, real: r.url, a: new URL(r.url).searchParams.getAll('a') };
      }),
    );
    const raw = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    const seen = JSON.parse(raw.utf8) as { lazy: string; real: string; a: string[] };
    // The lazily read url is the same string the real Request reports.
    expect(seen).toEqual({ lazy: href, real: href, a: target.startsWith('/p?') ? ['1', '2'] : [] });
  });
});

describe('lazy Request', () => {
  lazyOnly('is a Request whose method and url do not build the real one', async () => {
    const seen = deferred<Record<string, unknown>>();
    const { url } = await serveHandler(async (req, res) => {
      const closeListeners = res.listenerCount('close');
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const facts: Record<string, unknown> = {
        isRequest: r instanceof Request,
        tag: Object.prototype.toString.call(r),
        method: r.method,
        url: r.url,
        // Materialising wires the abort signal to `res`; reading method/url must not.
        listenersAfterMethodUrl: res.listenerCount('close') - closeListeners,
      };
      void r.headers;
      facts.listenersAfterHeaders = res.listenerCount('close') - closeListeners;
      seen.resolve(facts);
      await sendWebResponse(res, new Response('ok'), req.method);
    });
    await request(`${url}/x?y=1`);
    expect(await seen.promise).toEqual({
      isRequest: true,
      tag: '[object Request]',
      method: 'GET',
      url: `${ORIGIN}/x?y=1`,
      listenersAfterMethodUrl: 0,
      listenersAfterHeaders: 1,
    });
  });

  lazyOnly('headers are read from req at first use, not at toWebRequest()', async () => {
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      req.headers['x-late'] = 'added after toWebRequest';
      await sendWebResponse(res, new Response(r.headers.get('x-late')), req.method);
    });
    expect((await request(url)).body.toString()).toBe('added after toWebRequest');
  });

  test('new Request(lazy) carries method, headers and body', async () => {
    const { url } = await serveHandler(
      echo(async (r) => {
        const copy = new Request(r);
        return { method: copy.method, url: copy.url, type: copy.headers.get('x-type'), body: await copy.text() };
      }),
    );
    const { body } = await request(`${url}/copy`, { method: 'PUT', headers: { 'x-type': 't' } }, 'the body');
    expect(JSON.parse(body.toString())).toEqual({ method: 'PUT', url: `${ORIGIN}/copy`, type: 't', body: 'the body' });
  });

  test('new Request(url, lazy) uses it as init (a proxy pattern)', async () => {
    const { url } = await serveHandler(
      echo(async (r) => {
        const copy = new Request('http://elsewhere.local/', r);
        return { method: copy.method, type: copy.headers.get('x-type'), body: await copy.text() };
      }),
    );
    const { body } = await request(url, { method: 'POST', headers: { 'x-type': 't' } }, 'init body');
    expect(JSON.parse(body.toString())).toEqual({ method: 'POST', type: 't', body: 'init body' });
  });

  test('clone() gives an independent copy: both bodies readable', async () => {
    const { url } = await serveHandler(
      echo(async (r) => {
        const clone = r.clone();
        return { clone: await clone.text(), original: await r.text(), header: clone.headers.get('x-h'), used: r.bodyUsed };
      }),
    );
    const { body } = await request(url, { method: 'POST', headers: { 'x-h': 'v' } }, 'twice');
    expect(JSON.parse(body.toString())).toEqual({ clone: 'twice', original: 'twice', header: 'v', used: true });
  });

  test('fetch(lazy) forwards the request upstream', async () => {
    const upstream = await serveHandler((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => res.end(`${req.method} ${req.url} ${req.headers['x-h']} ${Buffer.concat(chunks)}`));
    });
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: upstream.url + req.url, res });
      const response = await fetch(r).catch((err: unknown) => new Response(String(err), { status: 500 }));
      await sendWebResponse(res, response, req.method);
    });
    const { body } = await request(`${url}/up?q=1`, { method: 'POST', headers: { 'x-h': 'v' } }, 'payload');
    expect(body.toString()).toBe('POST /up?q=1 v payload');
  });
});

describe('request.signal', () => {
  test('aborts when the client disconnects before the response is sent', async () => {
    const aborted = deferred<unknown>();
    const received = deferred();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      r.signal.addEventListener('abort', () => aborted.resolve(r.signal.reason));
      expect(r.signal.aborted).toBe(false);
      received.resolve();
      await aborted.promise;
      res.end();
    });
    const socket = await connect(port);
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await received.promise;
    socket.destroy();
    const reason = await within(aborted.promise, 'the abort event');
    expect(reason).toBeInstanceOf(DOMException);
    expect((reason as DOMException).name).toBe('AbortError');
  });

  test('is already aborted when first read after the client left', async () => {
    const state = deferred<boolean>();
    const received = deferred();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      received.resolve();
      await new Promise((resolve) => res.once('close', resolve));
      state.resolve(r.signal.aborted);
    });
    const socket = await connect(port);
    socket.write('GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    await received.promise;
    socket.destroy();
    expect(await within(state.promise, 'the response close')).toBe(true);
  });

  test('does not abort after a normal, completed response (even when the connection then closes)', async () => {
    const signal = deferred<AbortSignal>();
    const closed = deferred();
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const s = r.signal;
      // Registered after the bridge's own listener, so it runs after it.
      res.once('close', () => closed.resolve());
      await sendWebResponse(res, new Response('done'), req.method);
      signal.resolve(s);
    });
    const agent = new http.Agent({ keepAlive: true });
    const { body } = await request(url, { agent });
    agent.destroy(); // the client now closes the connection
    await closed.promise;
    expect(body.toString()).toBe('done');
    expect((await signal.promise).aborted).toBe(false);
  });
});

describe('requestHeader() on the lazy request', () => {
  it('reads one header without building the Request, and agrees with it afterwards', async () => {
    const { requestHeader } = await import('../../lib/fetch/request-header');
    const { toWebRequest } = await import('../../lib/node/request');
    const http = await import('node:http');
    let result: unknown;
    const server = http.createServer((req, res) => {
      const request = toWebRequest(req, { url: `http://localhost${req.url}`, res });
      const before = [requestHeader(request, 'cookie'), requestHeader(request, 'accept-language'), requestHeader(request, 'x-missing')];
      const built = Object.getOwnPropertySymbols(request).some((s) => s.description === 'real' && (request as never)[s] !== undefined);
      const after = [request.headers.get('cookie'), request.headers.get('accept-language'), request.headers.get('x-missing')];
      result = { before, built, after, afterAccessor: requestHeader(request, 'cookie') };
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as import('node:net').AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { headers: { cookie: 'a=1; b=2', 'accept-language': 'fr, en;q=0.5' } });
    server.close();
    expect(result).toEqual({
      before: ['a=1; b=2', 'fr, en;q=0.5', null],
      built: false,
      after: ['a=1; b=2', 'fr, en;q=0.5', null],
      afterAccessor: 'a=1; b=2',
    });
  });
});

describe('requestUrl() on the lazy request', () => {
  it('hands over its parsed URL once; mutating it does not change request.url', async () => {
    const { requestUrl } = await import('../../lib/fetch/request-header');
    const { toWebRequest } = await import('../../lib/node/request');
    const http = await import('node:http');
    let result: unknown;
    const server = http.createServer((req, res) => {
      const request = toWebRequest(req, { url: `http://localhost${req.url}`, res });
      const first = requestUrl(request);
      first.searchParams.set('changed', '1');
      const second = requestUrl(request);
      result = { first: first.href, requestUrl: request.url, second: second.href, distinct: first !== second };
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as import('node:net').AddressInfo;
    await fetch(`http://127.0.0.1:${port}/p?a=1`);
    server.close();
    expect(result).toEqual({
      first: 'http://localhost/p?a=1&changed=1',
      requestUrl: 'http://localhost/p?a=1',
      second: 'http://localhost/p?a=1',
      distinct: true,
    });
  });
});
