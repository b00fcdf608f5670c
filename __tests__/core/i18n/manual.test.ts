import { app, read } from '../../helpers/i18n-app';
import { createI18n, resolveI18n, type AstroI18n, type I18nConfig } from '../../../lib/core/i18n';
import { sequence } from '../../../lib/core/middleware/sequence';
import { defineMiddleware } from '../../../lib/core/middleware/define';
import type { APIContext, MiddlewareHandler } from '../../../lib/types';
import { thrown } from '../../helpers/core';

const LOCALES: I18nConfig['locales'] = ['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-ar'] }];

/** A hand-made context: enough of APIContext for the helpers. */
function context(href: string, routePattern = '/x') {
  const calls: string[] = [];
  const ctx = {
    url: new URL(href),
    routePattern,
    locals: {},
    redirect: (path: string | URL, status = 302) => new Response(null, { status, headers: { Location: String(path) } }),
    rewrite: async (payload: string) => {
      calls.push(payload);
      return new Response(`rewritten to ${payload}`);
    },
  } as unknown as APIContext;
  return { ctx, calls };
}

describe('createI18n: the astro:i18n functions', () => {
  it('has the functions of astro:i18n', () => {
    const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES, routing: 'manual' });
    const names: (keyof AstroI18n)[] = [
      'getRelativeLocaleUrl',
      'getAbsoluteLocaleUrl',
      'getRelativeLocaleUrlList',
      'getAbsoluteLocaleUrlList',
      'getPathByLocale',
      'getLocaleByPath',
      'pathHasLocale',
      'redirectToDefaultLocale',
      'redirectToFallback',
      'notFound',
      'requestHasLocale',
      'middleware',
      'normalizeTheLocale',
      'toCodes',
      'toPaths',
    ];
    for (const name of names) expect(typeof i18n[name]).toBe('function');
    expect(i18n.config.defaultLocale).toBe('en');
    expect(i18n.getPathByLocale('es-ar')).toBe('spanish');
    expect(i18n.getLocaleByPath('spanish')).toBe('es');
    expect(i18n.pathHasLocale('/spanish/x')).toBe(true);
    expect(i18n.normalizeTheLocale('it_VT')).toBe('it-vt');
    expect(i18n.toCodes(LOCALES)).toEqual(['en', 'pt', 'it', 'es']);
    expect(i18n.toPaths(LOCALES)).toEqual(['en', 'pt', 'it', 'spanish']);
  });

  it('validates a raw config (InvalidOption), or takes a resolved one as is', () => {
    thrown(() => createI18n({ defaultLocale: 'fr', locales: LOCALES }), 'InvalidOption');
    const resolved = resolveI18n({ defaultLocale: 'en', locales: LOCALES }, { base: '/docs', trailingSlash: 'never' });
    expect(createI18n(resolved).config).toBe(resolved);
    expect(createI18n(resolved).getRelativeLocaleUrl('pt')).toBe('/docs/pt');
  });

  it('the options set base, trailingSlash, site and format', () => {
    const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES }, { base: '/docs', trailingSlash: 'never', site: 'https://example.com', format: 'file' });
    expect(i18n.getAbsoluteLocaleUrl('es', 'guide')).toBe('https://example.com/docs/spanish/guide');
  });

  it.each(['redirectToDefaultLocale', 'notFound', 'requestHasLocale', 'redirectToFallback', 'middleware'] as const)(
    "%s throws IncorrectStrategyForI18n unless routing is 'manual'",
    (name) => {
      const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES });
      const error = thrown(() => (i18n[name] as (...args: unknown[]) => unknown)(context('http://h/').ctx, new Response()), 'IncorrectStrategyForI18n');
      expect(error.message.split('\nHint: ')[0]).toBe(`The function \`${name}\` can only be used when the \`i18n.routing.strategy\` is set to \`"manual"\`.`);
    },
  );
});

