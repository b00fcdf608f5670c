import { resolveOptions, type ResolvedOptions } from './options';
import { findActionsFile, loadActions, loadMiddleware, loadPages, settleInOrder, unloadedMiddlewareFiles } from '../discovery/load';
import { discoveryWarnings, emitDiscoveryWarnings } from '../discovery/report';
import { createError } from '../errors/errors';
import { MiddlewareNotFound } from '../errors/catalog';
import { handleRequest } from './handle';
import type { RouteMatch } from './request-state';
import type { Platform } from './platform';
import type { MiddlewareHandler, RendererOptions, RouteModule } from '../../types';
import { createSessions, type Sessions } from '../session/index';
import { createI18nMiddleware, hasI18nRouting } from '../i18n/index';
import { describeError, type AstroLogger } from '../logger';
import { chain } from '../middleware/sequence';
import { contextMountPath } from '../context/render-context';
import type { RequestPipeline } from './request-state';
import { headerSafe, stayOnOrigin } from '../security/redirect-location';
import { ActionRegistry } from '../actions/registry';
import { isPrerenderedRoute } from '../prerender/module';
import type { RouteEntry } from '../routing/match';
import { withDeadline } from './deadline';
import { RouteTable, type Match } from './route-table';

export type { Match, RouteMatch };

const noop = () => {};

/**
 * One renderer's request pipeline, built once from the options. Host adapters ask it to
 * `match` a path (cheap, before any `Request` exists) and then to `handle` the request.
 * Routes and middleware not given as options are discovered under `root` (asynchronously:
 * adapters wait for `ready` while `loaded` is false).
 */
export class Pipeline implements RequestPipeline {
  readonly options: ResolvedOptions;
  middleware: MiddlewareHandler | undefined;
  loaded = false;
  /** Settles once discovery is done; rejects with the discovery error (also for every request). */
  readonly ready: Promise<void>;
  /** Sessions, when the `session` option is set; their storage connects on first use. */
  readonly sessions: Sessions | undefined;
  /**
   * The built page of a prerendered `/404` or `/500` route (set by the host side, which reads
   * the build); `undefined` when there is none, and the route renders on demand.
   */
  builtErrorPage: ((route: RouteEntry<RouteModule>) => Promise<Response | undefined>) | undefined;
  readonly #routes: RouteTable;
  /** The `logger` option's logger (label `astro-bridge`): what the library itself reports. */
  readonly logger: AstroLogger;
  /** `context.logger`: the same destination, label `app`. */
  readonly appLogger: AstroLogger;
  /** Reports an error nothing else can (a response that failed after the host's head went out). */
  readonly reportError = (error: unknown): void => this.logger.error(describeError(error));
  /** Where the cookie jars' late-write warnings go (label `cookies`). */
  readonly cookieWarning: (warning: Error) => void;
  /** The actions (given, or discovered in `src/actions/index.*`); `undefined` without any. */
  actions: ActionRegistry | undefined;

  constructor(options?: RendererOptions) {
    this.options = resolveOptions(options);
    this.logger = this.options.logger;
    this.appLogger = this.logger.fork('app');
    const cookieLogger = this.logger.fork('cookies');
    this.cookieWarning = (warning) => cookieLogger.warn(warning.message);
    this.sessions = this.options.session ? createSessions(this.options.session) : undefined;
    this.middleware = this.options.middleware;
    this.#routes = new RouteTable(this.options, this.options.routes ?? []);
    const { routes, discoverMiddleware, root, actions } = this.options;
    if (actions.server !== undefined) this.#setActions(actions.server);
    // Looked up synchronously: without an actions file, nothing more to wait for.
    const actionsFile = actions.discover ? findActionsFile(root) : undefined;
    if (routes !== undefined && !discoverMiddleware && actionsFile === undefined) {
      this.loaded = true;
      this.ready = Promise.resolve();
    } else {
      this.ready = this.#discover(root, routes === undefined, discoverMiddleware, actionsFile);
      this.ready.catch(noop); // reported to each request through the host's error handling
    }
  }

