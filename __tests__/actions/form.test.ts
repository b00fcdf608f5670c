// Form actions without JavaScript, Post/Redirect/Get through a session, and server calls
// (callAction, orThrow) from middleware, pages and endpoints, on every host (Express 4/5, Koa 2/3, node:http).
import request from 'supertest';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { defineMiddleware, getActionContext, isActionError, isInputError } from '../../lib/index';
import type { SerializedActionResult } from '../../lib/index';
import type { APIContext } from '../../lib/types';
import { routes, server } from './_app';

const signup = 'email=a%40b.co&age=42&newsletter=on&tags=x&tags=y';

describeEachHost('form actions on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { routes, actions: server });
  });
  afterAll(() => app.close());

  it('runs the action named in ?_action= before the page, which reads the result in the same render', async () => {
    const res = await request(app.base).post('/signup?_action=signup').set('origin', app.base).type('form').send(signup).expect(200);
    expect(res.text).toContain('ok {"email":"a@b.co","age":42,"newsletter":true,"tags":["x","y"],"plan":"free"}');
  });

  it('gives the page the error status and the input error fields', async () => {
    const res = await request(app.base).post('/signup?_action=signup').set('origin', app.base).type('form').send('email=nope&age=x').expect(400);
    expect(res.text).toContain('error BAD_REQUEST fields=email,age');
  });

  it('answers an unknown action name with the page and a 404 result', async () => {
    // The page is not told about another action's result, but its status is the error's (as in Astro).
    const res = await request(app.base).post('/signup?_action=nope').set('origin', app.base).type('form').send(signup).expect(404);
    expect(res.text).toContain('<form');
    const endpoint = await request(app.base).post('/report?_action=nope').set('origin', app.base).type('form').send(signup).expect(200);
    expect(endpoint.body).toEqual({ result: null, other: null });
  });

  it('gives an endpoint the result of its own action only', async () => {
    const res = await request(app.base).post('/report?_action=echo').send({ name: 'Ada' }).expect(200);
    expect(res.body.result.data).toMatchObject({ hello: 'Ada' });
    expect(res.body.other).toBeNull();
  });

  it('leaves GET requests and POSTs without ?_action= alone', async () => {
    const get = await request(app.base).get('/signup?_action=signup').expect(200);
    expect(get.text).toContain('<form');
    const post = await request(app.base).post('/signup').set('origin', app.base).type('form').send(signup).expect(200);
    expect(post.text).toContain('<form');
  });

  it('leaves the request body to the page', async () => {
    const echo = await serve(host, {
      actions: server,
      routes: { '/echo': { POST: async (c: APIContext) => new Response(`${c.getActionResult(server.signup)?.data ? 'ran' : 'no'} ${await c.request.text()}`) } },
    });
    try {
      const res = await request(echo.base).post('/echo?_action=signup').set('origin', echo.base).type('form').send(signup).expect(200);
      expect(res.text).toBe(`ran ${signup}`);
    } finally {
      await echo.close();
    }
  });
});

// Astro's guide: run the action in middleware, keep the result in the session, redirect, and
// hand the result to the page on the following GET.
const prg = defineMiddleware(async (context, next) => {
  const { action, setActionResult, serializeActionResult } = getActionContext(context);
  const session = context.session!;
  const stored = (await session.get('actionResult')) as { name: string; result: SerializedActionResult } | undefined;
  if (stored) {
    setActionResult(stored.name, stored.result);
    session.delete('actionResult');
    return next();
  }
  if (action?.calledFrom === 'form') {
    const result = await action.handler();
    session.set('actionResult', { name: action.name, result: serializeActionResult(result) });
    return context.redirect(context.originPathname, 303);
  }
  return next();
});

