// README "Coming from Astro", one test per difference, on every host. Each test asserts what
// astro-bridge does; the comment above it says what Astro 5.18 and 7.x do (from their source in
// packages/astro/src and their own tests), so a change on either side is a README change too.
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, isExpress, isKoa, mount, close } from '../helpers/hosts';
import { sequence } from '../../lib/index';
import { GENERATOR } from '../../lib/version';
import type { APIContext, MiddlewareHandler, RendererOptions } from '../../lib/types';

const json = (context: APIContext) =>
  Response.json({ params: context.params, routePattern: context.routePattern, url: context.url.pathname, originPathname: context.originPathname });

const routes: RendererOptions['routes'] = {
  '/page': { default: ({ generator }: APIContext) => `<p>${generator}</p>` },
  '/throws': { GET: () => { throw new Error('boom'); } },
  '/go/[to]': { GET: ({ redirect, params }: APIContext) => redirect(`/${params.to}`) },
  '/empty': { GET: () => new Response(null, { status: 204, headers: { 'content-type': 'text/plain' } }) },
  '/p/[value]': { GET: json },
  '/slash/': { GET: () => new Response('slash') },
  '/target': { GET: json },
  '/twice': { GET: () => new Response('rendered') },
  '/rewrite': { GET: ({ rewrite }: APIContext) => rewrite('/target') },
  '/reassign': { default: (context: APIContext) => ((context as { locals: unknown }).locals = {}, 'unreachable') },
  '/origin/[x]': { GET: json },
  '/cookies': { GET: ({ cookies }: APIContext) => new Response(String(cookies.has('toString'))) },
  '/client': { GET: ({ clientAddress }: APIContext) => new Response(clientAddress) },
  '/session-cookie': { GET: ({ session }: APIContext) => (session!.set('k', 1), new Response('ok')) },
  '/empty-404': { default: () => new Response(null, { status: 404 }) },
  '/404': { default: () => 'not found page' },
};

let middlewareRuns = 0;
const middleware: MiddlewareHandler = async (context, next) => {
  middlewareRuns++;
  if (context.url.pathname === '/twice') {
    await next();
    return next();
  }
  if (context.url.pathname === '/via-next') return next('/target');
  const response = await next();
  // Headers on a host's own response are writable here (it is a fresh Response per request).
  response.headers.set('x-middleware', 'ran');
  return response;
};

