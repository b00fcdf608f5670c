import './globals';
import type { RemotePattern } from './core/security/allowed-domains';
import type { TrailingSlash } from './core/routing/trailing-slash';
import type { AstroCookies } from './core/cookies/cookies';
import type { AstroSession } from './core/session/session';
import type { SessionConfig } from './core/session/config';
import type { I18nConfig } from './core/i18n/config';

export type { RemotePattern, TrailingSlash };

/** Route parameters, decoded. A `[...rest]` that matched nothing is `undefined`, as in Astro. */
export type Params = Record<string, string | undefined>;

/** The statuses `redirect()` accepts. */
export type ValidRedirectStatus = 300 | 301 | 302 | 303 | 304 | 307 | 308;

/** Where a rewrite goes: a path (resolved against the current origin), a URL, or a whole Request. */
export type RewritePayload = string | URL | Request;

/** Status, statusText and headers a page's response gets when the page returns content. */
export interface ResponseInitContext {
  status: number;
  statusText: string;
  /** Add or delete headers; replacing the object throws `AstroResponseHeadersReassigned`. */
  readonly headers: Headers;
}

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
  readonly locals: App.Locals;
  /** A redirect `Response` (302 unless `status` says otherwise). */
  redirect(path: string | URL, status?: ValidRedirectStatus): Response;
  /**
   * Serves another route (or, when no route owns it, the host app's path) for this request
   * without a redirect, running the middleware again; `locals` is kept.
   */
  rewrite(payload: RewritePayload): Promise<Response>;
  /** The pathname before the last rewrite (the current pathname when there was none), decoded. */
  readonly originPathname: string;
  /** Status and headers for a page that returns content rather than a `Response`. */
  readonly response: ResponseInitContext;
  /**
   * The request's cookies (Astro's `AstroCookies`): `get`/`has` read the Cookie header, `set`/
   * `delete` reach the client as Set-Cookie lines on whatever response the request ends with.
   */
  readonly cookies: AstroCookies;
  /**
   * The request's session (Astro's `AstroSession`): `get` is async, `set`/`delete` are visible at
   * once and saved once at the end of the request. `undefined` without the `session` option.
   */
  readonly session: AstroSession | undefined;
  /**
   * The configured locale the client prefers most (Accept-Language, negotiated with
   * `negotiator`); `undefined` when none matches, without the header, or without `i18n`.
   */
  readonly preferredLocale: string | undefined;
  /** Every configured locale the client accepts, best first (all of them without the header); `undefined` without `i18n`. */
  readonly preferredLocaleList: string[] | undefined;
  /** The locale of the URL (`/fr/…` → `fr`; the default locale when there is no prefix); `undefined` without `i18n`. */
  readonly currentLocale: string | undefined;
  /** Not configured: actions arrive with the actions release; always `undefined` for now. */
  getActionResult(action: unknown): undefined;
  /** Not configured: rejects with `ActionsNotConfigured` for now. */
  callAction(action: unknown, input?: unknown): Promise<never>;
}

/** `next()` in middleware: renders the rest of the chain, or re-routes it with a payload. */
export type MiddlewareNext = (rewritePayload?: RewritePayload) => Promise<Response>;

/** Astro middleware: `onRequest(context, next)`. Return `next()`'s Response or your own. */
export type MiddlewareHandler = (
  context: APIContext,
  next: MiddlewareNext,
) => Promise<Response> | Response | Promise<void> | void;

/** An endpoint handler: `export const GET: APIRoute = (context) => new Response('ok')`. */
export type APIRoute<
  Props extends Record<string, unknown> = Record<string, unknown>,
  P extends Params = Params,
> = (context: APIContext<Props, P>) => Response | Promise<Response>;

/** A page: its default export gets the context and returns HTML or a Response. */
export interface PageModule {
  default: (
    context: APIContext,
  ) =>
    | string
    | Uint8Array
    | Response
    | ReadableStream<Uint8Array>
    | AsyncIterable<string | Uint8Array>
    | Iterable<string | Uint8Array>
    | Promise<string | Uint8Array | Response | ReadableStream<Uint8Array> | AsyncIterable<string | Uint8Array>>;
}

/** What a route maps to: an endpoint module (HTTP method handlers) or a page module (`default`). */
export type RouteModule = EndpointModule | PageModule;

/** An endpoint module: HTTP method handlers. */
export interface EndpointModule {
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
  /**
   * Where `src/` lives (default `process.cwd()`): without `routes`, `src/pages/**` is discovered;
   * without `middleware`, `onRequest` is loaded from `src/middleware.{ts,js,mjs}` or
   * `src/middleware/index.{ts,js,mjs}`.
   */
  root?: string | URL;
  /** Astro route patterns mapped to route modules: `{ '/posts/[id]': { GET } }`. Replaces discovery. */
  routes?: Record<string, RouteModule>;
  /** The `onRequest` middleware (use `sequence()` for several). Replaces discovery. */
  middleware?: MiddlewareHandler;
  /**
   * Requests no route owns go to the host app (`true`, default), with middleware still around
   * them; `false` renders the `/404` route (or a plain 404) for them instead, as Astro does.
   */
  fallThrough?: boolean;
  /**
   * Astro's `session` config: `{ driver, options, cookie, ttl }` with unstorage drivers —
   * `'memory'` (default: `session: {}` or `true`), `'fs'`, `'redis'`, or any unstorage driver
   * object — plus `timeout` (ms) for storage calls. Close connections with `renderer.close()`.
   */
  session?: SessionConfig | boolean;
  /**
   * Astro's `i18n` config: `locales` (strings or `{ path, codes }`), `defaultLocale`, `routing`
   * (`prefixDefaultLocale`, `redirectToDefaultLocale`, `fallbackType`, or `'manual'`), `fallback`.
   * Validated at `renderer()` time.
   */
  i18n?: I18nConfig;
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
