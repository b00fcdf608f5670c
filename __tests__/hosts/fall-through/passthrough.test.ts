import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, pipeline } from 'node:stream';
import request from 'supertest';
import type { MiddlewareHandler } from '../../../lib/types';
import { isBodyUntouched } from '../../../lib/fetch/lazy-response';
import { describeEachHost, expressRoute, isExpress, isKoa, koaRoute, plainRoute, type Served } from '../../helpers/hosts';
import { rawRequest, values } from '../../helpers/raw';
import { deferred, settle } from '../../helpers/async';
import { checkCounted, counted } from '../../helpers/streams';
import { redact, start } from './support';

// The host's response returned unchanged by middleware streams straight through: nothing is
// buffered, backpressure reaches the host's producer, and a client that leaves stops it.

const CHUNK = 64 * 1024;
const TOTAL = 512; // 32 MiB

const asIs: MiddlewareHandler = (_context, next) => next();
const decorated: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  response.headers.set('x-mw', 'decorated');
  return response;
};

describeEachHost('pass-through of a large stream on %s', (host) => {
  const middlewares = { asIs, decorated } as const;
  let producers: ReturnType<typeof counted>[] = [];
  let piped: 'pipe' | 'pipeline' = 'pipe';
  const hostRoute = (app: unknown) => {
    if (!isKoa(host)) {
      plainRoute(app, '/big', (_req, res) => {
        const producer = counted(TOTAL, CHUNK);
        producers.push(producer);
        res.setHeader('content-type', 'application/octet-stream');
        if (piped === 'pipe') producer.stream.pipe(res);
        else pipeline(producer.stream, res, () => {});
      });
    } else {
      koaRoute(app, '/big', (ctx) => {
        const producer = counted(TOTAL, CHUNK);
        producers.push(producer);
        ctx.type = 'application/octet-stream';
        ctx.body = producer.stream;
      });
    }
  };
  const servers: Record<string, Served> = {};
  beforeAll(async () => {
    for (const [name, middleware] of Object.entries(middlewares)) servers[name] = await start(host, { routes: {}, middleware }, { after: hostRoute });
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });
  beforeEach(() => {
    producers = [];
    piped = 'pipe';
  });

  it.each(Object.keys(middlewares))('%s: a paused client holds the producer back; resumed, it gets all 32 MiB intact', async (name) => {
    const served = servers[name]!;
    const { res, req } = await new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const req = http.get(`${served.base}/big`, { agent: false }, (res) => resolve({ res, req }));
      req.on('error', reject);
    });
    try {
      expect(res.statusCode).toBe(200);
      if (name === 'decorated') expect(res.headers['x-mw']).toBe('decorated');
      res.pause();
      const producer = producers[0]!;
      // Paused: the producer stops once socket buffers and one stream's worth are full.
      const heldAt = await settle(producer.pulled);
      expect(heldAt).toBeLessThan(TOTAL / 2);
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.resume();
      await new Promise((resolve) => res.once('end', resolve));
      checkCounted(Buffer.concat(chunks), TOTAL, CHUNK);
      expect(producer.pulled()).toBe(TOTAL);
    } finally {
      req.destroy();
    }
  });

  // Express and node:http: the host's `.pipe(res)` (the source is only paused) and `pipeline()`
  // (destroyed); Koa pipes its body itself and destroys it when the response closes.
  const ways = !isKoa(host) ? (['pipe', 'pipeline'] as const) : (['pipeline'] as const);
  it.each(ways)('a client that disconnects mid-stream stops the host producer (%s)', async (how) => {
    piped = how;
    const served = servers.decorated!;
    const { res, req } = await new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const req = http.get(`${served.base}/big`, { agent: false }, (res) => resolve({ res, req }));
      req.on('error', reject);
    });
    await new Promise((resolve) => res.once('data', resolve));
    req.destroy();
    const producer = producers[0]!;
    if (how === 'pipeline') await producer.destroyed;
    const stoppedAt = await settle(producer.pulled);
    expect(stoppedAt).toBeLessThan(TOTAL / 2);
    // The server keeps serving.
    const ok = await request(served.base).get('/nothing-here');
    expect(ok.status).toBe(404);
  });
});

