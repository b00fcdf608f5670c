import { app, read } from '../../helpers/i18n-app';
import { createI18nMiddleware, hasI18nRouting, resolveI18n, type I18nConfig, type Locales } from '../../../lib/core/i18n';
import type { APIContext, MiddlewareHandler, RouteModule } from '../../../lib/types';

// Routing scenarios ported from packages/astro/test/i18n-routing.test.js ([SSR] i18n routing,
// fallback, fallback rewrite), run through a real Pipeline with the i18n middleware first.

const SPANISH = { path: 'spanish', codes: ['es', 'es-ar'] };
const LOCALES: Locales = ['en', 'pt', 'it', SPANISH];
const endpoint = (body: string, status = 200): RouteModule => ({ GET: () => new Response(body, { status }) });

/** Astro's fixture `i18n-routing-prefix-always` (plus an unprefixed `/about` page). */
const PREFIX_ALWAYS_ROUTES = {
  '/404': "Can't find the page you're looking for.",
  '/500': 'Server error',
  '/': 'I am index',
  '/about': 'About (no locale)',
  '/en': 'en index',
  '/en/start': 'Start',
  '/en/blog/[id]': 'Hello world',
  '/pt/start': 'Oi essa e start',
  '/pt/blog/[id]': 'Hola mundo',
  '/spanish/start': 'Espanol',
  '/spanish/blog/[id]': 'Lo siento',
  '/test.json': endpoint('{"name":"test"}'),
};

describe('[SSR] pathname-prefix-always (prefixDefaultLocale: true, base /new-site)', () => {
  const site = app({ i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true } }, routes: PREFIX_ALWAYS_ROUTES, base: '/new-site' });

  it.each(['/new-site', '/new-site/'])('should redirect the index to the default locale (%s → 302 /new-site/en/)', async (path) => {
    expect(await read(await site.fetch(path))).toMatchObject({ status: 302, location: '/new-site/en/', body: '' });
  });

  it.each([
    ['should render the en locale', '/new-site/en/start', 'Start | locale - en'],
    ['should render localised page correctly', '/new-site/pt/start', 'Oi essa e start | locale - pt'],
    ['should render localised page correctly when locale has codes+path', '/new-site/spanish/start', 'Espanol | locale - es'],
    ['the default locale index', '/new-site/en', 'en index | locale - en'],
    ['a dynamic route', '/new-site/pt/blog/1', 'Hola mundo | locale - pt'],
  ])('%s (%s)', async (_name, path, body) => {
    const response = await read(await site.fetch(path));
    expect(response.status).toBe(200);
    expect(response.body).toContain(body);
  });

  it.each([
    ["should NOT render the default locale if there isn't a fallback and the route is missing", '/new-site/it/start'],
    ["should render a 404 because the route `fr` isn't included in the list of locales of the configuration", '/new-site/fr/start'],
    ['can render the 404.astro route on unmatched requests', '/new-site/xyz'],
  ])('%s (%s)', async (_name, path) => {
    const response = await read(await site.fetch(path));
    expect(response.status).toBe(404);
    expect(response.body).toContain("Can't find the page you're looking for.");
  });

  it('should not render the default locale without prefix: a page whose path names no locale is a 404 (deviation: the 404 page, not the page body)', async () => {
    const response = await read(await site.fetch('/new-site/about'));
    expect(response.status).toBe(404);
    expect(response.body).toContain("Can't find the page you're looking for.");
    expect(response.body).not.toContain('About');
  });

  it('endpoints are not i18n routed (i18n routing does not break endpoints)', async () => {
    expect(await read(await site.fetch('/new-site/test.json'))).toMatchObject({ status: 200, body: '{"name":"test"}' });
  });

  it('the error pages themselves pass', async () => {
    expect(await read(await site.fetch('/new-site/404'))).toMatchObject({ status: 404, body: expect.stringContaining("Can't find") });
    expect(await read(await site.fetch('/new-site/500'))).toMatchObject({ status: 500, body: expect.stringContaining('Server error') });
  });

  it('a HEAD or POST to the root redirects too', async () => {
    expect((await site.fetch('/new-site', { method: 'HEAD' })).status).toBe(302);
    expect((await site.fetch('/new-site', { method: 'POST', body: 'x' })).headers.get('location')).toBe('/new-site/en/');
  });

  it.each([
    ['always', '/new-site/', '/new-site/en/'],
    ['never', '/new-site', '/new-site/en'],
    ['ignore', '/new-site/', '/new-site/en/'],
  ] as const)('[trailingSlash: %s] should redirect to the index of the default locale (%s → %s)', async (trailingSlash, path, location) => {
    const s = app({ i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true } }, routes: PREFIX_ALWAYS_ROUTES, base: '/new-site', trailingSlash });
    expect(await read(await s.fetch(path))).toMatchObject({ status: 302, location });
  });

  it('without a base', async () => {
    const s = app({ i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true } }, routes: PREFIX_ALWAYS_ROUTES });
    expect(await read(await s.fetch('/'))).toMatchObject({ status: 302, location: '/en/' });
    expect((await s.fetch('/pt/start')).status).toBe(200);
    expect((await s.fetch('/about')).status).toBe(404);
  });

  it('the root redirects even when there is no index page (as Astro does)', async () => {
    const { '/': _index, ...routes } = PREFIX_ALWAYS_ROUTES;
    const s = app({ i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true } }, routes, base: '/new-site' });
    expect(await read(await s.fetch('/new-site/'))).toMatchObject({ status: 302, location: '/new-site/en/' });
  });

  it('cookies set by user middleware reach the redirect', async () => {
    const user: MiddlewareHandler = (context, next) => {
      context.cookies.set('seen', '1');
      return next();
    };
    const s = app({ i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true } }, routes: PREFIX_ALWAYS_ROUTES, base: '/new-site', user });
    const response = await s.fetch('/new-site');
    expect(response.status).toBe(302);
    expect(response.headers.get('set-cookie')).toBe('seen=1');
  });
});

