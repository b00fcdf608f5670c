import path from 'node:path';
import request from 'supertest';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import { createRequestListener } from '../../lib/hosts/node/listener';
import type { RendererOptions } from '../../lib/types';
import { isExpress, serve } from './support';
import { describeEachHost } from '../helpers/hosts';

// Discovery that fails, or finds nothing where the user pointed, must never leave the host's
// routes running without the middleware that should guard them, silently.

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);
const hostSecret = (host: string) => (app: { get: Function; use: Function }) => {
  if (isExpress(host as 'express4')) app.get('/secret', (_req: unknown, res: { end(t: string): void }) => res.end('host secret'));
  else app.use(async (ctx: { path: string; body: unknown }, next: () => Promise<void>) => (ctx.path === '/secret' ? (ctx.body = 'host secret') : next()));
};

/** The warnings with our code `process.emitWarning` was called with while `run` ran. */
async function warningsDuring(run: () => Promise<unknown>): Promise<string[]> {
  const spy = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
  try {
    await run();
    return spy.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === 'ASTRO_BRIDGE_DISCOVERY').map(([message]) => String(message));
  } finally {
    spy.mockRestore();
  }
}

describeEachHost('failing closed on %s', (host) => {
  it('a route that fails to load fails every request, host routes included, and ready() says why first', async () => {
    const served = await serve(host, { root: fixture('broken-route') }, { after: host === 'node' ? undefined : hostSecret(host) });
    try {
      for (const path of ['/', '/secret', '/anything']) {
        const res = await request(served.base).get(path);
        expect(res.status).toBe(500);
        expect(res.text).not.toContain('host secret');
      }
    } finally {
      await served.close();
    }
  });

  it('`middleware: true` without middleware under root fails every request (MiddlewareNotFound), never runs unguarded', async () => {
    const served = await serve(host, { root: fixture('cjs-app'), middleware: true } as RendererOptions, { after: host === 'node' ? undefined : hostSecret(host) });
    try {
      const res = await request(served.base).get('/secret');
      expect(res.status).toBe(500);
      expect(res.text).not.toContain('host secret');
      if (host !== 'node') expect(res.text).toContain('MiddlewareNotFound');
    } finally {
      await served.close();
    }
  });
});

describe('ready()', () => {
  const makers = {
    express: (o: RendererOptions) => expressRenderer(o),
    koa: (o: RendererOptions) => koaRenderer(o),
    node: (o: RendererOptions) => createRequestListener(o),
  };
  it.each(Object.keys(makers) as (keyof typeof makers)[])('on %s: rejects with the discovery error before any request', async (kind) => {
    await expect(makers[kind]({ root: fixture('broken-route') }).ready()).rejects.toMatchObject({ name: 'RouteCantBeLoaded' });
    await expect(makers[kind]({ root: fixture('cjs-app'), middleware: true } as RendererOptions).ready()).rejects.toMatchObject({ name: 'MiddlewareNotFound' });
    await expect(makers[kind]({ routes: {}, middleware: (_c, next) => next() }).ready()).resolves.toBeUndefined();
    await expect(makers[kind]({ root: fixture('cjs-app') }).ready()).resolves.toBeUndefined();
  });
});

describe('discovery that finds nothing, or skips files, says so once at start-up', () => {
  it('no src/ under the given root: one warning naming the root', async () => {
    const warnings = await warningsDuring(() => expressRenderer({ root: fixture('no-src') }).ready());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`no src/ folder under ${fixture('no-src')}`);
    expect(warnings[0]).toContain('unguarded');
  });

  it('a root whose src/ holds nothing: one warning', async () => {
    const warnings = await warningsDuring(() => koaRenderer({ root: fixture('empty-src') }).ready());
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`nothing under ${path.join(fixture('empty-src'), 'src')}`);
  });

  it('files it cannot load are named (.cjs, .mts, .astro, and a src/middleware.cjs)', async () => {
    const warnings = await warningsDuring(() => createRequestListener({ root: fixture('skipped-files') }).ready());
    expect(warnings).toHaveLength(1);
    for (const name of ['legacy.cjs', 'modern.mts', 'page.astro', 'middleware.cjs']) expect(warnings[0]).toContain(name);
  });

  it('says nothing when all is as expected (routes given, default root; or found)', async () => {
    const warnings = await warningsDuring(async () => {
      await expressRenderer({ routes: {} }).ready();
      await expressRenderer({ root: fixture('discovery') }).ready();
    });
    expect(warnings).toEqual([]);
  });
});
