import path from 'node:path';
import { Pipeline } from '../core/pipeline/pipeline';
import { staticPathsOf, type StaticPath } from '../core/prerender/static-paths';
import { outFileOf } from '../core/prerender/out-file';
import { renderStaticPath } from '../core/prerender/render';
import type { RouteEntry } from '../core/routing/match';
import type { RendererOptions, RouteModule } from '../types';
import { GENERATOR } from '../version';
import { MANIFEST_FILE, type BuildManifest } from './manifest';
import { Progress, streamLogger, type BuildFailure, type BuildLogger, type BuildSummary } from './progress';
import { eachLimited, writeAtomic } from './write';

/** Options of `build()`: the renderer's options (`outDir` default `dist` under `root`), plus a logger. */
export interface BuildOptions extends RendererOptions {
  /** Where progress, warnings and failures go (default: stdout and stderr). */
  logger?: BuildLogger;
}

interface Job {
  route: RouteEntry<RouteModule>;
  path: StaticPath;
}

/**
 * Renders every prerendered route to files in `outDir`: pages as `dir/index.html` (or `dir.html`
 * with `build.format: 'file'`), endpoints as their own bytes (`/feed.xml`), redirects as Astro's
 * meta-refresh page. Middleware runs, with the build-time context. Files are written atomically;
 * a route that fails is reported and the others still build. Resolves with the summary (check
 * `failures`); rejects only when the app itself cannot load (options, discovery).
 *
 * @example
 * const summary = await build({ root: new URL('.', import.meta.url), prerender: true });
 * if (summary.failures.length > 0) process.exitCode = 1;
 */
export async function build(options: BuildOptions = {}): Promise<BuildSummary> {
  const started = performance.now();
  const logger = options.logger ?? streamLogger;
  const live = options.logger === undefined && process.stdout.isTTY && !process.env.CI ? process.stdout : undefined;
  const progress = new Progress(logger, live);
  const pipeline = new Pipeline(options);
  try {
    await pipeline.ready;
    const { outDir, format, concurrency } = pipeline.options.prerender;
    const { base, trailingSlash } = pipeline.options;
    const failures: BuildFailure[] = [];
    const failedRoutes = new Set<string>();
    const claimed = new Map<string, string>();
    const jobs: Job[] = [];
    // i18n fallback routes last (Astro's second generation phase): a path a real page produces is its.
    const prerendered = pipeline.routes.filter((route) => pipeline.isPrerendered(route));
    const routes = [...prerendered.filter((r) => r.fallback !== true), ...prerendered.filter((r) => r.fallback === true)];
    if (routes.length === 0) {
      progress.warn('No route is prerendered: set the `prerender: true` option, or `export const prerender = true` in the routes to build.');
    }
    // In priority order (fallbacks last): a path two routes produce goes to the one that wins at run time.
    for (const route of routes) {
      try {
        const table = await staticPathsOf(route, { base, trailingSlashAlways: trailingSlash === 'always' });
        for (const p of table.paths) {
          const owner = claimed.get(p.pathname);
          if (owner !== undefined) {
            // A translated page already has this path: no fallback for it (as Astro's renderPath).
            if (route.fallback === true) continue;
            progress.warn(`PrerenderRouteConflict: could not render \`${p.pathname}\` from route \`${route.route}\` as it conflicts with higher priority route \`${owner}\`.`);
            continue;
          }
          claimed.set(p.pathname, route.route);
          jobs.push({ route, path: p });
        }
      } catch (error) {
        failures.push({ route: route.route, pathname: undefined, error });
        failedRoutes.add(route.route);
        progress.failed(route.route, error);
      }
    }
    const manifest: BuildManifest = { generator: GENERATOR, builtAt: new Date().toISOString(), routes: [], files: {} };
    let files = 0;
    let bytes = 0;
    progress.start(jobs.length);
    await eachLimited(jobs, concurrency, async ({ route, path: p }) => {
      progress.rendering(p.pathname);
      try {
        const rendered = await renderStaticPath(pipeline, route, p, format);
        if (rendered.droppedCookies.length > 0) {
          progress.warn(`${p.pathname}: cookies set while prerendering are dropped (a file cannot carry Set-Cookie): ${rendered.droppedCookies.map((c) => c.split('=')[0]).join(', ')}`);
        }
        if (rendered.empty) return progress.written(p.pathname, undefined, 0);
        const file = outFileOf(route, p.pathname, format);
        await writeAtomic(path.join(outDir, ...file.split('/')), rendered.body);
        manifest.files[p.pathname] = { file, type: rendered.contentType };
        files++;
        bytes += rendered.body.byteLength;
        progress.written(p.pathname, file, rendered.body.byteLength);
      } catch (error) {
        failures.push({ route: route.route, pathname: p.pathname, error });
        failedRoutes.add(route.route);
        progress.failed(p.pathname, error);
      }
    });
    manifest.routes = routes.map((r) => r.route).filter((r) => !failedRoutes.has(r));
    await writeAtomic(path.join(outDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    const summary: BuildSummary = { outDir, routes: routes.length, files, bytes, durationMs: performance.now() - started, failures };
    progress.summary(summary);
    return summary;
  } finally {
    await pipeline.close();
  }
}