describe('[SSR] pathname-prefix-always-no-redirect', () => {
  const site = app({
    i18n: { defaultLocale: 'en', locales: LOCALES, routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false } },
    routes: PREFIX_ALWAYS_ROUTES,
    base: '/new-site',
  });

  it.each(['/new-site', '/new-site/'])('should NOT redirect the index to the default locale (%s)', async (path) => {
    expect(await read(await site.fetch(path))).toMatchObject({ status: 200, body: expect.stringContaining('I am index') });
  });

  it('can render the 404.astro route on unmatched requests', async () => {
    expect(await read(await site.fetch('/new-site/xyz'))).toMatchObject({ status: 404, body: expect.stringContaining("Can't find the page you're looking for.") });
  });

  it('a page whose path names no locale is a 404', async () => {
    expect(await read(await site.fetch('/new-site/about'))).toMatchObject({ status: 404, body: expect.stringContaining("Can't find") });
  });

  it('localised pages render', async () => {
    expect((await site.fetch('/new-site/en/start')).status).toBe(200);
    expect((await site.fetch('/new-site/spanish/start')).status).toBe(200);
  });
});

/** Astro's fixture `i18n-routing-prefix-other-locales`. */
const PREFIX_OTHER_ROUTES = {
  '/': 'index',
  '/start': 'Start',
  '/blog/[id]': 'Hello world',
  '/pt/start': 'Oi essa e start',
  '/pt/blog/[id]': 'Hola mundo',
  '/spanish/start': 'Espanol',
  '/spanish/blog/[id]': 'Lo siento',
};

