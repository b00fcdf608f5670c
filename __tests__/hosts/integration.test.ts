import type { IncomingMessage, ServerResponse } from 'node:http';
import request from 'supertest';
import { describeEachHost, expressOf, isExpress, readText, serve, type HostApp, type HostName, type Served } from '../helpers/hosts';
import { rawPath } from '../helpers/http-client';
import type { APIContext, RendererOptions } from '../../lib/types';

/* eslint-disable @typescript-eslint/no-require-imports */
const koaBodyParser = require('koa-bodyparser');
/* eslint-enable @typescript-eslint/no-require-imports */

type Locals = { user?: string; self?: unknown; fromEndpoint?: string };

const options: RendererOptions = {
  routes: {
    '/throws': {
      GET: () => {
        throw new Error('boom');
      },
    },
    '/throws-async': {
      GET: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        throw new Error('async boom');
      },
    },
    '/rejects': { GET: () => Promise.reject(new TypeError('rejected')) },
    '/teapot': {
      GET: () => {
        throw Object.assign(new Error('short and stout'), { status: 418 });
      },
    },
    '/not-a-response': { GET: (() => ({ ok: true })) as never },
    '/undefined': { POST: (() => undefined) as never },
    '/locals': {
      GET: ({ locals }: APIContext) => {
        const l = locals as Locals;
        l.fromEndpoint = 'set by the endpoint';
        return Response.json({ user: l.user ?? null, same: l.self === locals });
      },
    },
    '/reassign': {
      GET: (context: APIContext) => {
        (context as { locals: unknown }).locals = {};
        return new Response('unreachable');
      },
    },
    '/posts/[id]': { GET: ({ params }) => new Response(`post ${params.id}`) },
    '/admin/[page]': { GET: ({ params }) => new Response(`secret ${params.page}`) },
  },
};

// What the host saw of locals after the endpoint answered.
const seen: unknown[] = [];

// Host middleware before the renderer: puts a value into res.locals / ctx.state, and records
// what the endpoint left there once the response is done.
function hostLocals(host: HostName) {
  if (isExpress(host)) {
    return (app: HostApp) =>
      app.use((_req: unknown, res: { locals: Locals; on(e: string, f: () => void): void }, next: () => void) => {
        res.locals.user = 'ada';
        res.locals.self = res.locals;
        res.on('finish', () => seen.push(res.locals.fromEndpoint));
        next();
      });
  }
  return (app: HostApp) =>
    app.use(async (ctx: { state: Locals }, next: () => Promise<void>) => {
      ctx.state.user = 'ada';
      ctx.state.self = ctx.state;
      await next();
      seen.push(ctx.state.fromEndpoint);
    });
}

// Host routes after the renderer, parsing the body themselves: the renderer must not have read it.
function hostRoutes(host: HostName) {
  if (host === 'node') {
    return (app: HostApp) =>
      app.use(async (req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (req.method !== 'POST' || (path !== '/host/json' && path !== '/posts/1/edit')) return next();
        const text = await readText(req);
        const body = path === '/host/json' ? JSON.parse(text) : Object.fromEntries(new URLSearchParams(text));
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(path === '/host/json' ? { body, url: req.url } : { body }));
      });
  }
  if (isExpress(host)) {
    const express = expressOf(host);
    return (app: HostApp) => {
      app.post('/host/json', express.json(), (req: { body: unknown; originalUrl: string }, res: { json(v: unknown): void }) =>
        res.json({ body: req.body, url: req.originalUrl }),
      );
      // A path inside the renderer's route space that no route owns (`/posts/[id]` has no POST… and no `/posts/1/edit`).
      app.post('/posts/1/edit', express.urlencoded({ extended: false }), (req: { body: unknown }, res: { json(v: unknown): void }) =>
        res.json({ body: req.body }),
      );
    };
  }
  const parse = koaBodyParser();
  return (app: HostApp) =>
    app.use(async (ctx: { path: string; method: string; originalUrl: string; request: { body?: unknown }; body: unknown }, next: () => Promise<void>) => {
      if (ctx.method !== 'POST' || (ctx.path !== '/host/json' && ctx.path !== '/posts/1/edit')) return next();
      await parse(ctx, async () => {});
      ctx.body = ctx.path === '/host/json' ? { body: ctx.request.body, url: ctx.originalUrl } : { body: ctx.request.body };
    });
}

