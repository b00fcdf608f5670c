// i18n fallback routes, as Astro creates them (`createI18nFallbackRoutes`) and its
// i18n-routing tests check them: a page the fallback locale has and the requested locale lacks
// is answered by redirect (302, query kept) or rewrite, even where a less specific route or the
// host app would otherwise take the path.
import path from 'node:path';
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close, type HostApp } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

const page = (name: string) => ({
  default: ({ routePattern, currentLocale, url }: APIContext) => JSON.stringify({ page: name, routePattern, currentLocale, search: url.search }),
});
const routes: RendererOptions['routes'] = {
  '/fr/about': page('fr about'),
  '/fr/blog/[slug]': page('fr blog'),
  '/start': page('en start'),
  // A catch-all endpoint: without fallback routes it would answer `/de/about`.
  '/[...rest]': { GET: () => new Response('catch-all') },
};
const i18n = (fallbackType: 'redirect' | 'rewrite'): RendererOptions['i18n'] => ({
  locales: ['en', 'fr', 'de', { path: 'spanish', codes: ['es', 'es-AR'] }],
  defaultLocale: 'en',
  fallback: { de: 'fr', spanish: 'en' },
  routing: { fallbackType },
});

// A host whose own last handler answers everything (an SPA shell): it must not get fallback paths.
const hostCatchAll = (host: string) => (app: HostApp) => {
  if (!host.startsWith('koa')) app.use((_req: unknown, res: http.ServerResponse) => res.end('host catch-all'));
  else app.use((ctx: { body: unknown }) => void (ctx.body = 'host catch-all'));
};

describeEachHost('i18n fallback routes on %s', (host) => {
  const servers: http.Server[] = [];
  const start = (options: RendererOptions, after?: (app: HostApp) => void) => {
    const server = mount(host, options, { after, fallThrough: true });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map(close));
  });

  it('redirects a missing locale page to the fallback locale’s page, query kept, before a catch-all route', async () => {
    const server = start({ routes, i18n: i18n('redirect') });
    const res = await request(server).get('/de/about?q=1').expect(302);
    expect(res.headers.location).toBe('/fr/about?q=1');
    expect((await request(server).get('/de/blog/hello').expect(302)).headers.location).toBe('/fr/blog/hello');
    // A fallback to the unprefixed default locale drops the segment (Astro: `/it/start` → `/start`).
    expect((await request(server).get('/spanish/start?search=1').expect(302)).headers.location).toBe('/start?search=1');
    // No locale has the page: no fallback route, the catch-all answers.
    expect((await request(server).get('/de/nowhere').expect(200)).text).toBe('catch-all');
  });

  it('rewrites to the fallback locale’s page at the requested URL, with the requested locale', async () => {
    const server = start({ routes, i18n: i18n('rewrite') });
    const res = await request(server).get('/de/about?q=1').expect(200);
    expect(JSON.parse(res.text)).toEqual({ page: 'fr about', routePattern: '/fr/about', currentLocale: 'de', search: '?q=1' });
    expect(JSON.parse((await request(server).get('/spanish/start').expect(200)).text)).toMatchObject({ page: 'en start', currentLocale: 'es' });
  });

  it('takes fallback paths from the host app, which keeps every other path', async () => {
    const { '/[...rest]': _catchAll, ...own } = routes!;
    const server = start({ routes: own, i18n: i18n('redirect') }, hostCatchAll(host));
    expect((await request(server).get('/de/about').expect(302)).headers.location).toBe('/fr/about');
    expect((await request(server).get('/de/nowhere').expect(200)).text).toBe('host catch-all');
  });

  it('keeps the base and the host’s mount path in the target', async () => {
    // node:http has no mount path (no app.use(path, …)): there the base alone is kept.
    const mountPath = host === 'node' ? '' : '/app';
    const server = mount(host, { routes, base: '/docs', trailingSlash: 'always', i18n: i18n('redirect') }, mountPath ? { mountPath } : {});
    servers.push(server);
    expect((await request(server).get(`${mountPath}/docs/de/about/?q=1`).expect(302)).headers.location).toBe(`${mountPath}/docs/fr/about/?q=1`);
    // The policy's slash first (Astro's 301), then the fallback.
    expect((await request(server).get(`${mountPath}/docs/de/about`).expect(301)).headers.location).toBe(`${mountPath}/docs/de/about/`);
  });

  it('follows the fallback chain in one redirect', async () => {
    const server = start({ routes, i18n: { locales: ['en', 'fr', 'de'], defaultLocale: 'en', fallback: { de: 'fr', fr: 'en' } } });
    expect((await request(server).get('/de/start').expect(302)).headers.location).toBe('/start');
    expect((await request(server).get('/fr/start').expect(302)).headers.location).toBe('/start');
  });

  it('works for discovered pages, before a rest route of the locale (Astro’s fallback-rewrite fixture)', async () => {
    const server = start({
      root: path.join(__dirname, '../fixtures/parity-i18n'),
      middleware: (_context, next) => next(),
      i18n: { locales: ['en', 'es'], defaultLocale: 'en', fallback: { es: 'en' }, routing: { fallbackType: 'rewrite', prefixDefaultLocale: false } },
    });
    expect(JSON.parse((await request(server).get('/es/test').expect(200)).text)).toMatchObject({ page: 'test.ts', currentLocale: 'es' });
    expect(JSON.parse((await request(server).get('/es/start').expect(200)).text)).toMatchObject({ page: 'start.ts', currentLocale: 'es' });
    expect(JSON.parse((await request(server).get('/es/').expect(200)).text)).toMatchObject({ page: 'es/index.ts' });
    expect(JSON.parse((await request(server).get('/es/other/tag').expect(200)).text)).toMatchObject({ page: 'es/[...tags].ts' });
  });

  it('with prefixDefaultLocale, falls back to the prefixed default locale', async () => {
    const server = start({
      routes: { '/en/start': page('en start'), '/de/[...rest]': page('de rest') },
      i18n: { locales: ['en', 'de'], defaultLocale: 'en', fallback: { de: 'en' }, routing: { prefixDefaultLocale: true } },
    });
    expect((await request(server).get('/de/start').expect(302)).headers.location).toBe('/en/start');
    expect(JSON.parse((await request(server).get('/de/other').expect(200)).text)).toMatchObject({ page: 'de rest' });
  });

  it('answers 404 for a page whose path names the unprefixed default locale (Astro 7; Astro 5 served it)', async () => {
    const server = start({
      routes: { '/[lang]/hello': page('hello'), '/404': { default: ({ response }: APIContext) => `not found ${response.status}` } },
      i18n: { locales: ['en', 'fr'], defaultLocale: 'en' },
    });
    const res = await request(server).get('/en/hello').expect(404);
    expect(res.text).toBe('not found 404');
    expect(res.headers.location).toBeUndefined();
    expect(JSON.parse((await request(server).get('/fr/hello').expect(200)).text)).toMatchObject({ currentLocale: 'fr' });
  });

  it('makes no fallback routes with routing: manual (your middleware decides)', async () => {
    const server = start({ routes: { '/fr/about': page('fr about') }, i18n: { locales: ['en', 'fr', 'de'], defaultLocale: 'en', fallback: { de: 'fr' }, routing: 'manual' } });
    expect((await request(server).get('/de/about').expect(404)).text).toBe('host fall-through');
  });
});