describe('[SSR] pathname-prefix-other-locales (default), base /new-site', () => {
  const site = app({
    i18n: { defaultLocale: 'en', locales: ['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-AR'] }], fallback: { it: 'en', spanish: 'en' } },
    routes: PREFIX_OTHER_ROUTES,
    base: '/new-site',
  });

  it.each([
    ['should render the default locale without prefix', '/new-site/start', 'Start | locale - en'],
    ['should render the default locale without prefix (dynamic)', '/new-site/blog/1', 'Hello world | locale - en'],
    ['should render localised page correctly', '/new-site/pt/start', 'Oi essa e start | locale - pt'],
    ['should render localised page correctly (dynamic)', '/new-site/pt/blog/1', 'Hola mundo | locale - pt'],
    ['should render localised page correctly when using path+codes', '/new-site/spanish/start', 'Espanol | locale - es'],
    ['should render localised page correctly when using path+codes (dynamic)', '/new-site/spanish/blog/1', 'Lo siento | locale - es'],
  ])('%s (%s)', async (_name, path, body) => {
    expect(await read(await site.fetch(path))).toMatchObject({ status: 200, body: expect.stringContaining(body) });
  });

  it.each(['/new-site/en/start', '/new-site/en/blog/1'])('should return 404 when route contains the default locale (%s: there is no such route)', async (path) => {
    expect((await site.fetch(path)).status).toBe(404);
  });

  it('should redirect to the english locale, which is the first fallback', async () => {
    expect(await read(await site.fetch('/new-site/it/start'))).toMatchObject({ status: 302, location: '/new-site/start' });
  });

  it("should render a 404 because the route `fr` isn't included in the list of locales of the configuration", async () => {
    expect((await site.fetch('/new-site/fr/start')).status).toBe(404);
  });

  it.each([
    ['with fallback', { pt: 'en' }],
    ['without fallback', undefined],
  ])('a page whose path names the default locale is a 404, as in Astro 7 (%s; Astro 5 served it with a stray Location)', async (_name, fallback) => {
    const s = app({ i18n: { defaultLocale: 'en', locales: ['en', 'pt'], fallback }, routes: { '/[lang]/about': 'About' } });
    const response = await s.fetch('/en/about');
    expect(response.status).toBe(404);
    expect(response.headers.get('location')).toBeNull();
    expect((await s.fetch('/pt/about')).status).toBe(200);
  });
});

/** Astro's fixture `i18n-routing-fallback`. */
const FALLBACK_ROUTES = {
  '/': 'Hello',
  '/start': 'Start',
  '/end': 'End',
  '/blog/[id]': 'Hello world',
  '/pt/start': 'Oi essa e start',
  '/pt/blog/[id]': 'Hola mundo',
};
const FALLBACK_CONFIG: I18nConfig = { defaultLocale: 'en', locales: ['en', 'pt', 'it', { codes: ['es', 'es-AR'], path: 'spanish' }], fallback: { it: 'en', spanish: 'en' } };