describeEachHost('errors on %s', (host) => {
  let app: Served;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    app = await serve(host, options, { fallThrough: true });
  });
  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await app.close();
  });

  it("hands a thrown error to the host's error handler", async () => {
    await request(app.base).get('/throws').expect(500, 'host error: Error: boom');
  });

  it("hands an async throw and a rejected promise to the host's error handler", async () => {
    await request(app.base).get('/throws-async').expect(500, 'host error: Error: async boom');
    await request(app.base).get('/rejects').expect(500, 'host error: TypeError: rejected');
  });

  it('passes the error itself, its status included', async () => {
    await request(app.base).get('/teapot').expect(418, 'host error: Error: short and stout');
  });

  it('reports a handler that returned no Response as EndpointDidNotReturnAResponse', async () => {
    const res = await request(app.base).get('/not-a-response').expect(500);
    expect(res.text).toMatch(/^host error: EndpointDidNotReturnAResponse: The GET handler of the route '\/not-a-response' returned an object/);
    const post = await request(app.base).post('/undefined').send('x').expect(500);
    expect(post.text).toMatch(/^host error: EndpointDidNotReturnAResponse: The POST handler of the route '\/undefined' returned undefined/);
  });

  it('reports reassigning locals as LocalsReassigned', async () => {
    const res = await request(app.base).get('/reassign').expect(500);
    expect(res.text).toMatch(/^host error: LocalsReassigned: /);
  });

  it('leaves no unhandled rejection behind and keeps serving', async () => {
    await Promise.all([
      request(app.base).get('/throws-async').expect(500),
      request(app.base).get('/rejects').expect(500),
      request(app.base).get('/not-a-response').expect(500),
    ]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    await request(app.base).get('/posts/7').expect(200, 'post 7');
  });
});

describeEachHost('fall-through on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options, { after: hostRoutes(host) });
  });
  afterAll(() => app.close());

  it('hands unmatched paths to the host', async () => {
    await request(app.base).get('/nowhere?x=1').expect(404, 'host fall-through');
    await request(app.base).get('/posts/1/extra').expect(404, 'host fall-through');
    await request(app.base).delete('/nowhere').expect(404, 'host fall-through');
  });

  it('leaves an unmatched POST body unread for the host to parse, URL untouched', async () => {
    const res = await request(app.base).post('/host/json?a=1&a=2').send({ hello: 'host', n: [1, 2] }).expect(200);
    expect(res.body).toEqual({ body: { hello: 'host', n: [1, 2] }, url: '/host/json?a=1&a=2' });
  });

  it('leaves a form body unread below a route prefix', async () => {
    const res = await request(app.base).post('/posts/1/edit').type('form').send('title=Hi+there').expect(200);
    expect(res.body).toEqual({ body: { title: 'Hi there' } });
  });
});

describeEachHost('locals on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options, { before: hostLocals(host) });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('is the host request state: res.locals in Express, ctx.state in Koa', async () => {
    const res = await request(app.base).get('/locals').expect(200);
    expect(res.body).toEqual({ user: 'ada', same: true });
    // What the endpoint added is on the host's own object.
    expect(seen).toEqual(['set by the endpoint']);
  });
}, {
  skip: {
    node: 'node:http keeps locals per request in the listener: there is no res.locals / ctx.state to share',
  },
});

// Host middleware guarding a path prefix, the way apps put auth in front of a section.
function adminGuard(host: HostName) {
  if (host === 'node') {
    return (app: HostApp) =>
      app.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        if (path !== '/admin' && !path.startsWith('/admin/')) return next();
        res.statusCode = 401;
        res.end('denied');
      });
  }
  if (isExpress(host)) {
    return (app: HostApp) =>
      app.use('/admin', (_req: unknown, res: { statusCode: number; end(text: string): void }) => {
        res.statusCode = 401;
        res.end('denied');
      });
  }
  return (app: HostApp) =>
    app.use(async (ctx: { path: string; status: number; body: unknown }, next: () => Promise<void>) => {
      if (ctx.path !== '/admin' && !ctx.path.startsWith('/admin/')) return next();
      ctx.status = 401;
      ctx.body = 'denied';
    });
}

describeEachHost('host path guards on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options, { before: adminGuard(host) });
  });
  afterAll(() => app.close());

  it('runs behind the host guard for the plain path', async () => {
    expect(await rawPath(app.base, '/admin/1')).toEqual({ status: 401, text: 'denied' });
  });

  // Express's and Koa's routing see the raw path: a guard on `/admin` never sees `/x/../admin/1`,
  // so the renderer must not serve it as `/admin/1` (it leaves such paths to the host).
  it.each(['/x/../admin/1', '/%2e%2e/admin/1', '/x\\..\\admin/1'])('is not bypassed by the dot-segment path %s', async (path) => {
    const res = await rawPath(app.base, path);
    expect(res.text).not.toContain('secret');
  });
});