describeEachHost('Post/Redirect/Get through a session on %s', (host) => {
  it('redirects after the post and shows the result once, on the next GET', async () => {
    const app = await serve(host, { routes, actions: server, session: {}, middleware: prg });
    try {
      const agent = request.agent(app.base);
      const post = await agent.post('/signup?_action=signup').set('origin', app.base).type('form').send(signup).expect(303);
      expect(post.headers.location).toBe('/signup');
      const page = await agent.get('/signup').expect(200);
      expect(page.text).toContain('ok {"email":"a@b.co"');
      const again = await agent.get('/signup').expect(200);
      expect(again.text).toContain('<form');
      const failed = await agent.post('/signup?_action=signup').set('origin', app.base).type('form').send('email=x').expect(303);
      expect(failed.headers.location).toBe('/signup');
      expect((await agent.get('/signup').expect(200)).text).toContain('error BAD_REQUEST');
    } finally {
      await app.close();
    }
  });
});

describeEachHost('server calls on %s', (host) => {
  const mw = defineMiddleware(async (context, next) => {
    if (context.url.pathname !== '/mw') return next();
    const { data, error } = await context.callAction(server.blog.like, { postId: 'from-mw' });
    return Response.json({ data, error: error ?? null });
  });
  const pageAndEndpoints = {
    '/page': {
      default: async (c: APIContext) => {
        const { data } = await c.callAction(server.echo, { name: 'Page' });
        return `<p>${data?.hello}</p>`;
      },
    },
    '/ok': { GET: async (c: APIContext) => Response.json(await c.callAction(server.echo.orThrow, { name: 'Ada' })) },
    '/bad': {
      GET: async (c: APIContext) => {
        const { error } = await c.callAction(server.echo, { name: 'A' });
        return Response.json({ input: isInputError(error), fields: isInputError(error) ? error.fields : null });
      },
    },
    '/throws': {
      GET: async (c: APIContext) => {
        try {
          await c.callAction(server.fail.orThrow, { code: 'TOO_MANY_REQUESTS' });
          return new Response('no');
        } catch (error) {
          return Response.json({ action: isActionError(error), status: (error as { status: number }).status });
        }
      },
    },
    '/direct': {
      GET: async () => {
        const direct = server.echo as unknown as (input: unknown) => Promise<unknown>;
        return direct({ name: 'Ada' }).then(() => new Response('ran'), (error: Error) => new Response(error.name));
      },
    },
  };
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { routes: pageAndEndpoints, actions: server, middleware: mw });
  });
  afterAll(() => app.close());

  it('callAction from middleware gets { data, error } with the context', async () => {
    const res = await request(app.base).get('/mw').expect(200);
    expect(res.body).toEqual({ data: { postId: 'from-mw', likes: 1, user: null }, error: null });
  });

  it('callAction from a page', async () => {
    expect((await request(app.base).get('/page').expect(200)).text).toContain('<p>Page</p>');
  });

  it('callAction(action.orThrow) from an endpoint resolves with the data', async () => {
    const res = await request(app.base).get('/ok').expect(200);
    expect(res.body).toMatchObject({ hello: 'Ada', when: new Date(0).toISOString() });
  });

  it('validates input on server calls too', async () => {
    const res = await request(app.base).get('/bad').expect(200);
    expect(res.body.input).toBe(true);
    expect(Object.keys(res.body.fields)).toEqual(['name']);
  });

  it('orThrow throws the ActionError', async () => {
    expect((await request(app.base).get('/throws').expect(200)).body).toEqual({ action: true, status: 429 });
  });

  it('refuses an action called without a context (ActionCalledFromServerError)', async () => {
    expect((await request(app.base).get('/direct').expect(200)).text).toBe('ActionCalledFromServerError');
  });
});

describeEachHost('a form action that fails on %s', (host) => {
  it('runs once, even when the /500 page renders after it', async () => {
    let runs = 0;
    const { defineAction } = await import('../../lib/index');
    const bad = defineAction({ handler: () => ({ runs: ++runs, fn: () => 1 }) });
    const app = await serve(host, {
      actions: { bad },
      routes: { '/p': { default: () => 'page' }, '/500': { default: (c: APIContext) => `500: ${(c.props.error as Error).name}` } },
    });
    try {
      const res = await request(app.base).post('/p?_action=bad').set('content-type', 'application/json').send('{}').expect(500);
      expect(res.text).toBe('500: ActionsReturnedInvalidDataError');
      expect(runs).toBe(1);
    } finally {
      await app.close();
    }
  });
});