describe('[SSR] with fallback (redirect), base /new-site', () => {
  const site = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, base: '/new-site' });

  it('should render the en locale', async () => {
    expect(await read(await site.fetch('/new-site/start'))).toMatchObject({ status: 200, body: expect.stringContaining('Start') });
  });

  it('should render localised page correctly', async () => {
    expect(await read(await site.fetch('/new-site/pt/start'))).toMatchObject({ status: 200, body: expect.stringContaining('Oi essa e start') });
  });

  it.each([
    ['should redirect to the english locale, which is the first fallback', '/new-site/it/start', '/new-site/start'],
    ['should redirect to the english locale when locale has codes+path', '/new-site/spanish/start', '/new-site/start'],
    ['should include search on the redirect when using fallback', '/new-site/it/start?search=1', '/new-site/start?search=1'],
    ['a dynamic route', '/new-site/it/blog/1', '/new-site/blog/1'],
    ['a trailing slash is kept', '/new-site/it/start/', '/new-site/start/'],
    ['the locale index', '/new-site/it', '/new-site'],
    ['the locale index with a slash', '/new-site/it/', '/new-site/'],
  ])('%s (%s → %s)', async (_name, path, location) => {
    expect(await read(await site.fetch(path))).toMatchObject({ status: 302, location, body: '' });
  });

  it("should render a 404 because the route `fr` isn't included in the list of locales of the configuration", async () => {
    expect((await site.fetch('/new-site/fr/start')).status).toBe(404);
  });

  it('should pass search to render when using requested locale', async () => {
    const response = await read(await site.fetch('/new-site/pt/start?search=1'));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/Oi essa e start/);
    expect(response.body).toMatch(/search=1/);
  });

  it('a locale without fallback keeps its 404 (pt has no /end)', async () => {
    expect((await site.fetch('/new-site/pt/end')).status).toBe(404);
  });

  it('deviation: no fallback to a page that does not exist either (Astro redirected to /new-site/nothing)', async () => {
    expect((await site.fetch('/new-site/it/nothing')).status).toBe(404);
  });

  it('without hasRoute, the fallback redirects whatever the target (Astro behaviour)', async () => {
    const s = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, base: '/new-site', hasRoute: false });
    expect(await read(await s.fetch('/new-site/it/nothing'))).toMatchObject({ status: 302, location: '/new-site/nothing' });
  });

  it('deviation: the locale segment is replaced by position, not as the first /<locale> substring', async () => {
    const s = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, base: '/items' });
    // Astro: '/items/it/start'.replace('/it', '') → '/ems/it/start'.
    expect(await read(await s.fetch('/items/it/start'))).toMatchObject({ status: 302, location: '/items/start' });
  });

  it("a page's own 404 in a locale with a fallback falls back too", async () => {
    const routes = { ...FALLBACK_ROUTES, '/it/blog/[id]': { default: () => new Response(null, { status: 404 }) } };
    const s = app({ i18n: FALLBACK_CONFIG, routes, base: '/new-site' });
    expect(await read(await s.fetch('/new-site/it/blog/7'))).toMatchObject({ status: 302, location: '/new-site/blog/7' });
  });

  it("deviation: a page's own redirect or 500 is kept (Astro fell back for any status >= 300)", async () => {
    const routes = {
      ...FALLBACK_ROUTES,
      '/it/account': { default: (c: APIContext) => c.redirect('/login', 303) },
      '/it/broken': { default: () => new Response('oops', { status: 500 }) },
    };
    const s = app({ i18n: FALLBACK_CONFIG, routes, base: '/new-site' });
    expect(await read(await s.fetch('/new-site/it/account'))).toMatchObject({ status: 303, location: '/login' });
    expect(await read(await s.fetch('/new-site/it/broken'))).toMatchObject({ status: 500, body: 'oops' });
  });

  it('an endpoint 404 is kept', async () => {
    const routes = { ...FALLBACK_ROUTES, '/it/api': endpoint('no', 404), '/api': endpoint('yes') };
    const s = app({ i18n: FALLBACK_CONFIG, routes, base: '/new-site' });
    expect(await read(await s.fetch('/new-site/it/api'))).toMatchObject({ status: 404, body: 'no' });
  });

  it("a user middleware's own redirect is kept", async () => {
    const user: MiddlewareHandler = (context, next) => (context.url.pathname.endsWith('/private') ? context.redirect('/login') : next());
    const s = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, base: '/new-site', user });
    expect(await read(await s.fetch('/new-site/it/private'))).toMatchObject({ status: 302, location: '/login' });
  });

  it('with routing strategy [pathname-prefix-other-locales] set explicitly: should redirect to the english locale, which is the first fallback', async () => {
    const s = app({ i18n: { defaultLocale: 'en', locales: ['en', 'pt', 'it'], fallback: { it: 'en' }, routing: { prefixDefaultLocale: false } }, routes: FALLBACK_ROUTES, base: '/new-site' });
    expect(await read(await s.fetch('/new-site/it/start'))).toMatchObject({ status: 302, location: '/new-site/start' });
  });

  it('with [pathname-prefix-always]: the fallback replaces the locale with the default one', async () => {
    const s = app({
      i18n: { defaultLocale: 'en', locales: ['en', 'pt', 'it'], fallback: { it: 'en' }, routing: { prefixDefaultLocale: true } },
      routes: { '/en/start': 'Start', '/it': 'it index' },
      base: '/new-site',
    });
    expect(await read(await s.fetch('/new-site/it/start'))).toMatchObject({ status: 302, location: '/new-site/en/start' });
  });

  it('SSR fallback from missing locale index to default locale index: should correctly redirect', async () => {
    const s = app({ i18n: { defaultLocale: 'en', locales: ['en', 'fr'], routing: { prefixDefaultLocale: false }, fallback: { fr: 'en' } }, routes: PREFIX_OTHER_ROUTES });
    expect(await read(await s.fetch('/fr'))).toMatchObject({ status: 302, location: '/' });
  });

  it('a fallback chain reaches the first locale that has the page', async () => {
    const s = app({
      i18n: { defaultLocale: 'en', locales: ['en', 'pt', 'es'], fallback: { es: 'pt', pt: 'en' } },
      routes: { '/start': 'Start', '/end': 'End', '/pt/start': 'pt start' },
    });
    expect(await read(await s.fetch('/es/start'))).toMatchObject({ status: 302, location: '/pt/start' });
    expect(await read(await s.fetch('/es/end'))).toMatchObject({ status: 302, location: '/end' });
    expect((await s.fetch('/es/none')).status).toBe(404);
  });
});