  async #discover(root: string, pages: boolean, middleware: boolean, actionsFile: string | undefined): Promise<void> {
    const skipped: string[] = middleware ? unloadedMiddlewareFiles(root) : [];
    const loads = [
      middleware ? loadMiddleware(root) : undefined,
      pages ? loadPages(root, skipped) : undefined,
      actionsFile === undefined ? undefined : loadActions(actionsFile),
    ] as const;
    // When several fail, the middleware's error first (the guard), then the pages', then the actions'.
    await settleInOrder(loads);
    const [onRequest, entries, server] = await Promise.all(loads);
    // Said once, before the first request is served (requests wait for `ready`).
    const { rootGiven } = this.options;
    emitDiscoveryWarnings(discoveryWarnings({ root, rootGiven, discoveredRoutes: pages, routeCount: entries?.length ?? 0, middlewareFound: onRequest !== undefined, actionsFound: server !== undefined, skipped }));
    // Expected but absent: fail every request (closed), never serve unguarded.
    if (this.options.requireMiddleware && onRequest === undefined) throw createError(MiddlewareNotFound, root);
    if (entries !== undefined) this.#routes.setRoutes(entries);
    if (onRequest !== undefined) this.middleware = onRequest;
    if (server !== undefined) this.#setActions(server);
    this.loaded = true;
  }

  #setActions(server: object): void {
    this.actions = new ActionRegistry(server);
    this.#routes.enableActions();
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
              // A fallback route is not a page the fallback can go to (it would only fall back again).
              hasRoute: (pathname) => {
                const found = this.match(pathname);
                return found !== undefined && found.route?.fallback !== true;
              },
              mountPath: contextMountPath,
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
    return this.#routes.routes;
  }

  /**
   * Matches a raw pathname relative to the host's mount point (no query string). `undefined`
   * means no route owns it: the request belongs to the host app. A `redirect` result carries
   * the corrected pathname (relative to the mount point) for a trailing-slash redirect.
   */
  match(pathname: string): Match | undefined {
    return this.#routes.match(pathname);
  }

  /** The route for an absolute URL (a rewrite target); trailing slashes are corrected, not redirected. */
  resolve(url: URL, mountPath: string): RouteMatch | undefined {
    return this.#routes.resolve(url, mountPath);
  }

  /**
   * Whether a route is prerendered: its `prerender` export, else the `prerender` option. An i18n
   * fallback route is when the page it stands in for is (Astro copies `prerender` to it): the
   * build writes its fallback (a meta-refresh page, or the rewritten page).
   */
  isPrerendered(route: RouteEntry<RouteModule>): boolean {
    if (route.fallback === true) return route.fallbackOf !== undefined && isPrerenderedRoute(route.fallbackOf, this.options.prerender.byDefault);
    return isPrerenderedRoute(route, this.options.prerender.byDefault);
  }

  /** The `/404` route, for requests no route owns when `fallThrough` is false. */
  notFoundMatch(): RouteMatch | undefined {
    return this.options.fallThrough ? undefined : this.errorMatch(404);
  }

  /** The `/404` or `/500` route, when the routes define one. */
  errorMatch(status: number): RouteMatch | undefined {
    return this.#routes.errorMatch(status);
  }

  /** Closes what the renderer holds open (session storage connections: Redis). */
  async close(): Promise<void> {
    await this.sessions?.close();
  }

  /**
   * Astro's trailing-slash redirect (and the canonical-path one): 301 for GET, 308 otherwise (the
   * method must be kept). The location is a path of this origin, kept so whatever the query holds.
   */
  redirectResponse(location: string, method: string): Response {
    return new Response(null, { status: method === 'GET' ? 301 : 308, headers: { Location: stayOnOrigin(headerSafe(location)) } });
  }

  /**
   * Runs middleware and the matched route (or the host, via `platform.fallThrough`). The
   * Response itself when everything answered synchronously (no promise to wait for), else a
   * Promise; failures always come as a rejected Promise.
   */
  handle(request: Request, match: RouteMatch | undefined, platform: Platform): Response | Promise<Response> {
    const result = handleRequest(this, request, match, platform);
    const { timeout } = this.options;
    return timeout === Infinity || !(result instanceof Promise) ? result : withDeadline(result, timeout);
  }

  /** @deprecated Use `handle`. Renders a matched route. */
  async render(request: Request, match: RouteMatch, platform: Omit<Platform, 'mountPath'> & { mountPath?: string }): Promise<Response> {
    return handleRequest(this, request, match, { mountPath: '', ...platform });
  }
}
