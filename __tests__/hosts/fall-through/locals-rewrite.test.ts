import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { MiddlewareHandler } from '../../../lib/types';
import { describeEachHost, expressRoute, isExpress, koaRoute, type Served } from '../../helpers/hosts';
import { start } from './support';

// `locals` is the host's per-request object (Express res.locals, Koa ctx.state), both ways;
// `next(path)` / `context.rewrite(path)` to a path no route owns re-targets the host.

describeEachHost('locals shared with the host on %s', (host) => {
  let served: Served;
  let dir: string;
  const astroSaw: Record<string, unknown>[] = [];
  let astroLocals: object | undefined;
  const middleware: MiddlewareHandler = async (context, next) => {
    const locals = context.locals as Record<string, unknown>;
    astroLocals = locals;
    astroSaw.push({ a: locals.a });
    locals.b = `${String(locals.a)} + astro`;
    const response = await next();
    // What the host handler put there after the renderer.
    response.headers.set('x-host-c', String(locals.c));
    return response;
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'around-locals-'));
    fs.writeFileSync(path.join(dir, 'view.tpl'), 'view: a={{a}} b={{b}}');
    served = await start(host, { routes: {}, middleware }, {
      before(app) {
        if (isExpress(host)) {
          app.engine('tpl', (file: string, locals: Record<string, unknown>, cb: (e: unknown, s?: string) => void) =>
            cb(null, fs.readFileSync(file, 'utf8').replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(locals[k]))),
          );
          app.set('views', dir);
          app.set('view engine', 'tpl');
          app.use((_req: unknown, res: { locals: Record<string, unknown> }, next: () => void) => {
            res.locals.a = 'express-before';
            next();
          });
        } else {
          app.use(async (ctx: { state: Record<string, unknown> }, next: () => Promise<void>) => {
            ctx.state.a = 'koa-before';
            await next();
          });
        }
      },
      after(app) {
        if (isExpress(host)) {
          expressRoute(app, '/json', (_req, res) => {
            res.locals.c = 'express-after';
            res.json({ b: res.locals.b, same: res.locals === astroLocals });
          });
          expressRoute(app, '/view', (_req, res) => res.render('view'));
        } else {
          koaRoute(app, '/json', (ctx) => {
            ctx.state.c = 'koa-after';
            ctx.body = { b: ctx.state.b, same: ctx.state === astroLocals };
          });
        }
      },
    });
  });
  afterAll(async () => {
    await served.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    astroSaw.length = 0;
    astroLocals = undefined;
  });

  it('host → astro → host: middleware reads what the host set before it; the host handler after reads what middleware set', async () => {
    const res = await request(served.base).get('/json');
    const a = isExpress(host) ? 'express-before' : 'koa-before';
    expect(astroSaw).toEqual([{ a }]);
    expect(res.body).toEqual({ b: `${a} + astro`, same: true });
    // And back: after next(), middleware sees what the handler set.
    expect(res.headers['x-host-c']).toBe(isExpress(host) ? 'express-after' : 'koa-after');
  });

  it('one object per request: a second request starts fresh', async () => {
    await request(served.base).get('/json');
    const first = astroLocals;
    await request(served.base).get('/json');
    expect(astroLocals).not.toBe(first);
    expect(astroSaw).toHaveLength(2);
  });

  if (isExpress(host)) {
    it("Express views see middleware's locals (res.render merges res.locals)", async () => {
      const res = await request(served.base).get('/view');
      expect(res.text).toBe('view: a=express-before b=express-before + astro');
    });
  }
}, {
  skip: {
    node: 'node:http has no per-request host object to share; its locals start empty per request (fall-through/node-listener)',
  },
});

