import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Pipeline, RouteMatch } from '../core/pipeline/pipeline';
import { pagePathOfHtml } from '../core/prerender/out-file';
import { renderStaticPath } from '../core/prerender/render';
import { staticPathKey, staticPathsOf } from '../core/prerender/static-paths';
import type { RouteEntry } from '../core/routing/match';
import type { RouteModule } from '../types';
import { readManifest, type BuiltFile } from '../build/manifest';
import type { StaticFile } from './send-file';

/** What a host does with a request for a prerendered route. */
export type PrerenderedOutcome =
  /** The built file is on its way (`sendBuilt` found it). */
  | 'sent'
  /** No build (or `dev`): the route rendered on demand, with the build-time context. */
  | Response
  /** Not a path the route prerenders (or not GET/HEAD): the request is no route's. */
  | undefined;

/** A build as the server uses it: the routes it holds, and each path's file. */
interface Build {
  routes: Set<string>;
  files: Record<string, BuiltFile>;
}

/**
 * Prerendered routes of one renderer at run time. With a build in `outDir` they are served from
 * its files, without middleware, as Astro serves them in production; without one (or with `dev`)
 * they render on demand exactly as the build would. A path `getStaticPaths()` did not produce is
 * no route's: the host gets it (or the `/404` route, per `fallThrough`).
 */
export class PrerenderedRoutes {
  #build: Promise<Build | undefined> | undefined;
  /** Paths whose dropped cookies were reported (once each, as the build reports them). */
  readonly #cookiesReported = new Set<string>();

  constructor(readonly pipeline: Pipeline) {
    pipeline.builtErrorPage = (route) => this.#builtErrorPage(route);
  }

  /** Whether the request is one for a prerendered route. */
  owns(match: { route?: RouteEntry<RouteModule> } | undefined): match is RouteMatch {
    return match?.route !== undefined && this.pipeline.isPrerendered(match.route);
  }

  /**
   * The match of a 'file' build's `.html` URL (`/about.html`, `/index.html`): the prerendered
   * page it was built from, so the URL the page saw as `context.url` is served too, as a static
   * host serves the file. `undefined` for anything else.
   */
  matchHtml(pathname: string): RouteMatch | undefined {
    if (this.pipeline.options.prerender.format !== 'file') return undefined;
    const page = pagePathOfHtml(pathname);
    if (page === undefined) return undefined;
    let match = this.pipeline.match(page);
    // The page's own spelling may carry a trailing slash (`trailingSlash: 'always'`).
    if (match?.redirect !== undefined) match = this.pipeline.match(match.redirect);
    if (match?.route === undefined || match.route.type !== 'page' || !this.pipeline.isPrerendered(match.route)) return undefined;
    return match;
  }

  /**
   * Serves a prerendered route's request: `sendBuilt` sends a built file the host's way (and
   * says whether it exists). GET and HEAD only. `mountPath` (the host's) goes into the URL of a
   * development render.
   */
  async serve(method: string, match: RouteMatch, sendBuilt: (file: StaticFile) => Promise<boolean>, mountPath = ''): Promise<PrerenderedOutcome> {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const { route, params } = match;
    const key = staticPathKey(route, params);
    if (key === undefined) return undefined;
    const { dev, outDir, format } = this.pipeline.options.prerender;
    const build = dev ? undefined : await (this.#build ??= this.#load());
    if (build?.routes.has(route.route)) {
      const built = build.files[key];
      if (built === undefined) return undefined;
      return (await sendBuilt({ root: outDir, file: built.file, type: built.type })) ? 'sent' : undefined;
    }
    const { base, trailingSlash } = this.pipeline.options;
    const staticPath = (await staticPathsOf(route, { base, trailingSlashAlways: trailingSlash === 'always' })).byPathname.get(key);
    if (staticPath === undefined) return undefined;
    const rendered = await renderStaticPath(this.pipeline, route, staticPath, format, mountPath);
    if (rendered.droppedCookies.length > 0 && !this.#cookiesReported.has(staticPath.pathname)) {
      this.#cookiesReported.add(staticPath.pathname);
      const names = rendered.droppedCookies.map((c) => c.split('=')[0]).join(', ');
      this.pipeline.options.prerender.warn(`${staticPath.pathname} is prerendered: the cookies it sets (${names}) are dropped, as they would be by the build.`, 'ASTRO_BRIDGE_PRERENDER_COOKIES');
    }
    if (rendered.empty) return undefined;
    // What the file would hold, with the status a served file has (a redirect's page is a 200),
    // and the headers the route and middleware set (cookies dropped), as Astro's dev server sends.
    const status = rendered.redirect === undefined ? rendered.status : 200;
    return new Response(method === 'HEAD' ? null : rendered.body, { status, headers: rendered.headers });
  }

  /** The bytes of a built `/404` or `/500` page, with its status (the error page of a request). */
  async #builtErrorPage(route: RouteEntry<RouteModule>): Promise<Response | undefined> {
    const { dev, outDir } = this.pipeline.options.prerender;
    const build = dev ? undefined : await (this.#build ??= this.#load());
    const built = build?.routes.has(route.route) ? build.files[route.route] : undefined;
    if (built === undefined) return undefined;
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(outDir, ...built.file.split('/')));
    } catch {
      return undefined;
    }
    const headers = { 'content-type': built.type ?? 'text/html; charset=utf-8' };
    return new Response(new Uint8Array(bytes), { status: route.route === '/500' ? 500 : 404, headers });
  }

  async #load(): Promise<Build | undefined> {
    // Read once per renderer, so each report is made once.
    const { outDir, warn } = this.pipeline.options.prerender;
    const manifest = await readManifest(outDir);
    const prerendered = this.pipeline.routes.filter((r) => this.pipeline.isPrerendered(r));
    if (prerendered.length === 0) return manifest && { routes: new Set(manifest.routes), files: manifest.files };
    if (manifest === undefined) {
      warn(`No build found in ${outDir}: prerendered routes render on demand. Run \`npx astro-bridge build\` to serve them from files.`, 'ASTRO_BRIDGE_NO_BUILD');
      return undefined;
    }
    const missing = prerendered.filter((r) => !manifest.routes.includes(r.route)).map((r) => r.route);
    const builtAt = Date.parse(manifest.builtAt);
    const changed = prerendered.filter((r) => r.file !== undefined && manifest.routes.includes(r.route) && modifiedAfter(r.file, builtAt)).map((r) => r.route);
    if (missing.length > 0 || changed.length > 0) {
      const parts = [
        missing.length > 0 ? `it lacks ${missing.join(', ')} (rendered on demand until the next build)` : '',
        changed.length > 0 ? `${changed.join(', ')} changed since (served as built)` : '',
      ].filter(Boolean);
      warn(`The build in ${outDir} (${manifest.builtAt}) is stale: ${parts.join('; ')}. Run \`npx astro-bridge build\` again.`, 'ASTRO_BRIDGE_STALE_BUILD');
    }
    return { routes: new Set(manifest.routes), files: manifest.files };
  }
}

function modifiedAfter(file: string, time: number): boolean {
  try {
    return statSync(file).mtimeMs > time;
  } catch {
    return false;
  }
}

const byPipeline = new WeakMap<Pipeline, PrerenderedRoutes>();

/** The prerendered routes of a renderer's pipeline (one per pipeline: the manifest is read once). */
export function prerenderedRoutes(pipeline: Pipeline): PrerenderedRoutes {
  let routes = byPipeline.get(pipeline);
  if (routes === undefined) byPipeline.set(pipeline, (routes = new PrerenderedRoutes(pipeline)));
  return routes;
}
