import { resolveOptions, createRouter, type ResolvedOptions } from './options';
import { loadMiddleware, loadPages } from '../discovery/load';
import { handleRequest } from './handle';
import type { MatchResult, Router } from '../routing/match';
import type { RouteMatch } from './request-state';
import type { Platform } from './platform';
import type { MiddlewareHandler, RendererOptions, RouteModule } from '../../types';
import { createSessions, type Sessions } from '../session/index';
import { createI18nMiddleware, hasI18nRouting } from '../i18n/index';
import { chain } from '../middleware/sequence';
import { kMountPath } from '../context/render-context';

export type Match = MatchResult<RouteModule>;
export type { RouteMatch };

// A segment starting with `.` or `%2e` (WHATWG URL treats `%2e` as a dot), or a backslash.
const DOT_SEGMENT_OR_BACKSLASH = /\/(?:\.|%2e)|\\/i;
const ONLY_SLASHES = /^\/*$/;
const noop = () => {};

/**
 * One renderer's request pipeline, built once from the options. Host adapters ask it to
 * `match` a path (cheap, before any `Request` exists) and then to `handle` the request.
 * Routes and middleware not given as options are discovered under `root` (asynchronously:
 * adapters wait for `ready` while `loaded` is false).
 */
export class Pipeline {
  readonly options: ResolvedOptions;
  middleware: MiddlewareHandler | undefined;
  loaded = false;
  /** Settles once discovery is done; rejects with the discovery error (also for every request). */
  readonly ready: Promise<void>;
  /** Sessions, when the `session` option is set; their storage connects on first use. */
  readonly sessions: Sessions | undefined;
  #router: Router<RouteModule>;

  constructor(options?: RendererOptions) {
    this.options = resolveOptions(options);
    this.sessions = this.options.session ? createSessions(this.options.session) : undefined;
    this.middleware = this.options.middleware;
    this.#router = createRouter(this.options.routes ?? [], this.options.trailingSlash);
    const { routes, discoverMiddleware, root } = this.options;
    if (routes !== undefined && !discoverMiddleware) {
      this.loaded = true;
      this.ready = Promise.resolve();
    } else {
      this.ready = this.#discover(root, routes === undefined, discoverMiddleware);
      this.ready.catch(noop); // reported to each request through the host's error handling
    }
  }

  async #discover(root: string, pages: boolean, middleware: boolean): Promise<void> {
    const [entries, onRequest] = await Promise.all([pages ? loadPages(root) : undefined, middleware ? loadMiddleware(root) : undefined]);
    if (entries !== undefined) this.#router = createRouter(entries, this.options.trailingSlash);
    if (onRequest !== undefined) this.middleware = onRequest;
    this.loaded = true;
  }

  #chain: MiddlewareHandler | null | undefined;

  /**
   * What runs around every route: Astro's i18n routing (unless `routing: 'manual'`) before the
   * user's middleware. Composed on first use, once discovery has found the middleware.
   */
  get chain(): MiddlewareHandler | undefined {
    if (this.#chain === undefined) {
      const { i18n } = this.options;
      const routing =
        i18n && hasI18nRouting(i18n)
          ? createI18nMiddleware(i18n, {
              hasRoute: (pathname) => this.match(pathname) !== undefined,
              mountPath: (context) => (context as unknown as { [kMountPath]: string })[kMountPath] ?? '',
            })
          : undefined;
      this.#chain = (routing ? chain([routing, this.middleware]) : this.middleware) ?? null;
    }
    return this.#chain ?? undefined;
  }

  /** Whether requests no route owns must still go through `handle` (middleware, i18n routing, or no fall-through). */
  get intercepts(): boolean {
    return this.chain !== undefined || !this.options.fallThrough;
  }

  /** The route table, in priority order. */
  get routes() {
    return this.#router.routes;
  }

  /**
   * Matches a raw pathname relative to the host's mount point (no query string). `undefined`
   * means no route owns it: the request belongs to the host app. A `redirect` result carries
   * the corrected pathname (relative to the mount point) for a trailing-slash redirect.
   */
  match(pathname: string): Match | undefined {
    // A path whose URL form differs from what the client sent (`/a/../b`, `/a/%2e%2e/b`, `\`)
    // is the host's: Express and Koa route (and guard: `app.use('/admin', auth)`) the raw path,
    // so serving the normalised one would walk around their middleware. Browsers never send these.
    if (DOT_SEGMENT_OR_BACKSLASH.test(pathname) && new URL(`http://h${pathname}`).pathname !== pathname) return undefined;
    const path = pathname;
    const { base, trailingSlash } = this.options;
    if (!base) return this.#router.match(path);
    if (path !== base && !path.startsWith(`${base}/`)) return undefined;
    const rest = path.slice(base.length);
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

  /** The `/404` route, for requests no route owns when `fallThrough` is false. */
  notFoundMatch(): RouteMatch | undefined {
    return this.options.fallThrough ? undefined : this.errorMatch(404);
  }

  /** The `/404` or `/500` route, when the routes define one. */
  errorMatch(status: number): RouteMatch | undefined {
    const route = this.#router.routes.find((r) => r.route === `/${status}`);
    return route && { route, params: {} };
  }

  /** Closes what the renderer holds open (session storage connections: Redis). */
  async close(): Promise<void> {
    await this.sessions?.close();
  }

  /** Astro's trailing-slash redirect: 301 for GET, 308 otherwise (the method must be kept). */
  redirectResponse(location: string, method: string): Response {
    return new Response(null, { status: method === 'GET' ? 301 : 308, headers: { Location: location } });
  }

  /**
   * Runs middleware and the matched route (or the host, via `platform.fallThrough`). The
   * Response itself when everything answered synchronously (no promise to wait for), else a
   * Promise; failures always come as a rejected Promise.
   */
  handle(request: Request, match: RouteMatch | undefined, platform: Platform): Response | Promise<Response> {
    return handleRequest(this, request, match, platform);
  }

  /** @deprecated Use `handle`. Renders a matched route. */
  async render(request: Request, match: RouteMatch, platform: Omit<Platform, 'mountPath'> & { mountPath?: string }): Promise<Response> {
    return handleRequest(this, request, match, { mountPath: '', ...platform });
  }
}