describe('[SSR] Fallback rewrite (fallbackType: rewrite)', () => {
  const config: I18nConfig = {
    defaultLocale: 'en',
    locales: ['en', 'fr', 'es', 'it', 'pt'],
    routing: { prefixDefaultLocale: false, fallbackType: 'rewrite' },
    fallback: { fr: 'en', it: 'en', es: 'pt' },
  };
  const site = app({ i18n: config, routes: FALLBACK_ROUTES });

  it('should correctly rewrite to en (currentLocale stays fr, as in Astro)', async () => {
    const response = await read(await site.fetch('/fr'));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(/locale - fr/);
    expect(response.body).toMatch(/Hello/);
  });

  it.each([
    ['should render fallback locale paths with path parameters correctly (fr)', '/fr/blog/1', /Hello world/],
    ['should render fallback locale paths with path parameters correctly (es)', '/es/blog/1', /Hola mundo/],
    ['should render fallback locale paths with query parameters correctly (it)', '/it/blog/1', /Hello world/],
  ])('%s', async (_name, path, body) => {
    const response = await read(await site.fetch(path));
    expect(response.status).toBe(200);
    expect(response.body).toMatch(body);
  });

  it('the rewritten page sees the target URL and route, with the query', async () => {
    const response = await read(await site.fetch('/it/blog/1?x=1'));
    expect(response.body).toContain('url - /blog/1?x=1');
    expect(response.body).toContain('route - /blog/[id]');
    expect(response.body).toContain('locale - it');
  });

  it('user middleware runs again for the rewrite, with the same locals', async () => {
    const seen: string[] = [];
    const user: MiddlewareHandler = (context, next) => {
      seen.push(context.url.pathname);
      (context.locals as Record<string, number>).n = ((context.locals as Record<string, number>).n ?? 0) + 1;
      return next();
    };
    const s = app({ i18n: config, routes: { ...FALLBACK_ROUTES, '/blog/[id]': { default: (c: APIContext) => `n=${(c.locals as Record<string, number>).n}` } }, user });
    expect(await read(await s.fetch('/fr/blog/2'))).toMatchObject({ status: 200, body: 'n=2' });
    expect(seen).toEqual(['/fr/blog/2', '/blog/2']);
  });

  it('no rewrite to a page that does not exist', async () => {
    expect((await site.fetch('/fr/nothing')).status).toBe(404);
  });

  it('with a base and a mount path', async () => {
    const s = app({ i18n: config, routes: FALLBACK_ROUTES, base: '/new-site', mountPath: '/app' });
    const response = await read(await s.fetch('/app/new-site/fr/blog/3'));
    expect(response.status).toBe(200);
    expect(response.body).toContain('Hello world | locale - fr | url - /app/new-site/blog/3');
  });
});

describe('a host app behind the renderer (fallThrough)', () => {
  const host = (request: Request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/legacy' || pathname === '/') return new Response(`host ${pathname}`);
    return new Response('host 404', { status: 404 });
  };

  it("deviation: a host path without locale keeps the host's answer under prefix-always (Astro has no host: 404)", async () => {
    const s = app({ i18n: { defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } }, routes: { '/en/start': 'Start' }, fallThrough: true, host });
    expect(await read(await s.fetch('/legacy'))).toMatchObject({ status: 200, body: 'host /legacy' });
  });

  it("the root served by the host stays the host's; the root nobody serves redirects", async () => {
    const config: I18nConfig = { defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } };
    const served = app({ i18n: config, routes: { '/en/start': 'Start' }, fallThrough: true, host });
    expect(await read(await served.fetch('/'))).toMatchObject({ status: 200, body: 'host /' });
    const unserved = app({ i18n: config, routes: { '/en/start': 'Start' }, fallThrough: true, host: () => new Response('nope', { status: 404 }) });
    expect(await read(await unserved.fetch('/'))).toMatchObject({ status: 302, location: '/en/' });
  });

  it('a localized path the host does not serve falls back to our page', async () => {
    const s = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, fallThrough: true, host });
    expect(await read(await s.fetch('/it/start'))).toMatchObject({ status: 302, location: '/start' });
    expect(s.hostCalls).toEqual(['/it/start']);
  });

  it('a mount path is kept in the root redirect and the fallback', async () => {
    const always = app({ i18n: { defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } }, routes: PREFIX_ALWAYS_ROUTES, mountPath: '/app' });
    expect(await read(await always.fetch('/app'))).toMatchObject({ status: 302, location: '/app/en/' });
    expect(await read(await always.fetch('/app/'))).toMatchObject({ status: 302, location: '/app/en/' });
    expect((await always.fetch('/app/pt/start')).status).toBe(200);
    expect((await always.fetch('/app/about')).status).toBe(404);
    const fallback = app({ i18n: FALLBACK_CONFIG, routes: FALLBACK_ROUTES, mountPath: '/app', base: '/docs' });
    expect(await read(await fallback.fetch('/app/docs/it/start?q=1'))).toMatchObject({ status: 302, location: '/app/docs/start?q=1' });
  });
});

