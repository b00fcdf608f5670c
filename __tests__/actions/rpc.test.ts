// POST /_actions/<name> on every host (Express 4/5, Koa 2/3, node:http): Astro's wire protocol, its statuses,
// and what the endpoint refuses.
import request from 'supertest';
import { parse } from 'devalue';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { ACTION_ERROR_STATUS } from '../../lib/core/actions/codes';
import { calls, routes, server } from './_app';

const devalue = (text: string) => parse(text, { URL: (href: string) => new URL(href) });

describeEachHost('the actions endpoint on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    // node: a host around the listener, whose error handler names what reaches the host.
    app = await serve(host, { routes, actions: server }, { fallThrough: true });
  });
  afterAll(() => app.close());

  it('answers a JSON action with devalue data (Dates and URLs kept) and 200', async () => {
    const res = await request(app.base).post('/_actions/echo').send({ name: 'Ada', age: 36 }).expect(200);
    expect(res.headers['content-type']).toBe('application/json+devalue');
    expect(devalue(res.text)).toEqual({ hello: 'Ada', age: 36, when: new Date(0), link: new URL('https://example.org/a') });
  });

  it('answers 204 with no body when the handler returns nothing', async () => {
    const res = await request(app.base).post('/_actions/nothing').set('content-type', 'application/json').expect(204);
    expect(res.text).toBe('');
  });

  it('passes JSON through unvalidated without an input schema (no body: undefined)', async () => {
    const res = await request(app.base).post('/_actions/raw').send([1, { a: 'b' }]).expect(200);
    expect(devalue(res.text)).toEqual({ got: [1, { a: 'b' }] });
    const empty = await request(app.base).post('/_actions/raw').set('content-type', 'application/json').send('').expect(200);
    expect(devalue(empty.text)).toEqual({ got: undefined });
  });

  it('answers invalid zod input with 400, issues and fields', async () => {
    const res = await request(app.base).post('/_actions/echo').send({ name: 'A', age: 'x' }).expect(400);
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.body.type).toBe('AstroActionInputError');
    expect(Object.keys(res.body.fields).sort()).toEqual(['age', 'name']);
    expect(res.body.issues[0]).toMatchObject({ path: ['name'], code: 'too_small' });
  });

  it('answers invalid valibot input with 400 and fields', async () => {
    const res = await request(app.base).post('/_actions/valibot.echo').send({ name: 'A' }).expect(400);
    expect(res.body.fields.name).toEqual([expect.stringContaining('length')]);
    expect(res.body.issues[0].path).toEqual(['name']);
    expect(res.body.issues[0]).not.toHaveProperty('input');
  });

  it('answers every ActionError code with its status and a JSON body', async () => {
    for (const [code, status] of Object.entries(ACTION_ERROR_STATUS)) {
      const res = await request(app.base).post('/_actions/fail').send({ code });
      expect([code, res.status]).toEqual([code, status]);
      expect(res.body).toEqual({ type: 'AstroActionError', code, status, message: `failed with ${code}` });
    }
  });

  it.each(['missing', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'blog', 'blog.constructor', 'blog.like.orThrow', 'echo.queryString'])(
    'answers 404 NOT_FOUND for the name %s',
    async (name) => {
      const res = await request(app.base).post(`/_actions/${name}`).send({ postId: '1' }).expect(404);
      expect(res.body).toMatchObject({ type: 'AstroActionError', code: 'NOT_FOUND' });
    },
  );

  // Invalid percent-encoding never reaches an action: the canonical-path gate answers 400 when
  // middleware would run, else leaves the path to the host app (its own 404 here).
  it('never runs an action for a name with invalid percent-encoding (4xx)', async () => {
    const before = calls.count;
    const res = await request(app.base).post('/_actions/%E0%A4%A').send({ postId: '1' });
    expect([400, 404]).toContain(res.status);
    expect(calls.count).toBe(before);
  });

  it('serves nested objects under dotted names', async () => {
    const res = await request(app.base).post('/_actions/blog.like').send({ postId: 'p1' }).expect(200);
    expect(devalue(res.text)).toEqual({ postId: 'p1', likes: 1, user: null });
  });

  it('answers GET with 404 and other methods with 405 (Allow: POST)', async () => {
    await request(app.base).get('/_actions/echo').expect(404);
    const put = await request(app.base).put('/_actions/echo').send({ name: 'Ada' }).expect(405);
    expect(put.headers.allow).toBe('POST');
  });

  it('answers a body of another type with 415', async () => {
    const res = await request(app.base).post('/_actions/echo').set('content-type', 'application/xml').send('<a/>').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers JSON sent to a form action, and a form sent to a JSON action, with 415', async () => {
    await request(app.base).post('/_actions/signup').send({ email: 'a@b.co' }).expect(415);
    await request(app.base).post('/_actions/echo').set('origin', app.base).type('form').send('name=Ada').expect(415);
  });

  it('answers malformed JSON with 400', async () => {
    const res = await request(app.base).post('/_actions/echo').set('content-type', 'application/json').send('{"name":').expect(400);
    expect(res.body.code).toBe('BAD_REQUEST');
  });

  it('coerces a posted form for a form action (numbers, checkboxes, repeated fields, defaults)', async () => {
    const res = await request(app.base)
      .post('/_actions/signup')
      .set('origin', app.base)
      .type('form')
      .send('email=a%40b.co&age=42&newsletter=on&tags=x&tags=y&nick=')
      .expect(200);
    expect(devalue(res.text)).toEqual({ email: 'a@b.co', age: 42, newsletter: true, tags: ['x', 'y'], plan: 'free' });
  });

  it('keeps Files of a multipart form', async () => {
    const res = await request(app.base).post('/_actions/upload').set('origin', app.base).field('title', 'notes').attach('doc', Buffer.from('hello'), 'a.txt').expect(200);
    expect(devalue(res.text)).toEqual({ title: 'notes', name: 'a.txt', size: 5, text: 'hello' });
  });

  it('turns a handler that returns what devalue cannot carry into ActionsReturnedInvalidDataError (to the host)', async () => {
    const res = await request(app.base).post('/_actions/invalid').set('origin', app.base).expect(500);
    expect(res.text).toContain('ActionsReturnedInvalidDataError');
  });

  it('sends the message of a thrown non-ActionError outside production, never its stack', async () => {
    const res = await request(app.base).post('/_actions/crash').set('sec-fetch-site', 'same-origin').expect(500);
    expect(res.body).toEqual({ type: 'AstroActionError', code: 'INTERNAL_SERVER_ERROR', status: 500, message: 'secret database password' });
  });

  it('keeps calls counted: a refused request runs no handler', () => {
    expect(calls.count).toBeGreaterThan(0);
  });
});

