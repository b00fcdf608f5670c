// Acceptance: examples/static-and-server, built (into a temporary outDir) and served as users run it;
// then started with its one command (dist/ of the package is built by `npm test` before jest).
import path from 'node:path';
import request from 'supertest';
import { build } from '../../lib/build/build';
import { MANIFEST_FILE } from '../../lib/build/manifest';
import { listFiles, memoryLogger, removeDir, tempDir } from './_helpers';
import { startExample, type StartedExample } from '../examples/start';

/* eslint-disable @typescript-eslint/no-require-imports */
const example = path.resolve(__dirname, '../../examples/static-and-server');
const { createApp, config } = require('../../examples/static-and-server/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

let outDir: string;
let app: import('node:http').RequestListener;
beforeAll(async () => {
  outDir = tempDir();
  const summary = await build({ ...config, root: example, outDir, logger: memoryLogger() });
  expect(summary.failures).toEqual([]);
  app = createApp({ outDir });
});
afterAll(() => removeDir(outDir));

describe('examples/static-and-server', () => {
  it('builds the prerendered part only', () => {
    const posts = Array.from({ length: 7 }, (_, i) => `posts/post-${i + 1}/index.html`);
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'blog/2/index.html', 'blog/3/index.html', 'blog/index.html', 'index.html', ...posts, 'rss.xml'].sort());
  });

  it('serves prerendered pages from files, rendered with the build-time context, without middleware', async () => {
    const res = await request(app).get('/posts/post-3').expect(200);
    expect(res.text).toContain('<h1>Post number 3</h1>');
    expect(res.text).toContain('Rendered at build time.');
    expect(res.headers['x-rendered']).toBeUndefined();
    await request(app).get('/posts/post-3').set('If-None-Match', res.headers.etag as string).expect(304);
    const feed = await request(app).get('/rss.xml').expect(200);
    expect(feed.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  });

  it('paginates the list', async () => {
    const second = await request(app).get('/blog/2').expect(200);
    expect(second.text).toContain('Page 2 of 3');
    expect(second.text).toContain('<a href="/blog">Newer</a>');
  });

  it('renders the rest on demand, with middleware', async () => {
    const account = await request(app).get('/account').set('Cookie', 'name=Ada').expect(200);
    expect(account.text).toContain('Hello, Ada');
    expect(account.text).toContain('Rendered at request time.');
    expect(account.headers['x-rendered']).toBe('on-demand');
    await request(app).post('/api/likes/post-1').expect(201);
    expect((await request(app).get('/api/likes/post-1').expect(200)).body).toEqual({ slug: 'post-1', likes: 1 });
  });

  it('answers a post getStaticPaths did not produce with the 404 page', async () => {
    const res = await request(app).get('/posts/post-99').expect(404);
    expect(res.text).toContain('Nothing lives at /posts/post-99.');
  });
});

// The one command of its README: `npm run example -- static-and-server` builds (into OUT_DIR
// here, a temporary folder), then serves on a free loopback port.
describe('examples/static-and-server started with its one command', () => {
  let started: StartedExample;
  let builtTo: string;
  beforeAll(async () => {
    builtTo = tempDir();
    // Bounded: a slow machine may rebuild the package first (scripts/example.mjs); the example is stopped on timeout.
    started = await startExample('static-and-server', { OUT_DIR: builtTo }, { timeoutMs: 280_000 });
  }, 300_000);
  afterAll(async () => {
    await started?.stop();
    removeDir(builtTo);
  });

  it('built the prerendered pages before serving', () => {
    expect(listFiles(builtTo)).toContain('posts/post-1/index.html');
    expect(listFiles(builtTo)).not.toContain('account/index.html');
  });

  it('serves a prerendered page from its file (ETag, 304, no middleware)', async () => {
    const page = await fetch(new URL('posts/post-1', started.url));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Rendered at build time.');
    expect(page.headers.get('x-rendered')).toBeNull();
    const etag = page.headers.get('etag');
    expect(etag).toBeTruthy();
    // Not fetch(): with If-None-Match it also sends Cache-Control: no-cache (Fetch standard), so 200.
    await request(started.url.replace(/\/$/, '')).get('/posts/post-1').set('If-None-Match', etag!).expect(304);
  });

  it('renders an on-demand page per request, with middleware', async () => {
    const account = await fetch(new URL('account', started.url), { headers: { cookie: 'name=Ada' } });
    expect(account.status).toBe(200);
    expect(account.headers.get('x-rendered')).toBe('on-demand');
    expect(await account.text()).toContain('Hello, Ada');
  });
});