describeEachHost("a client that leaves while middleware still holds the host's response, on %s", (host) => {
  let served: Served;
  let hostClosed = deferred();
  let holding = deferred();
  let producer: ReturnType<typeof counted> | undefined;
  const middleware: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    holding.resolve();
    await hostClosed.promise; // the client is gone before the middleware returns
    response.headers.set('x-late', '1');
    return response;
  };
  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      after(app) {
        if (!isKoa(host)) {
          plainRoute(app, '/big', (_req, res) => {
            producer = counted(TOTAL, CHUNK);
            res.on('close', () => hostClosed.resolve());
            pipeline(producer.stream, res, () => {});
          });
        } else {
          koaRoute(app, '/big', (ctx) => {
            producer = counted(TOTAL, CHUNK);
            ctx.res.on('close', () => hostClosed.resolve());
            ctx.body = producer.stream;
          });
        }
      },
    });
  });
  afterAll(() => served.close());

  it('destroys the producer and keeps serving', async () => {
    hostClosed = deferred();
    holding = deferred();
    const req = http.get(`${served.base}/big`, { agent: false });
    req.on('error', () => {});
    // The host has answered (Express: its first chunks are captured) and the middleware holds
    // its response: the client leaves.
    await holding.promise;
    req.destroy();
    await hostClosed.promise;
    await producer!.destroyed;
    expect(producer!.pulled()).toBeLessThan(TOTAL);
    const ok = await request(served.base).get('/nothing-here');
    expect(ok.status).toBe(404);
  });
});

describeEachHost("the host's own 404 passes through on %s", (host) => {
  // Bare apps (no catch-all): Express's finalhandler 404 page, Koa's default 404 'Not Found',
  // node:http's host (an empty NodeApp after the listener) its 404 'Not Found'.
  const build = (middleware: MiddlewareHandler | undefined) => {
    const options = middleware ? { routes: {}, middleware } : undefined;
    return start(host, options ?? { routes: {} }, { bare: true, after: host === 'node' ? () => {} : undefined });
  };
  let plain: Served;
  let through: Served;
  let deco: Served;
  beforeAll(async () => {
    plain = await build(undefined);
    through = await build(asIs);
    deco = await build(decorated);
  });
  afterAll(async () => {
    await plain.close();
    await through.close();
    await deco.close();
  });

  it('is the same response as without the renderer: status, headers and body', async () => {
    const expected = await rawRequest(plain.base, 'GET', '/nope');
    const got = await rawRequest(through.base, 'GET', '/nope');
    expect(expected.status).toBe(404);
    expect(got.status).toBe(404);
    expect(got.body.toString()).toBe(expected.body.toString());
    expect(got.body.toString()).toMatch(isExpress(host) ? /Cannot GET \/nope/ : /^Not Found$/);
    const strip = (h: [string, string][]) => h.filter(([n]) => n !== 'date').sort();
    expect(strip(got.headers)).toEqual(strip(expected.headers));
  });

  it('decorated: the 404 keeps its body and Content-Length, plus the header', async () => {
    const got = await rawRequest(deco.base, 'GET', '/nope');
    expect(got.status).toBe(404);
    expect(values(got.headers, 'x-mw')).toEqual(['decorated']);
    expect(values(got.headers, 'content-length')).toEqual([String(got.body.length)]);
    expect(got.body.toString()).toMatch(isExpress(host) ? /Cannot GET \/nope/ : /^Not Found$/);
  });
});