describeEachHost('rewrites into the host on %s', (host) => {
  let served: Served;
  let hostSaw: { handler: string; url: string; path: string; originalUrl: string; query?: unknown }[];
  const middleware: MiddlewareHandler = async (context, next) => {
    const { pathname } = context.url;
    if (pathname === '/old') return next('/other');
    if (pathname === '/old-query') return next('/other?x=1');
    if (pathname === '/via-rewrite') return context.rewrite('/other');
    if (pathname === '/to-route') return next('/astro');
    const response = await next();
    response.headers.set('x-mw-saw', pathname);
    return response;
  };

  beforeAll(async () => {
    served = await start(
      host,
      { routes: { '/astro': { GET: (ctx) => new Response(`astro route for ${ctx.url.pathname}`) } }, middleware },
      {
        after(app) {
          for (const p of ['/old', '/old-query', '/via-rewrite', '/to-route', '/other']) {
            if (isExpress(host)) {
              expressRoute(app, p, (req, res) => {
                hostSaw.push({ handler: p, url: req.url, path: req.path, originalUrl: req.originalUrl, query: { ...req.query } });
                res.send(`host ${p}`);
              });
            } else {
              koaRoute(app, p, (ctx) => {
                hostSaw.push({ handler: p, url: ctx.url, path: ctx.path, originalUrl: ctx.originalUrl, query: { ...ctx.query } });
                ctx.body = `host ${p}`;
              });
            }
          }
        },
      },
    );
  });
  afterAll(() => served.close());
  beforeEach(() => (hostSaw = []));

  it("next('/other') for an unmatched path: the host's /other handler answers, the /old one never runs", async () => {
    const res = await request(served.base).get('/old');
    expect(res.status).toBe(200);
    expect(res.text).toBe('host /other');
    expect(hostSaw).toEqual([expect.objectContaining({ handler: '/other', url: '/other', path: '/other', originalUrl: '/old' })]);
  });

  it('a rewrite with a query string: the host routes the path and sees the new query (req.query / ctx.query too)', async () => {
    const res = await request(served.base).get('/old-query?y=2');
    expect(res.text).toBe('host /other');
    expect(hostSaw).toEqual([{ handler: '/other', url: '/other?x=1', path: '/other', originalUrl: '/old-query?y=2', query: { x: '1' } }]);
  });

  it("context.rewrite('/other'): the middleware runs again for /other, then the host answers it", async () => {
    const res = await request(served.base).get('/via-rewrite');
    expect(res.text).toBe('host /other');
    // The second pass of the middleware decorated the host's /other response.
    expect(res.headers['x-mw-saw']).toBe('/other');
    expect(hostSaw).toEqual([expect.objectContaining({ handler: '/other', path: '/other' })]);
  });

  it('a rewrite to a path an Astro route owns renders the route; the host never runs', async () => {
    const res = await request(served.base).get('/to-route');
    expect(res.text).toBe('astro route for /astro');
    expect(hostSaw).toEqual([]);
  });

  it('without a rewrite the host sees its own path', async () => {
    const res = await request(served.base).get('/other');
    expect(res.text).toBe('host /other');
    expect(res.headers['x-mw-saw']).toBe('/other');
    expect(hostSaw).toEqual([expect.objectContaining({ handler: '/other', url: '/other', originalUrl: '/other' })]);
  });
}, {
  skip: {
    node: 'asserts Express/Koa req.originalUrl and parsed query, which node:http lacks; its rewrite of req.url is in fall-through/node-listener',
  },
});

describeEachHost('rewrites into the host under a mount path on %s', (host) => {
  let served: Served;
  let hostSaw: { handler: string; url: string; originalUrl: string }[];
  const seenByAstro: string[] = [];
  const middleware: MiddlewareHandler = (context, next) => {
    seenByAstro.push(context.url.pathname);
    if (context.url.pathname === '/app/old') return next('/app/other');
    return next();
  };
  beforeAll(async () => {
    served = await start(host, { routes: {}, middleware }, {
      mountPath: '/app',
      after(app) {
        for (const p of ['/app/old', '/app/other', '/other']) {
          expressRoute(app, p, (req, res) => {
            hostSaw.push({ handler: p, url: req.url, originalUrl: req.originalUrl });
            res.send(`host ${p}`);
          });
        }
      },
    });
  });
  afterAll(() => served.close());
  beforeEach(() => {
    hostSaw = [];
    seenByAstro.length = 0;
  });

  it("next('/app/other') under app.use('/app', renderer()): the app's /app/other handler answers", async () => {
    const res = await request(served.base).get('/app/old');
    expect(seenByAstro).toEqual(['/app/old']);
    expect(res.text).toBe('host /app/other');
    expect(hostSaw).toEqual([{ handler: '/app/other', url: '/app/other', originalUrl: '/app/old' }]);
  });

  it('paths outside the mount never reach the renderer', async () => {
    const res = await request(served.base).get('/other');
    expect(res.text).toBe('host /other');
    expect(seenByAstro).toEqual([]);
  });
}, {
  skip: {
    koa: 'Express app.use(path, renderer()): Koa mounting is in hosts/routing (mounted below /app)',
    node: 'node:http has no mount path',
  },
});