describeEachHost('actions with base and middleware on %s', (host) => {
  it('serves /<base>/_actions/<name> and leaves /_actions/<name> to the host', async () => {
    const app = await serve(host, { routes, actions: server, base: '/docs' }, { fallThrough: true });
    try {
      await request(app.base).post('/docs/_actions/blog.like').send({ postId: 'b' }).expect(200);
      const outside = await request(app.base).post('/_actions/blog.like').send({ postId: 'b' }).expect(404);
      expect(outside.text).toBe('host fall-through');
    } finally {
      await app.close();
    }
  });

  it("never redirects /_actions/ paths for trailingSlash (Astro's internal paths)", async () => {
    const app = await serve(host, { routes, actions: server, trailingSlash: 'always' });
    try {
      await request(app.base).post('/_actions/blog.like').send({ postId: 'b' }).expect(200);
      await request(app.base).post('/_actions/blog.like/').send({ postId: 'b' }).expect(200);
    } finally {
      await app.close();
    }
  });

  it("is left alone by Astro's i18n routing (no locale prefix needed)", async () => {
    const app = await serve(host, { routes, actions: server, i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: { prefixDefaultLocale: true } } });
    try {
      await request(app.base).post('/_actions/blog.like').send({ postId: 'b' }).expect(200);
    } finally {
      await app.close();
    }
  });

  it('runs the middleware around an action call, with the same locals', async () => {
    const app = await serve(host, {
      routes,
      actions: server,
      middleware: async (context, next) => {
        (context.locals as { user?: string }).user = 'ada';
        const response = await next();
        response.headers.set('x-seen', context.routePattern);
        return response;
      },
    });
    try {
      const res = await request(app.base).post('/_actions/blog.like').send({ postId: 'p' }).expect(200);
      expect(devalue(res.text)).toMatchObject({ user: 'ada' });
      expect(res.headers['x-seen']).toBe('/_actions/[...path]');
    } finally {
      await app.close();
    }
  });
});

describeEachHost('actions behind a host body parser on %s', (host) => {
  it('reads the body a host parser already consumed (JSON, and a form for a form action)', async () => {
    const parser = host.startsWith('express') ? 'json' : '@koa/bodyparser';
    const app = await serve(host, { routes, actions: server }, { parser });
    const form = await serve(host, { routes, actions: server }, { parser: host.startsWith('express') ? 'urlencoded' : 'koa-bodyparser' });
    try {
      const res = await request(app.base).post('/_actions/echo').send({ name: 'Bob' }).expect(200);
      expect(devalue(res.text)).toMatchObject({ hello: 'Bob' });
      const page = await request(form.base).post('/signup?_action=signup').set('origin', form.base).type('form').send('email=a%40b.co&age=5&tags=t').expect(200);
      expect(page.text).toContain('ok {"email":"a@b.co","age":5,"newsletter":false,"tags":["t"],"plan":"free"}');
    } finally {
      await app.close();
      await form.close();
    }
  });
}, { skip: { node: 'node:http has no host body parser to run before the listener' } });