describe("manual helpers (routing: 'manual')", () => {
  const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES, routing: 'manual', fallback: { it: 'en' } }, { base: '/docs' });

  it('redirectToDefaultLocale: 302 to the default locale root, or the given status', () => {
    const response = i18n.redirectToDefaultLocale(context('http://h/docs').ctx);
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/docs/en/');
    expect(i18n.redirectToDefaultLocale(context('http://h/docs').ctx, 301).status).toBe(301);
    const never = createI18n({ defaultLocale: 'spanish', locales: LOCALES, routing: 'manual' }, { trailingSlash: 'never' });
    expect(never.redirectToDefaultLocale(context('http://h/').ctx).headers.get('location')).toBe('/spanish');
  });

  it.each([
    ['http://h/docs', undefined],
    ['http://h/docs/', undefined],
    ['http://h/docs/pt/x', undefined],
    ['http://h/docs/spanish', undefined],
    ['http://h/docs/PT/x', undefined],
    ['http://h/docs/about', 404],
    ['http://h/docs/es/x', 404], // a code is not a path
    ['http://h/other', 404],
  ])('notFound(%s) → %s', (href, status) => {
    expect(i18n.notFound(context(href).ctx)?.status).toBe(status);
  });

  it('notFound with a response: an empty 404 (deviation: Astro kept the body), the body cancelled', async () => {
    let cancelled = false;
    const response = new Response(new ReadableStream({ cancel: () => void (cancelled = true) }));
    const result = i18n.notFound(context('http://h/docs/about').ctx, response)!;
    expect(result.status).toBe(404);
    expect(result.body).toBeNull();
    expect(cancelled).toBe(true);
  });

  it('notFound passes the 404/500 pages through', () => {
    const page = new Response('not found page', { status: 404 });
    expect(i18n.notFound(context('http://h/docs/about', '/404').ctx, page)).toBe(page);
  });

  it.each([
    ['http://h/docs/pt/x', true],
    ['http://h/docs/spanish', true],
    ['http://h/docs/en_x', false],
    ['http://h/docs/about', false],
    ['http://h/docs/es', false],
  ])('requestHasLocale(%s) → %s', (href, expected) => {
    expect(i18n.requestHasLocale(context(href).ctx)).toBe(expected);
  });

  it("redirectToFallback: with 'manual' routing the fallback is a rewrite, to the prefixed default locale (Astro's toFallbackType and strategy)", async () => {
    const { ctx, calls } = context('http://h/docs/it/start?x=1');
    const response = await i18n.redirectToFallback(ctx, new Response(null, { status: 404 }));
    expect(calls).toEqual(['/docs/en/start?x=1']);
    expect(await response.text()).toBe('rewritten to /docs/en/start?x=1');
  });

  it('redirectToFallback leaves other responses alone', async () => {
    const ok = new Response('ok');
    expect(await i18n.redirectToFallback(context('http://h/docs/it/start').ctx, ok)).toBe(ok);
    const miss = new Response(null, { status: 404 });
    expect(await i18n.redirectToFallback(context('http://h/docs/pt/start').ctx, miss)).toBe(miss);
  });

  it("middleware() validates its options ('manual' is not one)", () => {
    thrown(() => i18n.middleware('manual' as never), 'InvalidOption');
    thrown(() => i18n.middleware({ prefix: true } as never), 'InvalidOption');
  });

  it("as in Astro, middleware() switches the URL helpers to its strategy", () => {
    const own = createI18n({ defaultLocale: 'en', locales: LOCALES, routing: 'manual' });
    expect(own.getRelativeLocaleUrl('en', 'blog/title')).toBe('/blog/title/');
    own.middleware({ prefixDefaultLocale: true });
    expect(own.getRelativeLocaleUrl('en', 'blog/title')).toBe('/en/blog/title/');
  });
});

