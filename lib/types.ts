import './globals';
import type { RemotePattern } from './core/security/allowed-domains';
import type { TrailingSlash } from './core/routing/trailing-slash';
import type { AstroCookies } from './core/cookies/cookies';
import type { AstroSession } from './core/session/session';
import type { SessionConfig } from './core/session/config';
import type { I18nConfig } from './core/i18n/config';
import type { AstroLogger, LoggerDestination } from './core/logger';
import type { CspConfig } from './core/security/csp-config';
import type { CspContext } from './core/security/csp-policy';
import type { PrerenderExports } from './core/prerender/types';
import type { BuildFormat } from './core/prerender/out-file';

export type { RemotePattern, TrailingSlash, AstroLogger, LoggerDestination, CspConfig, CspContext };
/** What the `logger` option takes: `console`, pino, winston, or any object with these methods. */
export type Logger = LoggerDestination;

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
  /** `true` while a prerendered route renders (at build time, or on demand in development); else `false`. */
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
  /**
   * Astro 6/7's `context.logger`: `info`, `warn`, `error` (and `debug`) write `[app] message` to
   * the renderer's `logger` option (`console` by default); `fork(label)` gives another label.
   */
  readonly logger: AstroLogger;
  /**
   * Astro 6/7's `context.csp`: `insertDirective`, `insertScriptResource`, `insertStyleResource`,
   * `insertScriptHash`, `insertStyleHash` shape the page's `Content-Security-Policy` header.
   * `undefined` unless the `security.csp` option is set.
   */
  readonly csp: CspContext | undefined;
  /**
   * The result of the form action (`<form method="POST" action={actions.like}>`) this request
   * ran, when it was `action`: `{ data, error }`; `undefined` otherwise.
   */
  getActionResult<A extends AnyActionFunction>(action: A): Awaited<ReturnType<A>> | undefined;
  /**
   * Runs an action with this context, validating `input`: `{ data, error }`, or, for
   * `action.orThrow`, the data (an `ActionError` is thrown).
   */
  callAction<A extends AnyActionFunction>(action: A, input: Parameters<A>[0]): ReturnType<A>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyActionFunction = (...args: any[]) => Promise<any>;

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
export interface PageModule extends PrerenderExports {
  /** The exact contents of the page's inline `<script>` elements: hashed into its CSP header (`security.csp`). */
  inlineScripts?: string[];
  /** The exact contents of the page's inline `<style>` elements: hashed into its CSP header. */
  inlineStyles?: string[];
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
export interface EndpointModule extends PrerenderExports {
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
  /**
   * The `onRequest` middleware (use `sequence()` for several). Replaces discovery. `true`
   * requires discovered middleware: without it under `root`, every request fails (closed)
   * with `MiddlewareNotFound` instead of running unguarded.
   */
  middleware?: MiddlewareHandler | true;
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
  /**
   * Where `context.logger` and astro-bridge's own messages go: `console` (default) or any object
   * with `info`, `warn`, `error` (and optionally `debug`) methods taking one string (pino, winston…).
   */
  logger?: LoggerDestination;
  /**
   * Astro's `security` options. `csp`: `true` or `{ algorithm, directives, scriptDirective,
   * styleDirective }` sends a `Content-Security-Policy` header with every page (not endpoints) and
   * turns on `context.csp`; a page's declared `inlineScripts`/`inlineStyles` are hashed into it.
   */
  security?: { csp?: boolean | CspConfig };
  /** The public URL of the site: `context.site`, and the host used when `allowedDomains` rejects one. */
  site?: string | URL;
  /** Astro's `base`: routes match below it (`/docs` → `/docs/about`). Default `/`. */
  base?: string;
  /** Astro's `trailingSlash`: `'ignore'` (default), `'always'` or `'never'`. */
  trailingSlash?: TrailingSlash;
  /**
   * Whether the host app routes paths case-sensitively. astro-bridge's own routes always do
   * (`/Page` is not `/page`); this decides what middleware sees for a request no route of ours
   * owns, which goes on to the host. When the host matches `/ADMIN` as `/admin`, middleware sees
   * the path in lower case (ASCII letters; the mount path too), so a guard such as
   * `pathname.startsWith('/admin')` stops every case the host serves; the host still gets the
   * request as sent. Write such guards in lower case. Default: Express, the app's
   * `case sensitive routing` setting (off unless set); Koa, `false` (`@koa/router` and
   * `koa-router` are case-insensitive unless `sensitive: true`); `node:http`, `true`.
   */
  caseSensitive?: boolean;
  /**
   * Astro's `security.allowedDomains`: the hosts that may appear in `context.url`. A request
   * naming another host gets the host of `site` (or `localhost`) instead. Unset: any valid host.
   */
  allowedDomains?: RemotePattern[];
  /**
   * The most bytes of a request body astro-bridge reads (`request.text()`, `json()`,
   * `formData()`, `arrayBuffer()`, `blob()`, `request.body`): a larger `Content-Length` fails the
   * read at once, a chunked body as soon as it passes the limit, with `PayloadTooLarge` (413) and
   * the connection closed after the answer. Default 1 MiB (1048576); `Infinity` for no limit.
   * Bodies a host parser already read (`express.json()`) keep that parser's own limit.
   */
  bodyLimit?: number;
  /**
   * Astro's `security.checkOrigin`: a cross-site form submission (POST, PUT, PATCH or DELETE with
   * a urlencoded, multipart or text/plain body, or none) gets 403 before any middleware runs.
   * `Sec-Fetch-Site` decides (`same-origin`/`none` pass); without it, `Origin` must equal the
   * request's origin as the host's proxy trust computed it; without either, the request passes.
   * `true` (default) checks our routes and actions; `{ hostRoutes: true }` also what falls
   * through to the host app; `false` turns it off.
   */
  checkOrigin?: boolean | { hostRoutes?: boolean };
  /**
   * Astro's actions: the `server` object of `src/actions/index` (`{ like: defineAction(…),
   * blog: { … } }`), served at `POST /_actions/<name>` and to forms posted to `?_action=<name>`.
   * Without it, `src/actions/index.{ts,js,mjs}` under `root` is loaded when it exists (with or
   * without src/pages); with `routes` given, only when `root` is given too, not under the
   * default `process.cwd()`.
   */
  actions?: Record<string, unknown>;
  /**
   * Astro's `security.actionBodySizeLimit`: the largest action request body, in bytes
   * (`/_actions/<name>` calls and `?_action=` posts to our routes), answered with the action's
   * own 413. May be above `bodyLimit`, which keeps applying to other bodies. Default: the smaller
   * of 1 MiB and `bodyLimit`.
   */
  actionBodySizeLimit?: number;
  /**
   * Whether routes are prerendered unless they say otherwise (`export const prerender`): Astro's
   * `output: 'static'` (`true`) or `'server'` (`false`, the default).
   */
  prerender?: boolean;
  /**
   * Where `build()` writes prerendered routes, and where the renderer serves them from (default
   * `dist` under `root`). Without a build there, prerendered routes render on demand.
   */
  outDir?: string | URL;
  /** Render prerendered routes on demand (with the build-time context) even when `outDir` holds a build. */
  dev?: boolean;
  /** Astro's `build` options, used by `build()`: `format` is 'directory' (default) or 'file'. */
  build?: { format?: BuildFormat; concurrency?: number };
  /**
   * Milliseconds a request may take to produce its Response (middleware, the route, or the host
   * app behind it): past it, `RequestTimeout` (503) goes to the host's error handling and a
   * Response that comes later is not sent (its body is cancelled). Default: no limit.
   */
  timeout?: number;
}
