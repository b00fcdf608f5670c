import http from 'node:http';
import request from 'supertest';
import type { MiddlewareHandler } from '../../../lib/types';
import { serve, type NodeApp } from '../../helpers/hosts';
import { rawRequest, values } from '../../helpers/raw';
import { redact } from './support';

// The plain node:http listener used as `listener(req, res, next)`: `next` is the host, and
// middleware runs around what it writes, as with Express.

interface NodeServed {
  base: string;
  calls: string[];
  close(): Promise<void>;
}

async function serveNode(middleware: MiddlewareHandler, host: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<NodeServed> {
  const calls: string[] = [];
  const served = await serve(
    'node',
    { routes: {}, middleware },
    {
      after: (app: NodeApp) =>
        app.use((req, res) => {
          calls.push(req.url ?? '');
          host(req, res);
        }),
      fallThrough: false,
      errors: 'none',
    },
  );
  (served.app as NodeApp).onError = (err, _req, res) => {
    res.statusCode = 500;
    res.end(`next(err): ${(err as Error).message}`);
  };
  return { base: served.base, calls, close: served.close };
}

const hostPage = (req: http.IncomingMessage, res: http.ServerResponse) => {
  if (req.url === '/streamed') {
    res.writeHead(200, { 'content-type': 'text/plain', 'set-cookie': ['host=1'] });
    res.write('PRIVATE ');
    setTimeout(() => res.end('INFO!'), 5);
    return;
  }
  res.setHeader('set-cookie', 'host=1; Path=/');
  res.setHeader('content-type', 'text/html');
  res.setHeader('content-length', String(Buffer.byteLength(`<p>${req.url}: PRIVATE INFO</p>`)));
  res.end(`<p>${req.url}: PRIVATE INFO</p>`);
};

describe('createRequestListener with a next() host', () => {
  const servers: NodeServed[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const make = async (middleware: MiddlewareHandler) => {
    const s = await serveNode(middleware, hostPage);
    servers.push(s);
    return s;
  };

  it('guard: a redirect before next() answers 302 and never calls next', async () => {
    const s = await make((context, next) => (context.url.pathname.startsWith('/admin') ? context.redirect('/login') : next()));
    const res = await request(s.base).get('/admin/x');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/login');
    expect(s.calls).toEqual([]);
    const ok = await request(s.base).get('/open');
    expect(ok.text).toBe('<p>/open: PRIVATE INFO</p>');
    expect(s.calls).toEqual(['/open']);
  });

  it("decorate: the host's status, body and cookie, plus the middleware's header and cookie", async () => {
    const s = await make(async (_context, next) => {
      const response = await next();
      response.headers.set('x-mw', '1');
      response.headers.append('set-cookie', 'mw=1');
      return response;
    });
    const res = await rawRequest(s.base, 'GET', '/page');
    expect(res.status).toBe(200);
    expect(res.body.toString()).toBe('<p>/page: PRIVATE INFO</p>');
    expect(values(res.headers, 'x-mw')).toEqual(['1']);
    expect(values(res.headers, 'set-cookie')).toEqual(['host=1; Path=/', 'mw=1']);
    expect(values(res.headers, 'content-length')).toEqual([String(res.body.length)]);
    const streamed = await request(s.base).get('/streamed');
    expect(streamed.text).toBe('PRIVATE INFO!');
    expect(streamed.headers['set-cookie']).toEqual(['host=1', 'mw=1']);
  });

  it('redact: the host body rewritten, with a right Content-Length; a streamed one too', async () => {
    const s = await make(redact);
    const res = await rawRequest(s.base, 'GET', '/page');
    expect(res.body.toString()).toBe('<p>/page: REDACTED</p>');
    expect(values(res.headers, 'content-length')).toEqual([String(res.body.length)]);
    // The host's cookie survives the rewrite (the middleware copied the headers).
    expect(values(res.headers, 'set-cookie')).toEqual(['host=1; Path=/']);
    const streamed = await request(s.base).get('/streamed');
    expect(streamed.text).toBe('REDACTED!');
  });

  it('next(path) re-targets the host: req.url is the rewritten path', async () => {
    const s = await make((context, next) => (context.url.pathname === '/old' ? next('/new?q=1') : next()));
    const res = await request(s.base).get('/old');
    expect(res.text).toBe('<p>/new?q=1: PRIVATE INFO</p>');
    expect(s.calls).toEqual(['/new?q=1']);
  });

  it('locals start empty per request and are not shared between requests', async () => {
    const seen: unknown[] = [];
    const s = await make(async (context, next) => {
      seen.push({ ...context.locals });
      (context.locals as Record<string, unknown>).x = 1;
      return next();
    });
    await request(s.base).get('/a');
    await request(s.base).get('/b');
    expect(seen).toEqual([{}, {}]);
  });

  // KNOWN BUG in lib/node/listener.ts (outside this suite's files): once the host has written its
  // head (captured), `res.headersSent` is true, so an error the middleware throws after next()
  // goes to the default onError, which destroys the socket without a word — no 500 (Express
  // answers one), nothing logged; before the host's head it calls `next(err)` although `next`
  // already ran. Turn into `it` once fixed.
  it('middleware that throws after next(): the client gets a 500, as with Express', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const s = await make(async (_context, next) => {
        await next();
        throw new Error('middleware failed after next()');
      });
      const res = await rawRequest(s.base, 'GET', '/page');
      expect(res.status).toBe(500);
      expect(values(res.headers, 'set-cookie')).toEqual([]);
    } finally {
      errors.mockRestore();
    }
  });
});
