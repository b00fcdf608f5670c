import request from 'supertest';
import { cpSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from '../../lib/build/build';
import { MANIFEST_FILE } from '../../lib/build/manifest';
import type { APIContext, MiddlewareHandler, RendererOptions, RouteModule } from '../../lib/types';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { memoryLogger, read, removeDir, tempDir } from './_helpers';

// Counts middleware runs and marks what it touched: serving a built file must run none.
let middlewareRuns = 0;
const middleware: MiddlewareHandler = async (context, next) => {
  middlewareRuns++;
  (context.locals as { mark?: string }).mark = 'mw';
  const response = await next();
  response.headers.set('x-middleware', 'ran');
  return response;
};

const routes: Record<string, RouteModule> = {
  '/about': { default: ({ isPrerendered }: APIContext) => `<p>about ${isPrerendered}</p>`, prerender: true } as RouteModule,
  '/posts/[id]': {
    default: ({ params, props }: APIContext) => `<h1>${params.id} ${String(props.title)}</h1>`,
    getStaticPaths: () => [
      { params: { id: '1' }, props: { title: 'One' } },
      { params: { id: 'hé llo%' }, props: { title: 'Encoded' } },
    ],
    prerender: true,
  } as RouteModule,
  '/feed.xml': { GET: () => new Response('<rss/>', { headers: { 'content-type': 'application/rss+xml' } }), prerender: true } as RouteModule,
  '/old': { default: ({ redirect }: APIContext) => redirect('/about'), prerender: true } as RouteModule,
  '/live': { default: ({ isPrerendered, locals }: APIContext) => `<p>live ${isPrerendered} ${String((locals as { mark?: string }).mark)}</p>` },
  '/404': { default: () => '<p>custom 404</p>', prerender: false } as RouteModule,
};

function options(outDir: string, extra: RendererOptions = {}): RendererOptions {
  return { routes, middleware, outDir, ...extra };
}

describeEachHost('prerendered routes served from a build on %s', (host) => {
  let outDir: string;
  let app: Served;
  beforeAll(async () => {
    outDir = tempDir();
    const summary = await build({ ...options(outDir), logger: memoryLogger() });
    expect(summary.failures).toEqual([]);
    app = await serve(host, options(outDir));
  });
  afterAll(async () => {
    await app.close();
    removeDir(outDir);
  });
  beforeEach(() => {
    middlewareRuns = 0;
  });

  it('serves the built file with ETag and Last-Modified, without running middleware', async () => {
    const res = await request(app.base).get('/about?utm=1');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<p>about true</p>');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers.etag).toBeDefined();
    expect(res.headers['last-modified']).toBeDefined();
    expect(res.headers['x-middleware']).toBeUndefined();
    expect(middlewareRuns).toBe(0);
  });

  it('answers conditional requests with 304, HEAD without a body, and byte ranges', async () => {
    const first = await request(app.base).get('/posts/1');
    expect(first.text).toBe('<h1>1 One</h1>');
    const etag = first.headers.etag as string;
    expect((await request(app.base).get('/posts/1').set('If-None-Match', etag)).status).toBe(304);
    expect((await request(app.base).get('/posts/1/').set('If-Modified-Since', first.headers['last-modified'] as string)).status).toBe(304);
    const head = await request(app.base).head('/posts/1');
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(Buffer.byteLength('<h1>1 One</h1>')));
    expect(head.text ?? '').toBe('');
    const range = await request(app.base).get('/posts/1').set('Range', 'bytes=0-3');
    expect(range.status).toBe(206);
    expect(range.text).toBe('<h1>');
    expect(middlewareRuns).toBe(0);
  });

  it('refuses an unsatisfiable range with 416', async () => {
    const res = await request(app.base).get('/posts/1').set('Range', 'bytes=500-600');
    expect(res.status).toBe(416);
    expect(res.headers['content-range']).toBe(`bytes */${Buffer.byteLength('<h1>1 One</h1>')}`);
  });

  it('serves a path whose params need percent-encoding from its file', async () => {
    const res = await request(app.base).get('/posts/h%C3%A9%20llo%25');
    expect(res.status).toBe(200);
    expect(res.text).toBe('<h1>hé llo% Encoded</h1>');
    expect(res.headers.etag).toBeDefined();
  });

  it("serves an endpoint's bytes with the Content-Type it answered with at build time", async () => {
    const res = await request(app.base).get('/feed.xml').buffer(true).parse((r, cb) => {
      let data = '';
      r.on('data', (c: Buffer) => (data += c));
      r.on('end', () => cb(null, data));
    });
    expect(res.headers['content-type']).toBe('application/rss+xml');
    expect(res.body).toBe('<rss/>');
  });

  it('serves a redirect as its meta-refresh page', async () => {
    const res = await request(app.base).get('/old');
    expect(res.status).toBe(200);
    expect(res.text).toContain('<meta http-equiv="refresh" content="2;url=/about">');
  });

  it('hands a path getStaticPaths did not produce to the host (fall-through), with middleware around it', async () => {
    const res = await request(app.base).get('/posts/2');
    expect(res.status).toBe(404);
    // The node:http listener without a `next` has no host to hand it to: its plain 404.
    if (host === 'node') expect(res.text).toBe('Not Found');
    else expect(res.text).toBe('host fall-through');
    expect(middlewareRuns).toBe(1);
  });

  it('never serves files outside the build: a traversal through a param is no route', async () => {
    const res = await request(app.base).get(`/posts/..%2F..%2F${MANIFEST_FILE}`);
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('generator');
  });

  it('renders on-demand neighbours as before, with middleware', async () => {
    const res = await request(app.base).get('/live');
    expect(res.text).toBe('<p>live false mw</p>');
    expect(res.headers['x-middleware']).toBe('ran');
  });

  it('leaves other methods on a prerendered path to the host', async () => {
    const res = await request(app.base).post('/about');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('about');
  });
});

