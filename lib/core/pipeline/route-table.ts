import { createRouter, type ResolvedOptions } from './options';
import { withFallbackRoutes } from '../i18n/fallback-routes';
import { createActionRoute } from '../actions/handler';
import type { MatchResult, RouteEntry, Router } from '../routing/match';
import type { RouteModule } from '../../types';
import type { RouteMatch } from './request-state';

export type Match = MatchResult<RouteModule>;

// A segment starting with `.` or `%2e` (WHATWG URL treats `%2e` as a dot), or a backslash.
const DOT_SEGMENT_OR_BACKSLASH = /\/(?:\.|%2e)|\\/i;
const ONLY_SLASHES = /^\/*$/;

/**
 * A renderer's routes as a host sees them: a raw path below the mount point (with `base`) to a
 * route or a trailing-slash redirect, `/_actions/<name>` before the route table, and the
 * `/404`/`/500` routes. i18n fallback routes are added to the routes it is given.
 */
export class RouteTable {
  #router: Router<RouteModule>;
  #actionRoute: RouteEntry<RouteModule> | undefined;

  constructor(
    readonly options: Pick<ResolvedOptions, 'base' | 'trailingSlash' | 'i18n'>,
    entries: RouteEntry<RouteModule>[],
  ) {
    this.#router = createRouter(withFallbackRoutes(entries, options.i18n), options.trailingSlash);
  }

  /** Replaces the routes (discovered ones, once discovery is done). */
  setRoutes(entries: RouteEntry<RouteModule>[]): void {
    this.#router = createRouter(withFallbackRoutes(entries, this.options.i18n), this.options.trailingSlash);
  }

  /** Routes `/_actions/<name>` to the actions from now on. */
  enableActions(): void {
    this.#actionRoute = createActionRoute();
  }

  /** The route table, in priority order. */
  get routes() {
    return this.#router.routes;
  }

  // `/_actions/<name>` belongs to the actions, before the route table (and its trailing-slash
  // redirects, which Astro never applies to `/_` paths) is asked.
  #matchAction(rest: string): Match | undefined {
    if (this.#actionRoute === undefined || !rest.startsWith('/_actions/')) return undefined;
    return { route: this.#actionRoute, params: { path: rest.slice('/_actions/'.length) } };
  }

  /** See `Pipeline.match`. */
  match(pathname: string): Match | undefined {
    // A path whose URL form differs from what the client sent (`/a/../b`, `/a/%2e%2e/b`, `\`)
    // is the host's: Express and Koa route (and guard: `app.use('/admin', auth)`) the raw path,
    // so serving the normalised one would walk around their middleware. Browsers never send these.
    if (DOT_SEGMENT_OR_BACKSLASH.test(pathname) && new URL(`http://h${pathname}`).pathname !== pathname) return undefined;
    const path = pathname;
    const { base, trailingSlash } = this.options;
    if (!base) return this.#matchAction(path) ?? this.#router.match(path);
    if (path !== base && !path.startsWith(`${base}/`)) return undefined;
    const rest = path.slice(base.length);
    const action = this.#matchAction(rest);
    if (action !== undefined) return action;
    // The base is the root, spelt `/docs` or `/docs/`: the policy picks one, as Astro's App does.
    if (ONLY_SLASHES.test(rest)) {
      const root = trailingSlash === 'always' ? '/' : trailingSlash === 'never' ? '' : rest && '/';
      if (root !== rest) return this.#router.match(root)?.route ? { redirect: base + root } : undefined;
    }
    const result = this.#router.match(rest);
    if (result?.redirect !== undefined) return { redirect: base + result.redirect };
    return result;
  }

  /** The route for an absolute URL (a rewrite target); trailing slashes are corrected, not redirected. */
  resolve(url: URL, mountPath: string): RouteMatch | undefined {
    const { pathname } = url;
    if (mountPath && pathname !== mountPath && !pathname.startsWith(`${mountPath}/`)) return undefined;
    const result = this.match(pathname.slice(mountPath.length) || '/');
    if (result?.redirect === undefined) return result;
    const corrected = this.match(result.redirect);
    return corrected?.redirect === undefined ? corrected : undefined;
  }

  /** The `/404` or `/500` route, when the routes define one. */
  errorMatch(status: number): RouteMatch | undefined {
    const route = this.#router.routes.find((r) => r.route === `/${status}`);
    return route && { route, params: {} };
  }
}
