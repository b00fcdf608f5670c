import { Readable, pipeline } from 'node:stream';
import request from 'supertest';
import type { MiddlewareHandler } from '../../../lib/types';
import { describeEachHost, expressOf, expressRoute, isExpress, koaRoute, plainRoute, type Served } from '../../helpers/hosts';
import { rawRequest, values } from '../../helpers/raw';
import { counted } from '../../helpers/streams';
import { start } from './support';

// Middleware around the host app: `next()` resolves to what Express's handlers after the
// renderer write, what Koa's downstream left in ctx, or what node:http's next handler wrote.

describeEachHost('guard on %s', (host) => {
  let served: Served;
  let hostCalls: string[];
  const seen: string[] = [];
  const middleware: MiddlewareHandler = (context, next) => {
    seen.push(context.url.pathname);
    if (context.url.pathname.startsWith('/admin/')) return context.redirect('/login');
    return next();
  };

  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        for (const path of ['/admin/panel', '/public']) {
          if (host === 'node') {
            plainRoute(app, path, (req, res) => {
              hostCalls.push(req.url!);
              res.end(`host ${req.url}`);
            });
          } else if (isExpress(host)) {
            expressRoute(app, path, (req, res) => {
              hostCalls.push(req.path);
              res.send(`host ${req.path}`);
            });
          } else {
            koaRoute(app, path, (ctx) => {
              hostCalls.push(ctx.path);
              ctx.body = `host ${ctx.path}`;
            });
          }
        }
      },
    });
  });
  afterAll(() => served.close());
  beforeEach(() => {
    hostCalls = [];
    seen.length = 0;
  });

  it('redirects before next(): 302 to /login and the host handler never runs', async () => {
    const res = await request(served.base).get('/admin/panel');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
    expect(seen).toEqual(['/admin/panel']);
    expect(hostCalls).toEqual([]);
  });

  it('guards POST too, without reading or running anything of the host', async () => {
    const res = await request(served.base).post('/admin/panel').type('text').send('x'.repeat(1000));
    expect(res.status).toBe(302);
    expect(hostCalls).toEqual([]);
  });

  it('lets other paths through to the host: its handler runs exactly once', async () => {
    const res = await request(served.base).get('/public');
    expect(res.status).toBe(200);
    expect(res.text).toBe('host /public');
    expect(hostCalls).toEqual(['/public']);
  });
});

describeEachHost('middleware that never calls next() on %s', (host) => {
  let served: Served;
  let hostCalls = 0;
  const middleware: MiddlewareHandler = (context) => new Response(`mw owns ${context.url.pathname}`, { status: 203, headers: { 'x-from': 'mw' } });

  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      before(app) {
        // Host middleware before the renderer still runs (it is outside).
        if (host === 'node' || isExpress(host)) app.use((_req: unknown, res: { setHeader(n: string, v: string): void }, next: () => void) => (res.setHeader('x-before', '1'), next()));
        else app.use(async (ctx: { set(n: string, v: string): void }, next: () => Promise<void>) => (ctx.set('x-before', '1'), next()));
      },
      after(app) {
        const count = () => hostCalls++;
        if (host === 'node') {
          app.use((_req: unknown, _res: unknown, next: () => void) => (count(), next()));
          plainRoute(app, '/page', (_req, res) => (count(), res.setHeader('set-cookie', 'host=1; Path=/'), res.end('host page')));
        } else if (isExpress(host)) {
          app.use((_req: unknown, _res: unknown, next: () => void) => (count(), next()));
          expressRoute(app, '/page', (_req, res) => (count(), res.cookie('host', '1'), res.send('host page')));
        } else {
          app.use(async (_ctx: unknown, next: () => Promise<void>) => (count(), next()));
          koaRoute(app, '/page', (ctx) => (count(), ctx.cookies.set('host', '1'), (ctx.body = 'host page')));
        }
      },
    });
  });
  afterAll(() => served.close());

  it("answers with the middleware's response; no host handler after the renderer runs", async () => {
    const res = await request(served.base).get('/page');
    expect(res.status).toBe(203);
    expect(res.text).toBe('mw owns /page');
    expect(res.headers['x-from']).toBe('mw');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(hostCalls).toBe(0);
  });
});