describeEachHost('a build served with fallThrough: false on %s', (host) => {
  let outDir: string;
  let app: Served;
  beforeAll(async () => {
    outDir = tempDir();
    await build({ ...options(outDir), logger: memoryLogger() });
    app = await serve(host, options(outDir, { fallThrough: false }));
  });
  afterAll(async () => {
    await app.close();
    removeDir(outDir);
  });

  it('gives an unproduced dynamic path the /404 route', async () => {
    const res = await request(app.base).get('/posts/9');
    expect(res.status).toBe(404);
    expect(res.text).toBe('<p>custom 404</p>');
  });
});

describeEachHost('prerendered routes without a build on %s', (host) => {
  let outDir: string;
  let app: Served;
  const logger = memoryLogger();
  beforeAll(async () => {
    outDir = tempDir();
    app = await serve(host, options(outDir, { logger } as RendererOptions));
  });
  afterAll(async () => {
    await app.close();
    removeDir(outDir);
  });

  it('renders them on demand with the build-time context, and reports the missing build once', async () => {
    const res = await request(app.base).get('/about?x=1').set('Accept-Language', 'fr');
    expect(res.text).toBe('<p>about true</p>');
    expect((await request(app.base).get('/posts/1')).text).toBe('<h1>1 One</h1>');
    expect((await request(app.base).get('/posts/2')).status).toBe(404);
    const redirect = await request(app.base).get('/old');
    expect(redirect.status).toBe(200);
    expect(redirect.text).toContain('url=/about');
    expect(logger.lines).toHaveLength(1);
    expect(logger.lines[0]).toEqual({ level: 'warn', message: expect.stringContaining(`No build found in ${outDir}`) });
    expect(logger.lines[0]!.message).toContain('npx astro-bridge build');
  });
});

describeEachHost('development and stale builds on %s', (host) => {
  let outDir: string;
  beforeEach(() => {
    outDir = tempDir();
  });
  afterEach(() => removeDir(outDir));

  it('dev: true renders on demand even with a build, without a warning', async () => {
    await build({ ...options(outDir), logger: memoryLogger() });
    writeFileSync(path.join(outDir, 'about', 'index.html'), 'stale file');
    const logger = memoryLogger();
    const app = await serve(host, options(outDir, { dev: true, logger } as RendererOptions));
    try {
      middlewareRuns = 0;
      const res = await request(app.base).get('/about');
      expect(res.text).toBe('<p>about true</p>');
      // Middleware runs, as at build time, and the headers it set are sent, as by Astro's dev server.
      expect(middlewareRuns).toBe(1);
      expect(res.headers['x-middleware']).toBe('ran');
    } finally {
      await app.close();
    }
    expect(logger.lines).toEqual([]);
  });

  it('a build that lacks a prerendered route is reported stale once; the route renders on demand', async () => {
    await build({ ...options(outDir), logger: memoryLogger() });
    const manifest = JSON.parse(read(outDir, MANIFEST_FILE));
    manifest.routes = manifest.routes.filter((r: string) => r !== '/posts/[id]');
    writeFileSync(path.join(outDir, MANIFEST_FILE), JSON.stringify(manifest));
    writeFileSync(path.join(outDir, 'posts', '1', 'index.html'), 'stale file');
    const logger = memoryLogger();
    const app = await serve(host, options(outDir, { logger } as RendererOptions));
    try {
      expect((await request(app.base).get('/posts/1')).text).toBe('<h1>1 One</h1>');
      expect((await request(app.base).get('/about')).headers.etag).toBeDefined();
      await request(app.base).get('/posts/1');
    } finally {
      await app.close();
    }
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringMatching(/is stale: it lacks \/posts\/\[id\]/) }]);
  });
});