describe('i18n-routing-manual (SSR manual routing)', () => {
  const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES, routing: 'manual' });
  const allowList = new Set(['/help', '/help/']);
  const onRequest = defineMiddleware(async (ctx, next) => {
    if (allowList.has(ctx.url.pathname)) return await next();
    if (i18n.requestHasLocale(ctx)) return await next();
    if (ctx.url.pathname === '/' || ctx.url.pathname === '/redirect-me') return i18n.redirectToDefaultLocale(ctx);
    return new Response(null, { status: 404 });
  });
  const site = app({
    i18n: i18n.config,
    middleware: () => onRequest,
    routes: {
      '/404': 'Not found page',
      '/': 'Hello',
      '/help': 'Outside route',
      '/en': 'en index',
      '/en/blog': 'Blog start',
      '/en/blog/[id]': 'Blog post',
      '/en/start': 'Start',
      '/pt/start': 'Oi',
      '/pt/blog/[id]': 'Hola mundo',
      '/spanish': 'Hola.',
    },
  });

  it('should redirect to the default locale when middleware calls the function for route /', async () => {
    expect(await read(await site.fetch('/'))).toMatchObject({ status: 302, location: '/en/' });
  });

  it('should render a route that is not related to the i18n routing', async () => {
    expect(await read(await site.fetch('/help'))).toMatchObject({ status: 200, body: expect.stringContaining('Outside route') });
  });

  it.each([
    ['/en/blog', 'Blog start'],
    ['/pt/start', 'Oi'],
    ['/spanish', 'Hola.'],
  ])('should render a i18n route (%s)', async (path, text) => {
    expect(await read(await site.fetch(path))).toMatchObject({ status: 200, body: expect.stringContaining(text) });
  });

  it('should call the middleware for 404.astro pages', async () => {
    expect(await read(await site.fetch('/redirect-me'))).toMatchObject({ status: 302, location: '/en/' });
  });

  it("the middleware's empty 404 renders the 404 page", async () => {
    expect(await read(await site.fetch('/xyz'))).toMatchObject({ status: 404, body: expect.stringContaining('Not found page') });
  });
});

describe('i18n-routing-manual-with-default-middleware (sequence(custom, middleware(...)))', () => {
  const i18n = createI18n({ defaultLocale: 'en', locales: LOCALES, routing: 'manual', fallback: { it: 'en' } });
  const customLogic: MiddlewareHandler = async (ctx, next) => {
    if (ctx.url.pathname.startsWith('/about')) return new Response('ABOUT ME', { status: 200 });
    return next();
  };
  const relativeUrl = { default: () => `<p>${i18n.getRelativeLocaleUrl('en', 'blog/title')}</p>` };
  const onRequest = sequence(customLogic, i18n.middleware({ prefixDefaultLocale: true, fallbackType: 'rewrite' }));
  const site = app({
    i18n: i18n.config,
    middleware: () => onRequest,
    routes: {
      '/': 'index',
      '/about': 'about page',
      '/blog': 'Blog should not render',
      '/en/blog/[id]': 'Blog post',
      '/en/start': relativeUrl,
      '/pt/start': 'Oi',
      '/pt/blog/[id]': 'Hola mundo',
      '/spanish': 'Hola.',
    },
  });

  it('should return a 404 (deviation: an empty 404, not the page body "Blog should not render")', async () => {
    const response = await read(await site.fetch('/blog'));
    expect(response.status).toBe(404);
    expect(response.body).not.toMatch(/Blog should not render/);
  });

  it('should return a 200 because the custom middleware allows it', async () => {
    expect(await read(await site.fetch('/about'))).toMatchObject({ status: 200, body: 'ABOUT ME' });
  });

  it('should correctly print the relative locale url', async () => {
    expect(await read(await site.fetch('/en/start'))).toMatchObject({ status: 200, body: '<p>/en/blog/title/</p>' });
  });

  it('should use the fallback', async () => {
    expect(await read(await site.fetch('/it/start'))).toMatchObject({ status: 200, body: '<p>/en/blog/title/</p>' });
  });

  it('the root redirects to the default locale', async () => {
    expect(await read(await site.fetch('/'))).toMatchObject({ status: 302, location: '/en/' });
  });

  it('hasRoute and mountPath given to createI18n reach middleware()', async () => {
    const own = createI18n({ defaultLocale: 'en', locales: ['en', 'it'], routing: 'manual', fallback: { it: 'en' } }, { hasRoute: (p) => p === '/en/start', mountPath: () => '/app' });
    const mw = own.middleware({ prefixDefaultLocale: true });
    const next = async () => new Response(null, { status: 404 });
    const hit = (await mw(context('http://h/app/it/start', '').ctx, next))!;
    expect(hit.headers.get('location')).toBe('/app/en/start');
    const miss = (await mw(context('http://h/app/it/other', '').ctx, next))!;
    expect(miss.status).toBe(404);
    expect(miss.headers.get('location')).toBeNull();
    const root = (await mw(context('http://h/app/', '').ctx, next))!;
    expect(root.headers.get('location')).toBe('/app/en/');
  });
});