describeEachHost('decorate on %s', (host) => {
  let served: Served;
  const middleware: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    response.headers.set('x-mw', '1');
    response.headers.append('set-cookie', 'mw=1; Path=/');
    return response;
  };

  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        if (host === 'node') {
          plainRoute(app, '/page', (_req, res) => {
            res.setHeader('set-cookie', 'host=h1; Path=/');
            res.statusCode = 201;
            res.setHeader('content-type', 'text/html; charset=utf-8');
            res.setHeader('content-length', String(Buffer.byteLength('host body ünïcode')));
            res.end('host body ünïcode');
          });
          plainRoute(app, '/two-cookies', (_req, res) => {
            res.setHeader('set-cookie', ['a=1; Path=/', 'b=2; Path=/']);
            const body = JSON.stringify({ ok: true });
            res.setHeader('content-type', 'application/json');
            res.setHeader('content-length', String(Buffer.byteLength(body)));
            res.end(body);
          });
          plainRoute(app, '/streamed', (_req, res) => {
            res.setHeader('set-cookie', 'host=h1; Path=/');
            res.setHeader('content-type', 'text/plain');
            res.write('one,');
            setTimeout(() => {
              res.write('two,');
              res.end('three');
            }, 10);
          });
        } else if (isExpress(host)) {
          expressRoute(app, '/page', (_req, res) => {
            res.cookie('host', 'h1');
            res.status(201).send('host body ünïcode');
          });
          expressRoute(app, '/two-cookies', (_req, res) => {
            res.cookie('a', '1');
            res.cookie('b', '2');
            res.json({ ok: true });
          });
          expressRoute(app, '/streamed', (_req, res) => {
            res.cookie('host', 'h1');
            res.setHeader('content-type', 'text/plain');
            res.write('one,');
            setTimeout(() => {
              res.write('two,');
              res.end('three');
            }, 10);
          });
        } else {
          koaRoute(app, '/page', (ctx) => {
            ctx.cookies.set('host', 'h1');
            ctx.status = 201;
            ctx.body = 'host body ünïcode';
          });
          koaRoute(app, '/two-cookies', (ctx) => {
            ctx.cookies.set('a', '1');
            ctx.cookies.set('b', '2');
            ctx.body = { ok: true };
          });
          koaRoute(app, '/streamed', (ctx) => {
            ctx.cookies.set('host', 'h1');
            ctx.type = 'text/plain';
            ctx.body = Readable.from(['one,', 'two,', 'three']);
          });
        }
      },
    });
  });
  afterAll(() => served.close());

  it("adds a header and a cookie to the host's response, keeping its status, body and own cookie", async () => {
    const res = await rawRequest(served.base, 'GET', '/page');
    expect(res.status).toBe(201);
    expect(res.body.toString('utf8')).toBe('host body ünïcode');
    expect(values(res.headers, 'x-mw')).toEqual(['1']);
    const cookies = values(res.headers, 'set-cookie');
    expect(cookies).toHaveLength(2);
    expect(cookies[0]).toMatch(/^host=h1(;|$)/);
    expect(cookies[1]).toBe('mw=1; Path=/');
    // The host's Content-Length (bytes, not characters) is the one sent, and it is right.
    expect(values(res.headers, 'content-length')).toEqual([String(Buffer.byteLength('host body ünïcode'))]);
    expect(values(res.headers, 'transfer-encoding')).toEqual([]);
  });

  it("keeps several host cookies as separate lines, plus the middleware's", async () => {
    const res = await rawRequest(served.base, 'GET', '/two-cookies');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({ ok: true });
    const cookies = values(res.headers, 'set-cookie').map((c) => c.split(';')[0]);
    expect(cookies).toEqual(['a=1', 'b=2', 'mw=1']);
    expect(values(res.headers, 'content-length')).toEqual([String(res.body.length)]);
  });

  it('decorates a streamed host response (no Content-Length) and delivers it whole', async () => {
    const res = await rawRequest(served.base, 'GET', '/streamed');
    expect(res.status).toBe(200);
    expect(values(res.headers, 'x-mw')).toEqual(['1']);
    expect(values(res.headers, 'set-cookie').map((c) => c.split(';')[0])).toEqual(['host=h1', 'mw=1']);
    expect(values(res.headers, 'content-length')).toEqual([]);
    expect(values(res.headers, 'transfer-encoding')).toEqual(['chunked']);
    // Chunked framing intact: supertest parses it.
    const parsed = await request(served.base).get('/streamed');
    expect(parsed.text).toBe('one,two,three');
  });

  it('decorates over keep-alive: the next request on the socket is answered too', async () => {
    const agent = request.agent(served.base);
    const a = await agent.get('/page');
    const b = await agent.get('/two-cookies');
    expect([a.status, a.text, a.headers['x-mw']]).toEqual([201, 'host body ünïcode', '1']);
    expect([b.status, b.headers['x-mw']]).toEqual([200, '1']);
  });
});

describeEachHost("middleware that peeks at the host's body with clone() on %s", (host) => {
  // `response.clone()` tees the body: the original Response's body is then a tee branch, so the
  // host's bytes must reach the client through it, not be sent around it.
  let served: Served;
  const peeked: string[] = [];
  const middleware: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    peeked.push(await response.clone().text());
    response.headers.set('x-peeked', '1');
    return response;
  };
  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        if (host === 'node') {
          plainRoute(app, '/sent', (_req, res) => res.end('sent body'));
          plainRoute(app, '/streamed', (_req, res) => {
            res.setHeader('content-type', 'text/plain');
            res.write('part one, ');
            setTimeout(() => res.end('part two'), 5);
          });
        } else if (isExpress(host)) {
          expressRoute(app, '/sent', (_req, res) => res.send('sent body'));
          expressRoute(app, '/streamed', (_req, res) => {
            res.setHeader('content-type', 'text/plain');
            res.write('part one, ');
            setTimeout(() => res.end('part two'), 5);
          });
        } else {
          koaRoute(app, '/sent', (ctx) => (ctx.body = 'sent body'));
          koaRoute(app, '/streamed', (ctx) => {
            ctx.type = 'text/plain';
            ctx.body = Readable.from([Buffer.from('part one, '), Buffer.from('part two')]);
          });
        }
      },
    });
  });
  afterAll(() => served.close());
  beforeEach(() => (peeked.length = 0));

  it.each([
    ['/sent', 'sent body'],
    ['/streamed', 'part one, part two'],
  ])('%s: the client gets the whole body, the middleware saw it too', async (path, body) => {
    const res = await rawRequest(served.base, 'GET', path);
    expect(peeked).toEqual([body]);
    expect(res.status).toBe(200);
    expect(values(res.headers, 'x-peeked')).toEqual(['1']);
    const lengths = values(res.headers, 'content-length');
    const text = lengths.length > 0 || values(res.headers, 'transfer-encoding').length === 0 ? res.body.toString() : dechunk(res.body);
    expect(text).toBe(body);
    if (lengths.length > 0) expect(lengths).toEqual([String(Buffer.byteLength(body))]);
  });
});