describeEachHost('builds with base and build.format: file on %s', (host) => {
  let outDir: string;
  beforeEach(() => {
    outDir = tempDir();
  });
  afterEach(() => removeDir(outDir));

  it('serves dir.html files below the base', async () => {
    const opts = options(outDir, { base: '/docs', build: { format: 'file' } });
    await build({ ...opts, logger: memoryLogger() });
    const app = await serve(host, opts);
    try {
      const res = await request(app.base).get('/docs/posts/1');
      expect(res.text).toBe('<h1>1 One</h1>');
      expect(res.headers.etag).toBeDefined();
      expect((await request(app.base).get('/posts/1')).text).not.toContain('One');
    } finally {
      await app.close();
    }
  });

  it("also serves a 'file' page at the .html URL it saw as context.url (trailingSlash 'always')", async () => {
    const opts = options(outDir, { base: '/docs', trailingSlash: 'always', build: { format: 'file' }, routes: { ...routes, '/': { default: ({ url }: APIContext) => `<p>${url.pathname}</p>`, prerender: true } as RouteModule } });
    await build({ ...opts, logger: memoryLogger() });
    const app = await serve(host, opts);
    try {
      middlewareRuns = 0;
      const post = await request(app.base).get('/docs/posts/1.html').expect(200);
      expect(post.text).toBe('<h1>1 One</h1>');
      expect(post.headers.etag).toBeDefined();
      expect((await request(app.base).get('/docs/index.html').expect(200)).text).toBe('<p>/docs/index.html</p>');
      expect((await request(app.base).get('/docs/').expect(200)).text).toBe('<p>/docs/index.html</p>');
      expect(middlewareRuns).toBe(0);
      // Only prerendered pages have a .html spelling.
      expect((await request(app.base).get('/docs/live.html')).text).not.toContain('live');
    } finally {
      await app.close();
    }
  });

  it('in development, drops the cookies a prerendered route sets and says so once', async () => {
    const logger = memoryLogger();
    const app = await serve(host, {
      routes: { '/c': { default: ({ cookies }: APIContext) => (cookies.set('seen', '1'), 'c') } as RouteModule },
      prerender: true,
      dev: true,
      middleware: undefined,
      logger,
    } as RendererOptions);
    try {
      const first = await request(app.base).get('/c');
      expect(first.text).toBe('c');
      expect(first.headers['set-cookie']).toBeUndefined();
      await request(app.base).get('/c');
    } finally {
      await app.close();
    }
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringContaining('/c is prerendered: the cookies it sets (seen) are dropped') }]);
  });
});

describeEachHost('development renders with the build-time context on %s', (host) => {
  it('no query, no Accept-Language, no client address, no session', async () => {
    let seen: Record<string, unknown> | undefined;
    const app = await serve(host, {
      routes: {
        '/[lang]/info': {
          default: (context: APIContext) => {
            let address: string;
            try {
              address = context.clientAddress;
            } catch (error) {
              address = (error as Error).name;
            }
            seen = { url: context.url.href, preferred: context.preferredLocale, current: context.currentLocale, address, session: context.session, isPrerendered: context.isPrerendered };
            return 'ok';
          },
          getStaticPaths: () => [{ params: { lang: 'fr' } }],
        } as RouteModule,
      },
      i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: 'manual' },
      session: {},
      prerender: true,
      dev: true,
      middleware: undefined,
    });
    try {
      await request(app.base).get('/fr/info?draft=1').set('Accept-Language', 'fr').set('Cookie', 'astro-session=abc').expect(200);
    } finally {
      await app.close();
    }
    expect(seen).toEqual({ url: 'http://localhost/fr/info/', preferred: undefined, current: 'fr', address: 'PrerenderClientAddressNotAvailable', session: undefined, isPrerendered: true });
  });

  it("reports a dynamic prerendered route without getStaticPaths to the host's error handling", async () => {
    // node: a host around the listener, whose error handler names the error.
    const app = await serve(host, { routes: { '/[x]': { default: () => 'x' } }, prerender: true, dev: true, middleware: undefined }, { fallThrough: true });
    try {
      const res = await request(app.base).get('/anything').expect(500);
      expect(res.text).toContain('host error: GetStaticPathsRequired');
      expect(res.text).toContain("'/[x]'");
    } finally {
      await app.close();
    }
  });
});