describe('createI18nMiddleware with a hand-made context', () => {
  const context = (href: string, routePattern = '/x') =>
    ({
      url: new URL(href),
      routePattern,
      locals: {},
      redirect: (path: string | URL, status = 302) => new Response(null, { status, headers: { Location: String(path) } }),
      rewrite: async (payload: string) => new Response(`rewritten to ${payload}`),
    }) as unknown as APIContext;

  it("routing 'manual' gives a pass-through", async () => {
    const middleware = createI18nMiddleware(resolveI18n({ defaultLocale: 'en', locales: ['en', 'pt'], routing: 'manual', fallback: { pt: 'en' } }));
    const response = new Response(null, { status: 404 });
    expect(await middleware(context('http://h/pt/x'), async () => response)).toBe(response);
  });

  it('the 404 is an empty Response, the page body is cancelled', async () => {
    const middleware = createI18nMiddleware(resolveI18n({ defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } }));
    let cancelled = false;
    const body = new ReadableStream({ cancel: () => void (cancelled = true) });
    const response = (await middleware(context('http://h/about', '/about'), async () => new Response(body)))!;
    expect(response.status).toBe(404);
    expect(response.body).toBeNull();
    expect(cancelled).toBe(true);
  });

  it('a rewrite fallback calls context.rewrite with the path and query', async () => {
    const middleware = createI18nMiddleware(resolveI18n({ defaultLocale: 'en', locales: ['en', 'pt'], fallback: { pt: 'en' }, routing: { fallbackType: 'rewrite' } }));
    const response = (await middleware(context('http://h/pt/a/b?c=d', ''), async () => new Response('miss', { status: 404 })))!;
    expect(await response.text()).toBe('rewritten to /a/b?c=d');
  });

  it('requests outside the base are left alone', async () => {
    const middleware = createI18nMiddleware(resolveI18n({ defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } }, { base: '/docs' }));
    const response = new Response('other');
    expect(await middleware(context('http://h/other', '/other'), async () => response)).toBe(response);
  });
});

describe('hasI18nRouting: whether the pipeline needs the middleware at all', () => {
  it.each<[string, I18nConfig, boolean]>([
    ['default strategy, no fallback (it 404s pages naming the default locale)', { defaultLocale: 'en', locales: ['en', 'pt'] }, true],
    ['default strategy, empty fallback', { defaultLocale: 'en', locales: ['en', 'pt'], fallback: {} }, true],
    ['default strategy with fallback', { defaultLocale: 'en', locales: ['en', 'pt'], fallback: { pt: 'en' } }, true],
    ['prefix-always', { defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true } }, true],
    ['prefix-always-no-redirect', { defaultLocale: 'en', locales: ['en', 'pt'], routing: { prefixDefaultLocale: true, redirectToDefaultLocale: false } }, true],
    ['manual', { defaultLocale: 'en', locales: ['en', 'pt'], routing: 'manual', fallback: { pt: 'en' } }, false],
  ])('%s → %s', async (_name, config, expected) => {
    const i18n = resolveI18n(config);
    expect(hasI18nRouting(i18n)).toBe(expected);
    if (!expected) {
      // A pass-through: the response of next() as is.
      const response = new Response(null, { status: 404 });
      expect(await createI18nMiddleware(i18n)({} as APIContext, async () => response)).toBe(response);
    }
  });
});
