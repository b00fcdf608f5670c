import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Pipeline } from '../../../lib/core/pipeline/pipeline';
import { settleInOrder } from '../../../lib/core/discovery/load';
import { run } from '../../helpers/platform';
import { describeEachHost, serve } from '../../helpers/hosts';
import type { RendererOptions } from '../../../lib/types';

const fixture = (name: string) => path.join(__dirname, '..', '..', 'fixtures', name);

describe('discovery under root', () => {
  it('maps src/pages the way Astro does, skipping _files, dotfiles and .d.ts', async () => {
    const pipeline = new Pipeline({ root: fixture('discovery') });
    expect(pipeline.loaded).toBe(false);
    await pipeline.ready;
    expect(pipeline.loaded).toBe(true);
    expect(pipeline.routes.map((r) => `${r.route} ${r.type}`).sort()).toEqual([
      '/ page',
      '/about page',
      '/docs/[...path] endpoint',
      '/feed.xml endpoint',
      '/posts/[id] endpoint',
    ]);
  });

  it('loads onRequest from src/middleware.ts and runs it around discovered routes', async () => {
    const { response } = await run({ root: fixture('discovery') }, '/posts/7');
    expect(await response.json()).toEqual({ id: '7', discovered: true });
    expect(response.headers.get('x-discovered-middleware')).toBe('yes');
  });

  it('accepts root as a file: URL', async () => {
    const { response } = await run({ root: pathToFileURL(fixture('discovery')) }, '/docs/a/b');
    expect(await response.json()).toEqual({ path: 'a/b' });
  });

  it('loads src/middleware/index.js', async () => {
    const { response } = await run({ root: fixture('middleware-dir'), routes: { '/': { GET: () => new Response('page') } } }, '/');
    expect(await response.text()).toBe('wrapped(page)');
  });

  it('refuses a default-exported middleware with MiddlewareDefaultExport', async () => {
    const pipeline = new Pipeline({ root: fixture('default-middleware'), routes: {} });
    await expect(pipeline.ready).rejects.toMatchObject({ name: 'MiddlewareDefaultExport', message: expect.stringContaining('onRequest') });
  });

  it('reads CommonJS route modules', async () => {
    const { response } = await run({ root: fixture('cjs-app') }, '/hello');
    expect(await response.text()).toBe('hello from CommonJS');
  });

  it('does not discover what the options give: routes and middleware options win', async () => {
    const pipeline = new Pipeline({ root: fixture('discovery'), routes: { '/only': { GET: () => new Response('') } }, middleware: undefined });
    await pipeline.ready;
    expect(pipeline.routes.map((r) => r.route)).toEqual(['/only']);
    expect(pipeline.middleware).toBeUndefined();
  });

  it('has no routes and no middleware where there is no src/', async () => {
    const pipeline = new Pipeline({ root: fixture('nothing-here') });
    await pipeline.ready;
    expect(pipeline.routes).toEqual([]);
    expect(pipeline.intercepts).toBe(false);
  });
});

// The same discovered apps, served by each host (fall-through for what the app leaves alone).
describeEachHost('discovery under root, served by %s', (host) => {
  const get = async (options: RendererOptions, url: string) => {
    const app = await serve(host, options, { fallThrough: true });
    try {
      return await fetch(app.base + url);
    } finally {
      await app.close();
    }
  };

  it('loads onRequest from src/middleware.ts and runs it around discovered routes', async () => {
    const response = await get({ root: fixture('discovery') }, '/posts/7');
    expect(await response.json()).toEqual({ id: '7', discovered: true });
    expect(response.headers.get('x-discovered-middleware')).toBe('yes');
  });

  it('accepts root as a file: URL', async () => {
    const response = await get({ root: pathToFileURL(fixture('discovery')) }, '/docs/a/b');
    expect(await response.json()).toEqual({ path: 'a/b' });
  });

  it('loads src/middleware/index.js', async () => {
    const response = await get({ root: fixture('middleware-dir'), routes: { '/': { GET: () => new Response('page') } } }, '/');
    expect(await response.text()).toBe('wrapped(page)');
  });

  it('reads CommonJS route modules', async () => {
    const response = await get({ root: fixture('cjs-app') }, '/hello');
    expect(await response.text()).toBe('hello from CommonJS');
  });
});