describeEachHost(
  'development renders under a mount path on %s',
  (host) => {
    let app: Served;
    let seenUrl: string | undefined;
    beforeAll(async () => {
      app = await serve(
        host,
        {
          routes: {
            '/about': {
              default: ({ url }: APIContext) => {
                seenUrl = url.href;
                return new Response('<p>about</p>', { headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'max-age=60', 'x-route': 'about' } });
              },
            } as RouteModule,
            '/posts/[id]': { default: ({ url }: APIContext) => `<p>${url.pathname}</p>`, getStaticPaths: () => [{ params: { id: '1' } }] } as RouteModule,
          },
          middleware: async (_context, next) => {
            const response = await next();
            response.headers.set('x-middleware', 'ran');
            return response;
          },
          prerender: true,
          dev: true,
        },
        { mountPath: '/app' },
      );
    });
    afterAll(() => app.close());

    it('keeps the headers the route and middleware set (Set-Cookie aside)', async () => {
      const res = await request(app.base).get('/app/about').expect(200);
      expect(res.text).toBe('<p>about</p>');
      expect(res.headers['cache-control']).toBe('max-age=60');
      expect(res.headers['x-route']).toBe('about');
      expect(res.headers['x-middleware']).toBe('ran');
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    });

    it('gives context.url the mount path, as on-demand routes have it', async () => {
      await request(app.base).get('/app/about').expect(200);
      expect(seenUrl).toBe('http://localhost/app/about/');
      expect((await request(app.base).get('/app/posts/1').expect(200)).text).toBe('<p>/app/posts/1/</p>');
    });
  },
  { skip: { node: 'node:http has no mount path: the listener is not mounted below a prefix' } },
);

describeEachHost('a build older than a discovered route file on %s', (host) => {
  it('is reported stale once, and the route is still served as built', async () => {
    const root = tempDir();
    const outDir = path.join(root, 'dist');
    cpSync(path.join(__dirname, '..', 'fixtures', 'prerender-app'), root, { recursive: true });
    const opts = { root, prerender: true } as RendererOptions;
    await build({ ...opts, logger: memoryLogger() });
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'src', 'pages', 'posts', '[id].mjs'), later, later);
    const logger = memoryLogger();
    const app = await serve(host, { ...opts, logger } as RendererOptions);
    try {
      const res = await request(app.base).get('/posts/a');
      expect(res.text).toBe('<h1>a: A</h1><!-- built -->');
      expect(res.headers.etag).toBeDefined();
      await request(app.base).get('/posts/b');
    } finally {
      await app.close();
      removeDir(root);
    }
    expect(logger.lines).toEqual([{ level: 'warn', message: expect.stringContaining(`The build in ${outDir}`) }]);
    expect(logger.lines[0]!.message).toContain('/posts/[id] changed since (served as built)');
  });
});

describeEachHost('i18n with a build on %s', (host) => {
  let outDir: string;
  let app: Served;
  const i18nOptions = (dir: string): RendererOptions => ({
    routes: {
      '/about': { default: ({ currentLocale }: APIContext) => `<p>about ${currentLocale}</p>` },
      '/fr/contact': { default: ({ currentLocale }: APIContext) => `<p>contact ${currentLocale}</p>` },
      '/live': { default: () => '<p>live</p>', prerender: false },
    } as Record<string, RouteModule>,
    i18n: { locales: ['en', 'fr'], defaultLocale: 'en', fallback: { fr: 'en' }, routing: { prefixDefaultLocale: false, fallbackType: 'redirect' } },
    prerender: true,
    outDir: dir,
    middleware: undefined,
  });
  beforeAll(async () => {
    outDir = tempDir();
    await build({ ...i18nOptions(outDir), logger: memoryLogger() });
    app = await serve(host, i18nOptions(outDir));
  });
  afterAll(async () => {
    await app.close();
    removeDir(outDir);
  });

  it('serves each locale page from its file, rendered with its currentLocale', async () => {
    expect((await request(app.base).get('/fr/contact')).text).toBe('<p>contact fr</p>');
    expect((await request(app.base).get('/about')).headers.etag).toBeDefined();
  });

  // Astro's fallback route of a prerendered page is prerendered too: its meta-refresh page is a file.
  it('serves the fallback page the build wrote for a page a locale lacks', async () => {
    const res = await request(app.base).get('/fr/about').expect(200);
    expect(res.text).toContain('<meta http-equiv="refresh" content="2;url=/about/">');
    expect(res.headers.etag).toBeDefined();
  });

  it('without a build (dev: true), renders the same fallback page on demand', async () => {
    const dev = await serve(host, { ...i18nOptions(outDir), dev: true });
    try {
      const res = await request(dev.base).get('/fr/about').expect(200);
      expect(res.text).toContain('<meta http-equiv="refresh" content="2;url=/about/">');
      expect(res.headers.etag).toBeUndefined();
    } finally {
      await dev.close();
    }
  });

  it('falls back at request time for a page with no build file (an on-demand page)', async () => {
    const res = await request(app.base).get('/fr/live');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/live');
  });
});