describeEachHost('HEAD, 204 and 304 from the host on %s', (host) => {
  const servers: Record<string, Served> = {};
  const after = (app: unknown) => {
    if (host === 'node') {
      plainRoute(app, '/page', (req, res) => {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.setHeader('etag', '"v1"');
        if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
        res.setHeader('content-length', String('hello host'.length));
        res.end(req.method === 'HEAD' ? undefined : 'hello host');
      });
      plainRoute(app, '/empty', (_req, res) => res.writeHead(204).end());
    } else if (isExpress(host)) {
      expressRoute(app, '/page', (_req, res) => res.send('hello host'));
      expressRoute(app, '/empty', (_req, res) => res.status(204).end());
    } else {
      koaRoute(app, '/page', (ctx) => {
        ctx.body = 'hello host';
        ctx.set('ETag', '"v1"');
        if (ctx.fresh) ctx.status = 304;
      });
      koaRoute(app, '/empty', (ctx) => (ctx.status = 204));
    }
  };
  beforeAll(async () => {
    servers.decorated = await start(host, { routes: {}, middleware: decorated }, { after });
    servers.redact = await start(host, { routes: {}, middleware: redact }, { after });
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });

  it.each(['decorated', 'redact'])('HEAD (%s): no body, the GET headers', async (name) => {
    const base = servers[name]!.base;
    const head = await rawRequest(base, 'HEAD', '/page');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(values(head.headers, 'content-type')[0]).toMatch(/text\/(html|plain)/);
    if (name === 'decorated') {
      expect(values(head.headers, 'x-mw')).toEqual(['decorated']);
      expect(values(head.headers, 'content-length')).toEqual([String('hello host'.length)]);
    }
    // The connection is still usable: a GET on a fresh one works (nothing left hanging).
    const get = await request(base).get('/page');
    expect(get.text).toBe('hello host');
  });

  it('HEAD over keep-alive: the next request on the same socket gets its own response', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const one = (method: string) =>
        new Promise<{ status: number; body: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
          const req = http.request(`${servers.decorated!.base}/page`, { method, agent }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
          });
          req.on('error', reject);
          req.end();
        });
      const head = await one('HEAD');
      const get = await one('GET');
      expect([head.status, head.body]).toEqual([200, '']);
      expect([get.status, get.body, get.headers['x-mw']]).toEqual([200, 'hello host', 'decorated']);
    } finally {
      agent.destroy();
    }
  });

  it.each(['decorated'])('204 (%s): no body', async (name) => {
    const res = await rawRequest(servers[name]!.base, 'GET', '/empty');
    expect(res.status).toBe(204);
    expect(res.body.length).toBe(0);
    expect(values(res.headers, 'transfer-encoding')).toEqual([]);
    if (name === 'decorated') expect(values(res.headers, 'x-mw')).toEqual(['decorated']);
  });

  it('304 for a conditional GET (decorated): no body, the ETag kept', async () => {
    const base = servers.decorated!.base;
    const first = await rawRequest(base, 'GET', '/page');
    const etag = values(first.headers, 'etag')[0]!;
    expect(etag).toBeTruthy();
    const second = await rawRequest(base, 'GET', '/page', { 'If-None-Match': etag });
    expect(second.status).toBe(304);
    expect(second.body.length).toBe(0);
    expect(values(second.headers, 'etag')).toEqual([etag]);
    expect(values(second.headers, 'x-mw')).toEqual(['decorated']);
  });
});