describeEachHost('Coming from Astro on %s', (host) => {
  let server: http.Server;
  let proxied: http.Server;
  beforeAll(() => {
    const options: RendererOptions = { routes, middleware, trailingSlash: 'ignore' };
    // node: a host around the listener (fall-through and error handler), as Express and Koa are.
    server = mount(host, options, { fallThrough: true });
    proxied = mount(host, options, { fallThrough: true, trustProxy: true });
  });
  afterAll(async () => {
    await close(server);
    await close(proxied);
  });

  // @astrojs/node (middleware mode) hands an unmatched request to the next handler too.
  it('Unmatched requests belong to your app', async () => {
    expect((await request(server).get('/nothing-here').expect(404)).text).toBe('host fall-through');
  });

  // @astrojs/node never runs Astro middleware for a request it does not route.
  it('Middleware runs around requests no route owns', async () => {
    const res = await request(server).get('/nothing-here').expect(404);
    expect(res.headers['x-middleware']).toBe('ran');
  });

  // Astro 5/7 answer a thrown error with an empty 500 (or /500).
  it('Thrown errors go to your host’s error handling', async () => {
    expect((await request(server).get('/throws').expect(500)).text).toBe('host error: Error: boom');
  });

  // Astro: `Astro v5.18.x` / `Astro v7.x`.
  it('generator names astro-bridge', async () => {
    expect((await request(server).get('/page').expect(200)).text).toBe(`<p>${GENERATOR}</p>`);
    expect(GENERATOR).toMatch(/^astro-bridge v\d+\.\d+\.\d+/);
  });

  // Astro 5/7 send `text/html` for a page.
  it('Pages default to text/html; charset=utf-8', async () => {
    expect((await request(server).get('/page').expect(200)).headers['content-type']).toBe('text/html; charset=utf-8');
  });

  // Astro 5/7: `secure: runtimeMode === 'production'` (session/runtime.ts), whatever the protocol.
  it('The session cookie is Secure only over HTTPS', async () => {
    const sessions = mount(host, { routes, session: {} }, { fallThrough: true, trustProxy: true });
    try {
      const plain = (await request(sessions).get('/session-cookie').expect(200)).headers['set-cookie'] as unknown as string[];
      expect(plain.join()).not.toMatch(/Secure/);
      const tls = await request(sessions).get('/session-cookie').set('x-forwarded-proto', 'https').expect(200);
      expect((tls.headers['set-cookie'] as unknown as string[]).join()).toMatch(/; Secure/);
    } finally {
      await close(sessions);
    }
  });

  // Astro 5/7 put the string into `Location` as given.
  it('redirect() percent-encodes non-ASCII in Location', async () => {
    expect((await request(server).get('/go/caf%C3%A9').expect(302)).headers.location).toBe('/caf%C3%A9');
  });

  // Koa's rule for empty statuses; Express and node:http send the header the route set.
  it('Koa drops Content-Type on a 204', async () => {
    const res = await request(server).get('/empty').expect(204);
    expect(res.headers['content-type']).toBe(isKoa(host) ? undefined : 'text/plain');
  });

  // Astro 5 trusts X-Forwarded-For unconditionally; Astro 7 only for a host allowedDomains validates.
  it('X-Forwarded-For counts only when the host trusts the proxy', async () => {
    expect((await request(server).get('/client').set('x-forwarded-for', '203.0.113.9').expect(200)).text).not.toBe('203.0.113.9');
    expect((await request(proxied).get('/client').set('x-forwarded-for', '203.0.113.9').expect(200)).text).toBe('203.0.113.9');
  });

  // Astro decodes params with decodeURI, which leaves %2F, %26, %3F encoded.
  it('Params are fully decoded', async () => {
    expect((await request(server).get('/p/a%2Fb%26c%3Fd').expect(200)).body.params).toEqual({ value: 'a/b&c?d' });
  });

  // Astro redirects any path to the configured form; here only a path a route then matches.
  it('Trailing-slash redirects happen only when the corrected path matches a route', async () => {
    const strict = mount(host, { routes, trailingSlash: 'always' }, { fallThrough: true });
    try {
      expect((await request(strict).get('/slash').expect(301)).headers.location).toBe('/slash/');
      expect((await request(strict).get('/not-a-route').expect(404)).text).toBe('host fall-through');
    } finally {
      await close(strict);
    }
  });

  // Astro 7 marks its own reroutes per request; Astro 5 sent X-Astro-Rewrite/-Reroute/-Noop headers.
  it('No internal headers leak', async () => {
    for (const path of ['/rewrite', '/via-next', '/empty-404']) {
      const res = await request(server).get(path);
      expect(Object.keys(res.headers).filter((name) => name.startsWith('x-astro'))).toEqual([]);
    }
  });

  // Astro 5 and 7 route the URL-normalised path as they find it, while Express and Koa route
  // the raw one (app.use('/admin', auth) misses '/%61dmin'): here one spelling reaches both.
  it('Non-canonical paths are redirected to their canonical spelling before middleware runs', async () => {
    middlewareRuns = 0;
    for (const path of ['/x/%2e%2e/page', '/%70age', '//page']) {
      const res = await request(server).get(`${path}?q=1`);
      expect([path, res.status, res.headers.location]).toEqual([path, 301, '/page?q=1']);
    }
    expect(middlewareRuns).toBe(0);
    expect((await request(server).post('/x/%2e%2e/page').expect(308)).headers.location).toBe('/page');
  });

  // Astro 5 renders the route a second time. (For a path the host owns, the host has answered by
  // the second call and cannot take the error: a plain 500, README "Around your Express and Koa routes".)
  it('A second next() throws MiddlewareNextCalledTwice', async () => {
    expect((await request(server).get('/twice').expect(500)).text).toMatch(/^host error: MiddlewareNextCalledTwice: /);
  });

  // Astro 5 leaves the endpoint a stale url/params after next(payload) in the last handler.
  it('next(payload) updates the context the endpoint sees, routePattern included', async () => {
    expect((await request(server).get('/via-next').expect(200)).body).toMatchObject({ url: '/target', routePattern: '/target' });
  });

  // Astro guards locals only in the middleware/endpoint context.
  it('context.locals = … throws LocalsReassigned in pages too', async () => {
    expect((await request(server).get('/reassign').expect(500)).text).toMatch(/^host error: LocalsReassigned: /);
  });

  // Astro adjusts the slash of originPathname to trailingSlash/build.format.
  it('originPathname is the decoded pathname as requested', async () => {
    expect((await request(server).get('/origin/caf%C3%A9').expect(200)).body.originPathname).toBe('/origin/café');
  });

  // Astro 5/7 run the middleware again for the error page.
  it('Error pages render without running the middleware a second time', async () => {
    middlewareRuns = 0;
    const res = await request(server).get('/empty-404').expect(404);
    expect(res.text).toBe('not found page');
    expect(middlewareRuns).toBe(1);
  });

  // Astro 5 throws MiddlewareNoDataOrNextCalled when a handler in a sequence() calls next() without
  // returning it.
  it('next() not awaited is still tracked', async () => {
    const lazy = mount(host, { routes, middleware: sequence((_c, next) => next(), (_c, next) => {
      void next(); // called, neither awaited nor returned
    }) }, { fallThrough: true });
    try {
      expect((await request(lazy).get('/twice').expect(200)).text).toBe('rendered');
    } finally {
      await close(lazy);
    }
  });

  // Astro 5 re-encodes a parsed body as JSON (and a Buffer as {"type":"Buffer",…}).
  (host === 'node' ? it.skip : it)('Parsed bodies keep their content type (node:http has no body parser)', async () => {
    const echo = { POST: async ({ request }: APIContext) => new Response(`${request.headers.get('content-type')} ${await request.text()}`) };
    const parsed = mount(host, { routes: { '/echo': echo } }, { fallThrough: true, parser: isExpress(host) ? 'urlencoded' : 'koa-bodyparser' });
    try {
      const res = await request(parsed).post('/echo').type('form').send('a=1&b=2').expect(200);
      expect(res.text).toBe('application/x-www-form-urlencoded a=1&b=2');
    } finally {
      await close(parsed);
    }
  });

  // Astro 5 drops the data on regenerate() and adopts any id a cookie names; Astro 6/7 agree with
  // this (withastro/astro#15749, #15752; packages/astro/test/sessions.test.ts).
  it('Sessions: regenerate() keeps the data, unknown ids are never adopted', async () => {
    const sessions = mount(host, {
      session: {},
      routes: {
        '/login': { POST: ({ session }: APIContext) => (session!.set('user', 'ada'), new Response('ok')) },
        '/regenerate': { POST: async ({ session }: APIContext) => (await session!.regenerate(), new Response((await session!.get('user')) ?? 'lost')) },
      },
    }, { fallThrough: true });
    const idOf = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => /^astro-session=([^;]*)/.exec(c)?.[1]).filter(Boolean).pop();
    try {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const login = await request(sessions).post('/login').set('cookie', `astro-session=${unknown}`).expect(200);
      const id = idOf(login)!;
      expect(id).toBeDefined();
      expect(id).not.toBe(unknown);
      const regenerated = await request(sessions).post('/regenerate').set('cookie', `astro-session=${id}`).expect(200);
      expect(regenerated.text).toBe('ada');
      expect(idOf(regenerated)).not.toBe(id);
    } finally {
      await close(sessions);
    }
  });

  // Astro 5 ignores some q-values; Astro 7 ranks them as RFC 9110 says (an absent q is 1.0).
  it('i18n: Accept-Language is ranked by q-value', async () => {
    const i18n = mount(host, {
      i18n: { locales: ['en', 'fr', 'de'], defaultLocale: 'en' },
      routes: { '/lang': { GET: ({ preferredLocale, preferredLocaleList }: APIContext) => Response.json({ preferredLocale, preferredLocaleList }) } },
    }, { fallThrough: true });
    try {
      const res = await request(i18n).get('/lang').set('accept-language', 'fr;q=0.5, de, en;q=0.8').expect(200);
      expect(res.body).toEqual({ preferredLocale: 'de', preferredLocaleList: ['de', 'en', 'fr'] });
    } finally {
      await close(i18n);
    }
  });

  // Astro 5 falls back on any status >= 300 (a page's own redirect included); Astro 7 only on a 404.
  it('i18n: the fallback reacts only to 404s', async () => {
    const i18n = mount(host, {
      i18n: { locales: ['en', 'fr', 'de'], defaultLocale: 'en', fallback: { de: 'fr' } },
      routes: {
        // Pages: Astro's i18n middleware leaves endpoints alone, as astro-bridge does.
        '/de/moved': { default: ({ redirect }: APIContext) => redirect('/elsewhere', 301) },
        '/de/gone': { default: ({ response }: APIContext) => ((response.status = 404), 'gone') },
        '/fr/moved': { default: () => 'fr moved' },
        '/fr/gone': { default: () => 'fr gone' },
      },
    }, { fallThrough: true });
    try {
      expect((await request(i18n).get('/de/moved').expect(301)).headers.location).toBe('/elsewhere');
      expect((await request(i18n).get('/de/gone').expect(302)).headers.location).toBe('/fr/gone');
    } finally {
      await close(i18n);
    }
  });

  // Astro's AstroCookies.has() reads a plain object: has('toString') is true there.
  it('Cookies: has() of a prototype name is false', async () => {
    expect((await request(server).get('/cookies').expect(200)).text).toBe('false');
  });
});