describeEachHost('build.format reaches i18n routing on %s', (host) => {
  // Astro's buildFormat: under trailingSlash 'ignore', locale URLs end in a slash only for 'directory'.
  it.each([
    ['directory', '/en/'],
    ['file', '/en'],
  ] as const)("build.format '%s': / redirects to %s", async (format, location) => {
    const app = await serve(host, {
      routes: { '/en': { default: () => 'en' } },
      i18n: { locales: ['en', 'fr'], defaultLocale: 'en', routing: { prefixDefaultLocale: true, redirectToDefaultLocale: true } },
      build: { format },
      middleware: undefined,
    });
    try {
      const res = await request(app.base).get('/').expect(302);
      expect(res.headers.location).toBe(location);
    } finally {
      await app.close();
    }
  });
});

describeEachHost('a built file on %s', (host) => {
  it('goes out through Koa: upstream middleware sees its status and body, and can add headers', async () => {
    const outDir = tempDir();
    await build({ ...options(outDir), logger: memoryLogger() });
    const seen: unknown[] = [];
    const app = await serve(host, options(outDir), {
      before: (koa: { use(fn: unknown): void }) =>
        koa.use(async (ctx: { status: number; body: unknown; set(k: string, v: string): void }, next: () => Promise<void>) => {
          await next();
          seen.push([ctx.status, typeof (ctx.body as { pipe?: unknown } | null)?.pipe]);
          ctx.set('x-upstream', 'seen');
        }),
    });
    try {
      const res = await request(app.base).get('/about');
      expect(res.text).toBe('<p>about true</p>');
      expect(res.headers['x-upstream']).toBe('seen');
      expect(res.headers.etag).toBeDefined();
      const again = await request(app.base).get('/about').set('If-None-Match', res.headers.etag as string);
      expect(again.status).toBe(304);
      expect(again.headers['x-upstream']).toBe('seen');
    } finally {
      await app.close();
      removeDir(outDir);
    }
    expect(seen).toEqual([[200, 'function'], [304, 'undefined']]);
  });
}, { skip: { express: "a test of Koa's ctx.status/ctx.body seen by upstream Koa middleware", node: "a test of Koa's ctx.status/ctx.body seen by upstream Koa middleware" } });

describeEachHost('prerendered error pages on %s', (host) => {
  const errorRoutes = (): Record<string, RouteModule> => ({
    '/posts/[id]': { default: () => 'post', getStaticPaths: () => [{ params: { id: '1' } }] } as RouteModule,
    '/404': { default: ({ isPrerendered }: APIContext) => `<p>404 prerendered=${isPrerendered}</p>` },
    '/500': { default: ({ isPrerendered }: APIContext) => `<p>500 prerendered=${isPrerendered}</p>` },
    '/boom': { default: () => { throw new Error('boom'); }, prerender: false } as RouteModule,
  });
  let outDir: string;
  beforeEach(() => {
    outDir = tempDir();
  });
  afterEach(() => removeDir(outDir));

  it('answers with the built /404 and /500 pages and their statuses', async () => {
    const opts: RendererOptions = { routes: errorRoutes(), prerender: true, fallThrough: false, outDir, middleware: undefined };
    await build({ ...opts, logger: memoryLogger() });
    const app = await serve(host, opts);
    try {
      for (const path of ['/nowhere', '/posts/2']) {
        const res = await request(app.base).get(path);
        expect([res.status, res.text]).toEqual([404, '<p>404 prerendered=true</p>']);
      }
      const failed = await request(app.base).get('/boom');
      expect([failed.status, failed.text]).toEqual([500, '<p>500 prerendered=true</p>']);
    } finally {
      await app.close();
    }
  });

  it('renders them on demand without a build', async () => {
    const app = await serve(host, { routes: errorRoutes(), prerender: true, fallThrough: false, outDir, middleware: undefined, logger: memoryLogger() } as RendererOptions);
    try {
      const res = await request(app.base).get('/nowhere');
      expect([res.status, res.text]).toEqual([404, '<p>404 prerendered=false</p>']);
    } finally {
      await app.close();
    }
  });
});