describeEachHost('incremental delivery through decorating middleware on %s', (host) => {
  // An event stream: the client must get the first event while the host still holds the rest.
  let served: Served;
  let release = deferred();
  let dir: string;
  const big = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) % 256;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'around-pass-'));
    fs.writeFileSync(path.join(dir, 'big.bin'), big);
    served = await start(host, { routes: {}, middleware: decorated }, {
      after(app) {
        if (host === 'node') {
          plainRoute(app, '/events', (_req, res) => {
            res.setHeader('content-type', 'text/event-stream');
            res.flushHeaders();
            res.write('data: first\n\n');
            void release.promise.then(() => res.end('data: last\n\n'));
          });
          plainRoute(app, '/file', (_req, res) => {
            res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(big.length) });
            pipeline(fs.createReadStream(path.join(dir, 'big.bin')), res, () => {});
          });
          plainRoute(app, '/echo', (req, res) => {
            let body = '';
            req.setEncoding('utf8');
            req.on('data', (c: string) => (body += c));
            req.on('end', () => {
              res.setHeader('content-type', 'application/json');
              res.end(JSON.stringify({ body, type: req.headers['content-type'] }));
            });
          });
        } else if (isExpress(host)) {
          expressRoute(app, '/events', (_req, res) => {
            res.setHeader('content-type', 'text/event-stream');
            res.flushHeaders();
            res.write('data: first\n\n');
            void release.promise.then(() => res.end('data: last\n\n'));
          });
          expressRoute(app, '/file', (_req, res, next) => res.sendFile(path.join(dir, 'big.bin'), (err?: Error) => err && next(err)));
          expressRoute(app, '/echo', (req, res) => {
            let body = '';
            req.setEncoding('utf8');
            req.on('data', (c: string) => (body += c));
            req.on('end', () => res.json({ body, type: req.headers['content-type'] }));
          });
        } else {
          koaRoute(app, '/events', (ctx) => {
            const stream = new PassThrough();
            ctx.type = 'text/event-stream';
            ctx.body = stream;
            stream.write('data: first\n\n');
            void release.promise.then(() => stream.end('data: last\n\n'));
          });
          koaRoute(app, '/file', (ctx) => {
            ctx.type = 'application/octet-stream';
            ctx.length = big.length;
            ctx.body = fs.createReadStream(path.join(dir, 'big.bin'));
          });
          koaRoute(app, '/echo', async (ctx) => {
            let body = '';
            ctx.req.setEncoding('utf8');
            for await (const c of ctx.req) body += c;
            ctx.body = { body, type: ctx.get('content-type') };
          });
        }
      },
    });
  });
  afterAll(async () => {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the first event arrives before the host ends the stream', async () => {
    release = deferred();
    const { res, req } = await new Promise<{ res: http.IncomingMessage; req: http.ClientRequest }>((resolve, reject) => {
      const req = http.get(`${served.base}/events`, { agent: false }, (res) => resolve({ res, req }));
      req.on('error', reject);
    });
    try {
      expect(res.headers['x-mw']).toBe('decorated');
      expect(res.headers['content-type']).toMatch(/text\/event-stream/);
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      while (!text.includes('first')) await new Promise((r) => res.once('data', r));
      expect(text).toBe('data: first\n\n');
      release.resolve();
      await new Promise((r) => res.once('end', r));
      expect(text).toBe('data: first\n\ndata: last\n\n');
    } finally {
      release.resolve();
      req.destroy();
    }
  });

  it('a 1 MiB file (Express sendFile / Koa file stream) passes through whole, with its Content-Length', async () => {
    const raw = await rawRequest(served.base, 'GET', '/file');
    expect(raw.status).toBe(200);
    expect(values(raw.headers, 'x-mw')).toEqual(['decorated']);
    expect(values(raw.headers, 'content-length')).toEqual([String(big.length)]);
    expect(raw.body.equals(big)).toBe(true);
  });

  it('a request body middleware leaves unread reaches the host intact', async () => {
    const res = await request(served.base).post('/echo').type('json').send({ hello: 'host', n: [1, 2] });
    expect(res.status).toBe(200);
    expect(res.headers['x-mw']).toBe('decorated');
    expect(res.body).toEqual({ body: '{"hello":"host","n":[1,2]}', type: 'application/json' });
  });
});

describeEachHost('a host response passed on unread is never turned into a web stream on %s', (host) => {
  // The captured Response builds its body only when something reads it: decorating headers
  // and returning it must leave it untouched (the host's bytes go out as the host wrote them).
  const seen: Response[] = [];
  const hostRoute = (app: unknown) => {
    if (host === 'node') plainRoute(app, '/text', (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('host text'));
    else if (isExpress(host)) expressRoute(app, '/text', (_req, res) => res.type('text/plain').send('host text'));
    else koaRoute(app, '/text', (ctx) => ((ctx.type = 'text/plain'), (ctx.body = 'host text')));
  };
  const watching: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    response.headers.set('x-mw', 'decorated');
    seen.push(response);
    return response;
  };
  const reading: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    const text = await response.text();
    return new Response(`${text}, read`, { headers: response.headers });
  };
  let servers: Served[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('decorated and returned: sent as the host wrote it, body never made', async () => {
    const served = await start(host, { routes: {}, middleware: watching }, { after: hostRoute });
    servers.push(served);
    const res = await request(served.base).get('/text');
    expect([res.status, res.headers['x-mw'], res.text]).toEqual([200, 'decorated', 'host text']);
    expect(seen).toHaveLength(1);
    expect(isBodyUntouched(seen[0]!)).toBe(true);
  });

  it('read by the middleware: the body is made then, with the host bytes', async () => {
    const served = await start(host, { routes: {}, middleware: reading }, { after: hostRoute });
    servers.push(served);
    const res = await request(served.base).get('/text');
    expect([res.status, res.text]).toEqual([200, 'host text, read']);
  });
});
