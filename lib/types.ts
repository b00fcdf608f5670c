import './globals';
import type { RemotePattern } from './core/security/allowed-domains';
import type { TrailingSlash } from './core/routing/trailing-slash';

export type { RemotePattern, TrailingSlash };

/** Route parameters, decoded. A `[...rest]` that matched nothing is `undefined`, as in Astro. */
export type Params = Record<string, string | undefined>;

/** The statuses `redirect()` accepts. */
export type ValidRedirectStatus = 300 | 301 | 302 | 303 | 304 | 307 | 308;

/** The context every endpoint (and, later, middleware and page) receives: Astro's `APIContext`. */
export interface APIContext<
  Props extends Record<string, unknown> = Record<string, unknown>,
  P extends Params = Params,
> {
  /** The incoming request: a standard `Request`, its body read from the socket on demand. */
  readonly request: Request;
  /** The request URL, with the origin your host trusts (Express `trust proxy`, Koa `app.proxy`). */
  readonly url: URL;
  /** Parameters of the matched route, e.g. `{ id: '42' }` for `/posts/[id]`. */
  readonly params: P;
  /** Props of the route; `{}` for endpoints. */
  readonly props: Props;
  /** The `site` option as a URL, or `undefined`. */
  readonly site: URL | undefined;
  /** `"astro-bridge vX.Y.Z"`. */
  readonly generator: string;
  /** The client's IP address as the host sees it, proxy trust settings applied. */
  readonly clientAddress: string;
  /** Always `false` for requests rendered on demand. */
  readonly isPrerendered: boolean;
  /** The matched route pattern, e.g. `/posts/[id]`. */
  readonly routePattern: string;
  /**
   * The request's locals: the same object as Express `res.locals` / Koa `ctx.state`.
   * Add properties to it; assigning a new object throws `LocalsReassigned`.
   */
  locals: App.Locals;
  /** A redirect `Response` (302 unless `status` says otherwise). */
  redirect(path: string | URL, status?: ValidRedirectStatus): Response;
}

/** An endpoint handler: `export const GET: APIRoute = (context) => new Response('ok')`. */
export type APIRoute<
  Props extends Record<string, unknown> = Record<string, unknown>,
  P extends Params = Params,
> = (context: APIContext<Props, P>) => Response | Promise<Response>;

/** What a route maps to: an endpoint module exporting HTTP method handlers. */
export interface RouteModule {
  GET?: APIRoute;
  POST?: APIRoute;
  PUT?: APIRoute;
  PATCH?: APIRoute;
  DELETE?: APIRoute;
  OPTIONS?: APIRoute;
  HEAD?: APIRoute;
  /** Answers every method that has no handler of its own. */
  ALL?: APIRoute;
}

/** Options shared by `renderer()` for Express and Koa, and `createRequestListener()`. */
export interface RendererOptions {
  /** Astro route patterns mapped to route modules: `{ '/posts/[id]': { GET } }`. */
  routes?: Record<string, RouteModule>;
  /** The public URL of the site: `context.site`, and the host used when `allowedDomains` rejects one. */
  site?: string | URL;
  /** Astro's `base`: routes match below it (`/docs` → `/docs/about`). Default `/`. */
  base?: string;
  /** Astro's `trailingSlash`: `'ignore'` (default), `'always'` or `'never'`. */
  trailingSlash?: TrailingSlash;
  /**
   * Astro's `security.allowedDomains`: the hosts that may appear in `context.url`. A request
   * naming another host gets the host of `site` (or `localhost`) instead. Unset: any valid host.
   */
  allowedDomains?: RemotePattern[];
}
