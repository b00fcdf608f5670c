import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from '../../lib/build/build';
import { MANIFEST_FILE } from '../../lib/build/manifest';
import type { APIContext, MiddlewareHandler, RouteModule } from '../../lib/types';
import { listFiles, memoryLogger, read, removeDir, tempDir } from './_helpers';

let outDir: string;
beforeEach(() => {
  outDir = tempDir();
});
afterEach(() => removeDir(outDir));

const html = (body: string) => () => `<p>${body}</p>`;

const routes: Record<string, RouteModule> = {
  '/': { default: html('home') },
  '/about': { default: html('about') },
  '/posts/[id]': {
    default: ({ params, props }: APIContext) => `<h1>${params.id}: ${String(props.title)}</h1>`,
    getStaticPaths: async () => [
      { params: { id: '1' }, props: { title: 'One' } },
      { params: { id: '2' }, props: { title: 'Two' } },
    ],
  } as RouteModule,
  '/feed.xml': { GET: () => new Response('<rss/>', { headers: { 'content-type': 'application/xml' } }) },
  '/data/[id].json': { GET: ({ params }: APIContext) => Response.json({ id: params.id }), getStaticPaths: () => [{ params: { id: 'a' } }] } as RouteModule,
  '/404': { default: html('not found') },
  '/live': { default: html('on demand'), prerender: false } as RouteModule,
};