// Files load concurrently; when several fail, the error must not depend on which failed first.
describe('several files that fail to load', () => {
  it('settleInOrder throws the failure first in the list, not the one that failed first', async () => {
    const later = new Promise((_resolve, reject) => setTimeout(() => reject(new Error('first in the list, fails later')), 20));
    const sooner = Promise.reject(new Error('second in the list, fails at once'));
    await expect(settleInOrder([Promise.resolve(1), later, sooner])).rejects.toThrow('first in the list, fails later');
    await expect(settleInOrder([Promise.resolve(1), undefined, Promise.resolve('x')])).resolves.toBeUndefined();
  });

  it('names the middleware first when it and pages fail (it is the guard)', async () => {
    const pipeline = new Pipeline({ root: fixture('broken-everywhere') });
    await expect(pipeline.ready).rejects.toMatchObject({ name: 'MiddlewareCantBeLoaded', message: expect.stringContaining('middleware.mjs') });
  });

  it('names the first page in file order when only pages are discovered', async () => {
    const pipeline = new Pipeline({ root: fixture('broken-everywhere'), middleware: (_context, next) => next() });
    await expect(pipeline.ready).rejects.toMatchObject({ name: 'RouteCantBeLoaded', message: expect.stringContaining('a.mjs') });
  });

  // In real Node, where the fixture's top-level waits make the named file fail last (jest's
  // module loader does not wait): without the ordering these name b.mjs.
  it.each([
    ['discovered middleware and pages', '', /^MiddlewareCantBeLoaded middleware\.mjs$/],
    ['pages only (middleware given)', ', middleware: (c, next) => next()', /^RouteCantBeLoaded a\.mjs$/],
  ])('with %s, reports the same error on every start of a real Node process', (_name, extra, expected) => {
    const script = `
      const { basename } = require('node:path');
      const { createRequestListener } = require('astro-bridge/node');
      createRequestListener({ root: ${JSON.stringify(fixture('broken-everywhere'))}${extra} }).ready().then(
        () => console.log('loaded'),
        (e) => console.log(e.name + ' ' + basename(e.message.split(':')[0])),
      );
    `;
    const root = path.resolve(__dirname, '../../..');
    const seen = Array.from({ length: 3 }, () => execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 20000 }).trim());
    expect(seen).toEqual(Array(3).fill(seen[0]));
    expect(seen[0]).toMatch(expected);
  });
});

// Real Node processes (the Node running jest: each one of .ci/run's matrix), loading the built
// package (npm test builds dist/ first).
describe('TypeScript route files outside jest', () => {
  const root = path.resolve(__dirname, '../../..');
  const probe = (name: string, args: string[] = []) =>
    execFileSync(
      process.execPath,
      [...args, '-e', `
        const http = require('node:http');
        const { createRequestListener } = require('astro-bridge/node');
        const listener = createRequestListener({ root: ${JSON.stringify(fixture('ts-only').replace('ts-only', name))}, onError: (e, req, res) => { res.end('ERROR ' + e.name + ': ' + e.message); } });
        const server = http.createServer(listener).listen(0, '127.0.0.1', async () => {
          const r = await fetch('http://127.0.0.1:' + server.address().port + '/');
          console.log(await r.text());
          server.close();
        });
      `],
      { cwd: root, encoding: 'utf8', timeout: 20000, stdio: ['ignore', 'pipe', 'ignore'] },
    ).trim();
  // Node 22.18+, 24, 26 strip types themselves; Node 20 (and older 22s) cannot.
  const STRIPS = Boolean((process.features as { typescript?: unknown }).typescript);
  const stripping = STRIPS ? it : it.skip;
  const notStripping = STRIPS ? it.skip : it;

  stripping('loads .ts middleware and pages with no loader where Node strips types', () => {
    expect(probe('ts-only')).toBe('typescript via middleware.ts');
  });

  // Both files of ts-only are TypeScript: the middleware is named first, on every start.
  notStripping('without a TypeScript loader, says to use one (TypeScriptLoaderRequired)', () => {
    expect(probe('ts-only')).toMatch(/^ERROR TypeScriptLoaderRequired: .*ts-only\/src\/middleware\.ts is TypeScript.*tsx/);
  });

  stripping('with type stripping turned off, says to use a loader (TypeScriptLoaderRequired)', () => {
    expect(probe('ts-only', ['--no-experimental-strip-types'])).toMatch(/^ERROR TypeScriptLoaderRequired: .*ts-only\/src\/middleware\.ts is TypeScript.*tsx/);
  });

  stripping('syntax Node cannot strip (an enum): names the file and what to write instead', () => {
    const out = probe('ts-enum');
    expect(out).toMatch(/^ERROR TypeScriptSyntaxNotStrippable: .*ts-enum\/src\/pages\/index\.ts uses TypeScript syntax/);
    expect(out).toMatch(/enum/);
    expect(out).toMatch(/`const` object/);
  });

  stripping('import/export in a "type": "commonjs" package: says to set "type": "module"', () => {
    expect(probe('ts-commonjs')).toMatch(/^ERROR TypeScriptModuleInCommonJS: .*ts-commonjs\/src\/pages\/index\.ts uses `import`\/`export`.*"type": "module"/);
  });

  it('under tsx, loads them (every Node)', () => {
    expect(probe('ts-only', ['--import', 'tsx'])).toBe('typescript via middleware.ts');
    expect(probe('ts-enum', ['--import', 'tsx'])).toBe('hello');
  });
});
