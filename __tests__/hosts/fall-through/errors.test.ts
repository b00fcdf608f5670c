import { pipeline } from 'node:stream';
import request from 'supertest';
import type { MiddlewareHandler } from '../../../lib/types';
import { describeEachHost, expressRoute, koaRoute, type Served } from '../../helpers/hosts';
import { rawRequest, values } from '../../helpers/raw';
import { counted } from '../../helpers/streams';
import { start } from './support';

// Errors around the host: what the host's error handling makes of a host error, and what
// happens to an error the middleware throws after the host already ran.

let errorSpy: jest.SpyInstance;
beforeEach(() => {
  errorSpy = jest.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => errorSpy.mockRestore());

interface Seen {
  status?: number;
  text?: string;
  error?: unknown;
}

describeEachHost('errors around Express handlers on %s', (host) => {
  let seen: Seen;
  const observe: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    seen.status = response.status;
    seen.text = await response.clone().text();
    response.headers.set('x-mw', 'saw');
    return response;
  };
  const throwAfter: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    seen.status = response.status;
    throw new Error('middleware failed after next()');
  };
  const hostRoutes = (app: unknown) => {
    expressRoute(app, '/throws', () => {
      throw new Error('host boom');
    });
    expressRoute(app, '/page', (_req, res) => {
      res.cookie('host', '1');
      res.send('host page');
    });
    expressRoute(app, '/stream', (_req, res) => {
      pipeline(counted(512, 64 * 1024).stream, res, () => {});
    });
  };
  let observing: Served;
  let observingBare: Served;
  let throwing: Served;
  beforeAll(async () => {
    observing = await start(host, { routes: {}, middleware: observe }, { after: hostRoutes });
    observingBare = await start(host, { routes: {}, middleware: observe }, { after: hostRoutes, bare: true });
    throwing = await start(host, { routes: {}, middleware: throwAfter }, { after: hostRoutes });
  });
  afterAll(async () => {
    await observing.close();
    await observingBare.close();
    await throwing.close();
  });
  beforeEach(() => (seen = {}));

  it("a host handler's error goes to the app's error handler, whose 500 is what next() resolves to", async () => {
    const res = await request(observing.base).get('/throws');
    expect(seen).toEqual({ status: 500, text: 'host error: host boom' });
    expect(res.status).toBe(500);
    expect(res.text).toBe('host error: host boom');
    expect(res.headers['x-mw']).toBe('saw');
  });

  it("without an error handler of the app's own, Express's default 500 page is what next() resolves to", async () => {
    const res = await request(observingBare.base).get('/throws');
    expect(seen.status).toBe(500);
    expect(seen.text).toMatch(/host boom/);
    expect(res.status).toBe(500);
    expect(res.text).toBe(seen.text);
    expect(res.headers['x-mw']).toBe('saw');
  });

  it('middleware that throws after next(): the client gets a 500, the error is logged, the server keeps serving', async () => {
    const raw = await rawRequest(throwing.base, 'GET', '/page');
    expect(seen.status).toBe(200);
    expect(raw.status).toBe(500);
    expect(raw.body.toString()).toBe('Internal Server Error');
    // None of the host's response leaks into the 500.
    expect(values(raw.headers, 'set-cookie')).toEqual([]);
    expect(errorSpy).toHaveBeenCalledWith(expect.stringContaining('[astro-bridge] Error: middleware failed after next()'));
    const again = await request(observing.base).get('/page');
    expect(again.status).toBe(200);
  });

  it('middleware that throws after next() while the host still streams: 500, the host is released', async () => {
    const raw = await rawRequest(throwing.base, 'GET', '/stream');
    expect(raw.status).toBe(500);
    expect(raw.body.toString()).toBe('Internal Server Error');
    const again = await request(throwing.base).get('/stream').buffer(false);
    expect(again.status).toBe(500);
  });
}, {
  skip: {
    koa: 'Express error handlers (4-arity, default 500 page); Koa is the next block',
    node: 'node:http: a throw after next() is in fall-through/node-listener',
  },
});

describeEachHost('errors around Koa downstream on %s', (host) => {
  let seen: Seen;
  const observe: MiddlewareHandler = async (_context, next) => {
    try {
      const response = await next();
      seen.status = response.status;
      return response;
    } catch (error) {
      seen.error = error;
      throw error;
    }
  };
  const recover: MiddlewareHandler = async (_context, next) => {
    try {
      return await next();
    } catch (error) {
      return new Response(`recovered: ${(error as Error).message}`, { status: 503 });
    }
  };
  const throwAfter: MiddlewareHandler = async (_context, next) => {
    const response = await next();
    seen.status = response.status;
    throw Object.assign(new Error('middleware failed after next()'), { status: 502, expose: true });
  };
  const hostRoutes = (app: unknown) => {
    koaRoute(app, '/throws', () => {
      throw new Error('host boom');
    });
    koaRoute(app, '/page', (ctx) => {
      ctx.cookies.set('host', '1');
      ctx.body = 'host page';
    });
  };
  const servers: Record<string, Served> = {};
  let appErrors: unknown[] = [];
  beforeAll(async () => {
    servers.observe = await start(host, { routes: {}, middleware: observe }, { after: hostRoutes });
    servers.recover = await start(host, { routes: {}, middleware: recover }, { after: hostRoutes });
    servers.throwing = await start(host, { routes: {}, middleware: throwAfter }, { after: hostRoutes });
    servers.throwingBare = await start(host, { routes: {}, middleware: throwAfter }, { after: hostRoutes, bare: true });
    servers.throwingBare.app.silent = false;
    servers.throwingBare.app.on('error', (err: unknown) => appErrors.push(err));
  });
  afterAll(async () => {
    for (const s of Object.values(servers)) await s.close();
  });
  beforeEach(() => {
    seen = {};
    appErrors = [];
  });

  it("a downstream error rejects the middleware's next() and reaches Koa's error handling", async () => {
    const res = await request(servers.observe!.base).get('/throws');
    expect((seen.error as Error).message).toBe('host boom');
    expect(res.status).toBe(500);
    expect(res.text).toBe('host error: host boom');
  });

  it('middleware can catch a downstream error and answer itself', async () => {
    const res = await request(servers.recover!.base).get('/throws');
    expect(res.status).toBe(503);
    expect(res.text).toBe('recovered: host boom');
  });

  it("middleware that throws after next(): the error goes to the app's error middleware", async () => {
    const res = await request(servers.throwing!.base).get('/page');
    expect(seen.status).toBe(200);
    expect(res.status).toBe(502);
    expect(res.text).toBe('host error: middleware failed after next()');
  });

  it("middleware that throws after next(): Koa's default error handling answers and emits 'error'", async () => {
    const raw = await rawRequest(servers.throwingBare!.base, 'GET', '/page');
    expect(raw.status).toBe(502);
    expect(raw.body.toString()).toBe('middleware failed after next()');
    // Koa's onerror drops the headers downstream set: the host's cookie does not leak.
    expect(values(raw.headers, 'set-cookie')).toEqual([]);
    expect(appErrors).toEqual([expect.objectContaining({ message: 'middleware failed after next()' })]);
  });
}, {
  skip: {
    express: 'Koa downstream rejections and app error events; Express is the block above',
    node: 'node:http: a throw after next() is in fall-through/node-listener',
  },
});