describe('build()', () => {
  it("writes pages as dir/index.html ('directory'), endpoints as their bytes, and a manifest", async () => {
    const logger = memoryLogger();
    const summary = await build({ routes, prerender: true, outDir, logger, middleware: undefined });
    expect(listFiles(outDir)).toEqual([
      MANIFEST_FILE,
      '404.html',
      'about/index.html',
      'data/a.json',
      'feed.xml',
      'index.html',
      'posts/1/index.html',
      'posts/2/index.html',
    ]);
    expect(read(outDir, 'posts/2/index.html')).toBe('<h1>2: Two</h1>');
    expect(read(outDir, 'feed.xml')).toBe('<rss/>');
    expect(JSON.parse(read(outDir, 'data/a.json'))).toEqual({ id: 'a' });
    expect(summary).toMatchObject({ routes: 6, files: 7, failures: [] });
    expect(summary.bytes).toBe(listFiles(outDir).filter((f) => f !== MANIFEST_FILE).reduce((n, f) => n + Buffer.byteLength(read(outDir, f)), 0));
    const manifest = JSON.parse(read(outDir, MANIFEST_FILE));
    expect(manifest.routes).not.toContain('/live');
    expect(manifest.files['/feed.xml']).toEqual({ file: 'feed.xml', type: 'application/xml' });
    expect(manifest.files['/posts/1']).toEqual({ file: 'posts/1/index.html', type: 'text/html; charset=utf-8' });
    expect(logger.text()).toMatch(/astro-bridge build: 6 routes, 7 files, \d+ B in [\d.]+ s/);
  });

  it("writes dir.html with build.format 'file', and leaves no temporary files", async () => {
    await build({ routes, prerender: true, outDir, logger: memoryLogger(), middleware: undefined, build: { format: 'file' } });
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, '404.html', 'about.html', 'data/a.json', 'feed.xml', 'index.html', 'posts/1.html', 'posts/2.html']);
  });

  it('renders only prerendered routes: the default, and each route export over it', async () => {
    const summary = await build({
      routes: { '/a': { default: html('a') }, '/b': { default: html('b'), prerender: true } as RouteModule },
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'b/index.html']);
    expect(summary.routes).toBe(1);
  });

  it('says so when no route is prerendered', async () => {
    const logger = memoryLogger();
    const summary = await build({ routes: { '/a': { default: html('a') } }, outDir, logger, middleware: undefined });
    expect(summary).toMatchObject({ routes: 0, files: 0, failures: [] });
    expect(logger.lines[0]).toEqual({ level: 'warn', message: expect.stringContaining('No route is prerendered') });
  });

  it('runs middleware with the build-time context', async () => {
    const seen: Record<string, unknown>[] = [];
    const middleware: MiddlewareHandler = async (context, next) => {
      let address: unknown;
      try {
        address = context.clientAddress;
      } catch (error) {
        address = (error as Error).name;
      }
      seen.push({
        url: context.url.href,
        isPrerendered: context.isPrerendered,
        address,
        session: context.session,
        headers: [...context.request.headers.keys()],
      });
      const response = await next();
      response.headers.set('x-ignored', '1');
      return new Response(`${await response.text()}<!-- mw -->`, response);
    };
    await build({
      routes: { '/p': { default: html('p') } },
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware,
      site: 'https://example.com/ignored-path',
      session: {},
    });
    expect(read(outDir, 'p/index.html')).toBe('<p>p</p><!-- mw -->');
    expect(seen).toEqual([{ url: 'https://example.com/p/', isPrerendered: true, address: 'PrerenderClientAddressNotAvailable', session: undefined, headers: [] }]);
  });

  it('gives routes isPrerendered, no search params, no preferred locale, and the params and props', async () => {
    let context: APIContext | undefined;
    await build({
      routes: {
        '/[lang]/hi': {
          default: (c: APIContext) => ((context = c), 'x'),
          getStaticPaths: () => [{ params: { lang: 'fr' }, props: { n: 1 } }],
        } as RouteModule,
      },
      i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: 'manual' },
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(context!.url.href).toBe('http://localhost/fr/hi/');
    expect(context!.url.search).toBe('');
    expect(context!.isPrerendered).toBe(true);
    expect(context!.preferredLocale).toBeUndefined();
    expect(context!.currentLocale).toBe('fr');
    expect(context!.params).toEqual({ lang: 'fr' });
    expect(context!.props).toEqual({ n: 1 });
  });

  it('writes a redirect as a meta-refresh page with a canonical link (status ignored)', async () => {
    await build({
      routes: { '/old': { default: ({ redirect }: APIContext) => redirect('/new', 301) } as RouteModule, '/temp': { GET: ({ redirect }: APIContext) => redirect('/x') } as RouteModule },
      prerender: true,
      site: 'https://example.com',
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    const page = read(outDir, 'old/index.html');
    expect(page).toContain('<meta http-equiv="refresh" content="0;url=/new">');
    expect(page).toContain('<link rel="canonical" href="https://example.com/new">');
    expect(page).toContain('from <code>/old/</code>');
    // A 302 waits 2 s, so search engines read it as temporary.
    expect(read(outDir, 'temp')).toContain('content="2;url=/x"');
  });

  it('drops cookies with a warning', async () => {
    const logger = memoryLogger();
    await build({
      routes: { '/c': { default: ({ cookies }: APIContext) => (cookies.set('theme', 'dark'), 'c') } as RouteModule },
      prerender: true,
      outDir,
      logger,
      middleware: undefined,
    });
    expect(read(outDir, 'c/index.html')).toBe('c');
    expect(logger.lines).toContainEqual({ level: 'warn', message: expect.stringMatching(/\/c: cookies set while prerendering are dropped.*theme/) });
  });

  it('honours base (request URLs) and trailingSlash, with files laid out without the base', async () => {
    const urls: string[] = [];
    await build({
      routes: { '/': { default: ({ url }: APIContext) => (urls.push(url.pathname), 'r') }, '/a': { default: ({ url }: APIContext) => (urls.push(url.pathname), 'a') } } as Record<string, RouteModule>,
      base: '/docs',
      trailingSlash: 'never',
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(urls.sort()).toEqual(['/docs', '/docs/a']);
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'a/index.html', 'index.html']);
  });

  // Astro's getUrlForPath (and its build.format docs: 'directory' gives `/foo/`, 'file' `/foo.html`).
  it.each([
    ['directory', 'ignore', '', ['/', '/a/', '/api', '/feed.xml']],
    ['directory', 'never', '/docs', ['/docs', '/docs/a', '/docs/api', '/docs/feed.xml']],
    ['directory', 'always', '/docs', ['/docs/', '/docs/a/', '/docs/api/', '/docs/feed.xml']],
    ['file', 'ignore', '', ['/index.html', '/a.html', '/api', '/feed.xml']],
    ['file', 'never', '/docs', ['/docs/index.html', '/docs/a.html', '/docs/api', '/docs/feed.xml']],
    ['file', 'always', '/docs', ['/docs/index.html', '/docs/a.html', '/docs/api/', '/docs/feed.xml']],
  ] as const)("gives context.url Astro's build URL: format '%s', trailingSlash '%s', base '%s'", async (format, trailingSlash, base, expected) => {
    const urls = new Map<string, string>();
    const seen = (name: string) => ({ url }: APIContext) => (urls.set(name, url.href), name);
    await build({
      routes: {
        '/': { default: seen('/') },
        '/a': { default: seen('/a') },
        '/api': { GET: (c: APIContext) => new Response(seen('/api')(c)) },
        '/feed.xml': { GET: (c: APIContext) => new Response(seen('/feed.xml')(c)) },
      } as Record<string, RouteModule>,
      base,
      trailingSlash,
      build: { format },
      site: 'https://example.com',
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(['/', '/a', '/api', '/feed.xml'].map((name) => urls.get(name))).toEqual(expected.map((p) => `https://example.com${p}`));
    const pages = format === 'file' ? ['a.html', 'index.html'] : ['a/index.html', 'index.html'];
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, ...pages, 'api', 'feed.xml'].sort());
  });

  it("writes a redirect page from the 'file' URL (`/old.html`), its canonical link from site", async () => {
    await build({
      routes: { '/old': { default: ({ redirect }: APIContext) => redirect('/new') } as RouteModule },
      build: { format: 'file' },
      site: 'https://example.com',
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    const page = read(outDir, 'old.html');
    expect(page).toContain('from <code>/old.html</code>');
    expect(page).toContain('<link rel="canonical" href="https://example.com/new">');
  });

  it('renders i18n routing: a prefixed default locale redirects / with a meta-refresh page', async () => {
    await build({
      routes: { '/': { default: html('root') }, '/en': { default: html('en') }, '/fr': { default: html('fr') } },
      i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: { prefixDefaultLocale: true, redirectToDefaultLocale: true } },
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(read(outDir, 'index.html')).toContain('url=/en');
    expect(read(outDir, 'fr/index.html')).toBe('<p>fr</p>');
  });

  describe('i18n fallback pages (a page only the fallback locale has)', () => {
    const i18nRoutes = (): Record<string, RouteModule> => ({
      '/': { default: ({ currentLocale }: APIContext) => `<p>home ${currentLocale}</p>` },
      '/about': { default: ({ currentLocale, url }: APIContext) => `<p>about ${currentLocale} ${url.pathname}</p>` },
      '/fr': { default: html('accueil') },
      '/fr/contact': { default: html('contact') },
      '/posts/[slug]': {
        default: ({ params, props }: APIContext) => `<h1>${params.slug}: ${String(props.title)}</h1>`,
        getStaticPaths: () => [
          { params: { slug: 'a' }, props: { title: 'A' } },
          { params: { slug: 'b' }, props: { title: 'B' } },
        ],
      } as RouteModule,
      '/live': { default: html('live'), prerender: false } as RouteModule,
    });
    const i18n = (fallbackType: 'redirect' | 'rewrite', prefixDefaultLocale = false) => ({
      locales: ['en', 'fr', 'de'],
      defaultLocale: 'en',
      fallback: { fr: 'en' },
      routing: { prefixDefaultLocale, redirectToDefaultLocale: false, fallbackType },
    });

    it("fallbackType 'redirect': writes a meta-refresh page to the fallback locale's page (static and getStaticPaths paths)", async () => {
      const summary = await build({ routes: i18nRoutes(), i18n: i18n('redirect'), site: 'https://example.com', prerender: true, outDir, logger: memoryLogger(), middleware: undefined });
      expect(summary.failures).toEqual([]);
      expect(listFiles(outDir)).toEqual([
        MANIFEST_FILE,
        'about/index.html',
        'fr/about/index.html',
        'fr/contact/index.html',
        'fr/index.html',
        'fr/posts/a/index.html',
        'fr/posts/b/index.html',
        'index.html',
        'posts/a/index.html',
        'posts/b/index.html',
      ]);
      // A translated page wins over the fallback; only locales with a fallback get pages (no de/).
      expect(read(outDir, 'fr/index.html')).toBe('<p>accueil</p>');
      const about = read(outDir, 'fr/about/index.html');
      expect(about).toContain('<meta http-equiv="refresh" content="2;url=/about/">');
      expect(about).toContain('<link rel="canonical" href="https://example.com/about/">');
      expect(read(outDir, 'fr/posts/b/index.html')).toContain('url=/posts/b/"');
    });

    it("fallbackType 'rewrite': writes the fallback locale's page at the locale's path, with its props", async () => {
      await build({ routes: i18nRoutes(), i18n: i18n('rewrite'), prerender: true, outDir, logger: memoryLogger(), middleware: undefined });
      expect(read(outDir, 'fr/about/index.html')).toBe('<p>about fr /about/</p>');
      expect(read(outDir, 'fr/posts/a/index.html')).toBe('<h1>a: A</h1>');
      expect(read(outDir, 'fr/contact/index.html')).toBe('<p>contact</p>');
    });

    it('follows prefixDefaultLocale: a prefixed default locale is the fallback path', async () => {
      const routes: Record<string, RouteModule> = { '/en/about': { default: html('about') }, '/fr/contact': { default: html('contact') } };
      await build({ routes, i18n: i18n('redirect', true), prerender: true, outDir, logger: memoryLogger(), middleware: undefined });
      expect(read(outDir, 'fr/about/index.html')).toContain('url=/en/about/"');
      expect(listFiles(outDir)).not.toContain('en/contact/index.html');
    });

    it('leaves the fallback of an on-demand page to request time', async () => {
      const routes: Record<string, RouteModule> = { '/about': { default: html('about'), prerender: false } as RouteModule, '/fr': { default: html('fr') } };
      await build({ routes, i18n: i18n('redirect'), prerender: true, outDir, logger: memoryLogger(), middleware: undefined });
      expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'fr/index.html']);
    });
  });

  it('reports every failed route and still builds the others', async () => {
    const logger = memoryLogger();
    const summary = await build({
      routes: {
        '/ok': { default: html('ok') },
        '/boom': { default: () => { throw new Error('kaput'); } },
        '/[id]': { default: html('x') },
      } as Record<string, RouteModule>,
      prerender: true,
      outDir,
      logger,
      middleware: undefined,
    });
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'ok/index.html']);
    expect(summary.failures.map((f) => [f.route, f.pathname, (f.error as Error).name])).toEqual(
      expect.arrayContaining([['/boom', '/boom', 'Error'], ['/[id]', undefined, 'GetStaticPathsRequired']]),
    );
    expect(logger.text()).toContain('2 failed:');
    expect(logger.text()).toContain('/boom /boom: Error: kaput');
    expect(JSON.parse(read(outDir, MANIFEST_FILE)).routes).toEqual(['/ok']);
  });

  it('refuses a path whose params would leave outDir (PrerenderPathOutsideOutDir), building the rest', async () => {
    const summary = await build({
      routes: { '/p/[...rest]': { default: html('x'), getStaticPaths: () => [{ params: { rest: '../../escape' } }, { params: { rest: 'fine' } }] } as RouteModule },
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
    });
    expect(summary.failures.map((f) => [f.pathname, (f.error as Error).name])).toEqual([['/p/../../escape', 'PrerenderPathOutsideOutDir']]);
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'p/fine/index.html']);
    expect(existsSync(path.join(path.dirname(outDir), 'escape'))).toBe(false);
  });

  it('warns when two routes produce the same path; the higher-priority one wins', async () => {
    const logger = memoryLogger();
    await build({
      routes: { '/a': { default: html('static') }, '/[x]': { default: html('dynamic'), getStaticPaths: () => [{ params: { x: 'a' } }, { params: { x: 'b' } }] } as RouteModule },
      prerender: true,
      outDir,
      logger,
      middleware: undefined,
    });
    expect(read(outDir, 'a/index.html')).toBe('<p>static</p>');
    expect(read(outDir, 'b/index.html')).toBe('<p>dynamic</p>');
    expect(logger.lines).toContainEqual({ level: 'warn', message: expect.stringContaining('PrerenderRouteConflict') });
  });

  it('renders at most build.concurrency paths at once', async () => {
    let running = 0;
    let peak = 0;
    const ids = Array.from({ length: 8 }, (_, i) => ({ params: { id: String(i) } }));
    await build({
      routes: {
        '/[id]': {
          default: async () => {
            peak = Math.max(peak, ++running);
            await new Promise((r) => setImmediate(r));
            running--;
            return 'x';
          },
          getStaticPaths: () => ids,
        } as RouteModule,
      },
      prerender: true,
      outDir,
      logger: memoryLogger(),
      middleware: undefined,
      build: { concurrency: 3 },
    });
    expect(peak).toBe(3);
  });

  it('refuses bad build options', async () => {
    await expect(build({ routes: {}, build: { format: 'flat' as never }, logger: memoryLogger() })).rejects.toMatchObject({ name: 'InvalidOption' });
    await expect(build({ routes: {}, build: { concurrency: 0 }, logger: memoryLogger() })).rejects.toMatchObject({ name: 'InvalidOption' });
  });
});