/** Decodes a chunked HTTP/1.1 body. */
function dechunk(raw: Buffer): string {
  let text = '';
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.subarray(at, eol).toString(), 16);
    if (!(size > 0)) return text;
    text += raw.subarray(eol + 2, eol + 2 + size).toString();
    at = eol + 2 + size + 2;
  }
}

describeEachHost("middleware that awaits next() but answers itself on %s", (host) => {
  // The host's response is dropped: its headers do not leak, and a stream it was sending is released.
  let served: Served;
  let producer: ReturnType<typeof counted> | undefined;
  const middleware: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    return new Response(`middleware instead of ${response.status}`, { status: 200, headers: { 'content-type': 'text/plain' } });
  };
  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        if (host === 'node') {
          plainRoute(app, '/stream', (_req, res) => {
            producer = counted(512, 64 * 1024);
            res.setHeader('set-cookie', 'host=1; Path=/');
            res.statusCode = 201;
            pipeline(producer.stream, res, () => {});
          });
        } else if (isExpress(host)) {
          expressRoute(app, '/stream', (_req, res) => {
            producer = counted(512, 64 * 1024);
            res.cookie('host', '1');
            res.status(201);
            pipeline(producer.stream, res, () => {});
          });
        } else {
          koaRoute(app, '/stream', (ctx) => {
            producer = counted(512, 64 * 1024);
            ctx.cookies.set('host', '1');
            ctx.status = 201;
            ctx.body = producer.stream;
          });
        }
      },
    });
  });
  afterAll(() => served.close());

  it("sends only the middleware's response; the host's stream is destroyed", async () => {
    const raw = await rawRequest(served.base, 'GET', '/stream');
    expect(raw.status).toBe(200);
    expect(raw.body.toString()).toBe('middleware instead of 201');
    expect(values(raw.headers, 'set-cookie')).toEqual([]);
    expect(values(raw.headers, 'content-length')).toEqual([String(raw.body.length)]);
    await producer!.destroyed;
    // The server keeps serving.
    const again = await request(served.base).get('/stream');
    expect(again.text).toBe('middleware instead of 201');
  });
});

// An Express sub-app mounted after the renderer (`app.use('/admin', adminApp)`) swaps `res`'s
// prototype for its own in its `init`, while the renderer is capturing: the capture must survive
// it (it lives on the instance, not the prototype), and so must the guard in front.
describeEachHost('middleware around an Express sub-app mounted after the renderer on %s', (host) => {
  let served: Served;
  let panelCalls = 0;
  const middleware: MiddlewareHandler = async (context, next) => {
    if (context.url.pathname.startsWith('/admin/secret')) return new Response('denied', { status: 403 });
    const response = await next();
    response.headers.set('x-around', context.url.pathname);
    return response;
  };

  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        const admin = expressOf(host)();
        expressRoute(admin, '/panel', (_req, res) => {
          panelCalls++;
          res.cookie('sub', '1');
          res.send(`panel of ${admin.mountpath}`);
        });
        expressRoute(admin, '/secret', (_req, res) => {
          res.send('secret');
        });
        (app as { use: (path: string, sub: unknown) => void }).use('/admin', admin);
      },
    });
  });
  afterAll(() => served.close());

  it("decorates the sub-app's response: body, its cookie and the middleware's header; the sub-app runs once", async () => {
    panelCalls = 0;
    const res = await request(served.base).get('/admin/panel');
    expect(panelCalls).toBe(1);
    expect(res.status).toBe(200);
    expect(res.text).toBe('panel of /admin');
    expect(res.headers['x-around']).toBe('/admin/panel');
    expect(res.headers['set-cookie']).toEqual([expect.stringMatching(/^sub=1;/)]);
  });

  it('keeps the guard in front of the sub-app', async () => {
    const res = await request(served.base).get('/admin/secret');
    expect(res.status).toBe(403);
    expect(res.text).toBe('denied');
  });
}, {
  skip: {
    koa: "Express sub-apps (app.use(path, subApp)); Koa's are koa-mount's, not a dependency here",
    node: 'node:http has no sub-apps',
  },
});
