import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveOptions } from '../../lib/core/pipeline/options';
import { Pipeline } from '../../lib/core/pipeline/pipeline';
import type { RendererOptions, RouteModule } from '../../lib/types';

const page = { default: () => 'x' };

describe('prerender options', () => {
  it('defaults: on demand, outDir dist/ under root, directory format, 4 at once', () => {
    const { prerender } = resolveOptions({ routes: {}, root: '/app' });
    expect(prerender).toMatchObject({ byDefault: false, outDir: path.resolve('/app/dist'), dev: false, format: 'directory', concurrency: 4 });
  });

  it('resolves outDir against root, and takes file: URLs', () => {
    expect(resolveOptions({ root: '/app', outDir: 'build' }).prerender.outDir).toBe(path.resolve('/app/build'));
    expect(resolveOptions({ root: '/app', outDir: pathToFileURL('/srv/out') }).prerender.outDir).toBe(path.resolve('/srv/out'));
  });

  it.each([
    ['prerender', { prerender: 'yes' }],
    ['dev', { dev: 1 }],
    ['outDir', { outDir: '' }],
    ['build', { build: null }],
    ['build.format', { build: { format: 'preserve' } }],
    ['build.concurrency', { build: { concurrency: 1.5 } }],
  ])('refuses a bad %s with InvalidOption', (option, bad) => {
    expect(() => resolveOptions({ routes: {}, ...(bad as RendererOptions) })).toThrow(
      expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining(`\`${option}\``) }),
    );
  });

  it("a route's own prerender export wins over the default, both ways", () => {
    const routes = { '/a': page, '/b': { ...page, prerender: false }, '/c': { ...page, prerender: true } } as Record<string, RouteModule>;
    const on = new Pipeline({ routes, prerender: true });
    const off = new Pipeline({ routes });
    const flags = (p: Pipeline) => Object.fromEntries(p.routes.map((r) => [r.route, p.isPrerendered(r)]));
    expect(flags(on)).toEqual({ '/a': true, '/b': false, '/c': true });
    expect(flags(off)).toEqual({ '/a': false, '/b': false, '/c': true });
  });
});
