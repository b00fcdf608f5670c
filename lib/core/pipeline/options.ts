import { createError } from '../errors/errors';
import { InvalidOption, InvalidRouteModule } from '../errors/catalog';
import { parseRoute } from '../routing/parse';
import { Router, type RouteEntry } from '../routing/match';
import { METHODS } from '../routing/endpoint';
import type { TrailingSlash } from '../routing/trailing-slash';
import { resolveBase, resolveSite, resolveTrailingSlash } from '../routing/site-options';
import { checkAllowedDomains, type RemotePattern } from '../security/allowed-domains';
import { resolveBodyLimit, resolveCheckOrigin, resolveTimeout } from '../security/limits';
import type { OriginCheckScope } from '../security/check-origin';
import type { MiddlewareHandler, RendererOptions, RouteModule } from '../../types';
import { resolveSessionConfig, type ResolvedSessionConfig } from '../session/index';
import { resolveCsp, type ResolvedCsp } from '../security/csp-config';
import { resolveLogger, type AstroLogger } from '../logger';
import { resolveI18n, type ResolvedI18n } from '../i18n/index';
import { resolveActionsOptions, type ResolvedActionsOptions } from '../actions/options';
import { resolvePrerender, type ResolvedPrerender } from '../prerender/options';
import { checkPrerenderExports } from '../prerender/module';

/** Options validated and normalised once per `renderer()`, so bad config fails at start-up. */
export interface ResolvedOptions {
  /** The given routes; `undefined` when they are to be discovered under `root`. */
  routes: RouteEntry<RouteModule>[] | undefined;
  middleware: MiddlewareHandler | undefined;
  /** Whether middleware is to be discovered under `root` (no `middleware` option, or `true`). */
  discoverMiddleware: boolean;
  /** `middleware: true`: discovery must find it, or every request fails (closed). */
  requireMiddleware: boolean;
  root: string;
  /** `root` was given (not the default `process.cwd()`). */
  rootGiven: boolean;
  site: URL | undefined;
  /** `''` or a base path without trailing slash, e.g. `/docs`. */
  base: string;
  trailingSlash: TrailingSlash;
  allowedDomains: RemotePattern[] | undefined;
  fallThrough: boolean;
  /** The `caseSensitive` option; `undefined`: the host's own routing decides. */
  caseSensitive: boolean | undefined;
  /** The `session` option, validated; `undefined` when sessions are off. */
  session: ResolvedSessionConfig | undefined;
  /** `security.csp`, validated; `undefined` when CSP is off. */
  csp: ResolvedCsp | undefined;
  /** The `logger` option's logger (label `astro-bridge`); `console` by default. */
  logger: AstroLogger;
  /** The `i18n` option, validated, with its lookup tables; `undefined` without it. */
  i18n: ResolvedI18n | undefined;
  /** Bytes of a request body we read at most (`Infinity`: no limit). */
  bodyLimit: number;
  /** Where cross-site form posts get 403 (Astro's `security.checkOrigin`). */
  checkOrigin: OriginCheckScope;
  /** The actions options, validated (the server object, discovery, body limit, origin check). */
  actions: ResolvedActionsOptions;
  /** `prerender`, `outDir`, `dev` and `build`, validated. */
  prerender: ResolvedPrerender;
  /** Milliseconds a request may take to produce its Response (`Infinity`: no limit). */
  timeout: number;
}

export function resolveOptions(options: RendererOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw createError(InvalidOption, 'options', 'expected an object');
  const trailingSlash = resolveTrailingSlash(options.trailingSlash);
  if (options.middleware !== undefined && options.middleware !== true && typeof options.middleware !== 'function') {
    throw createError(InvalidOption, 'middleware', 'expected a function `(context, next) => Response` (use sequence() to combine several), or `true` to require discovered middleware');
  }
  if (options.fallThrough !== undefined && typeof options.fallThrough !== 'boolean') {
    throw createError(InvalidOption, 'fallThrough', 'expected true or false');
  }
  if (options.caseSensitive !== undefined && typeof options.caseSensitive !== 'boolean') {
    throw createError(InvalidOption, 'caseSensitive', 'expected true or false');
  }
  const site = resolveSite(options.site);
  const base = resolveBase(options.base);
  const root = resolveRoot(options.root);
  const bodyLimit = resolveBodyLimit(options.bodyLimit);
  const prerender = resolvePrerender(options, root);
  return {
    routes: options.routes === undefined ? undefined : routeEntries(options.routes),
    middleware: options.middleware === true ? undefined : options.middleware,
    discoverMiddleware: !('middleware' in options) || options.middleware === true,
    requireMiddleware: options.middleware === true,
    root,
    rootGiven: options.root !== undefined,
    site,
    base,
    trailingSlash,
    allowedDomains: checkAllowedDomains(options.allowedDomains),
    fallThrough: options.fallThrough ?? true,
    caseSensitive: options.caseSensitive,
    session: resolveSessionConfig(options.session),
    logger: resolveLogger(options.logger),
    csp: resolveCsp(resolveSecurity(options.security).csp),
    bodyLimit,
    checkOrigin: resolveCheckOrigin(options.checkOrigin),
    timeout: resolveTimeout(options.timeout),
    // build.format reaches i18n as Astro's buildFormat: locale URLs end in a slash per format under trailingSlash 'ignore'.
    i18n: options.i18n === undefined ? undefined : resolveI18n(options.i18n, { base: base || '/', trailingSlash, site: site?.href, format: prerender.format }),
    actions: resolveActionsOptions(options, bodyLimit),
    prerender,
  };
}

/** Builds the route table; `renderer()` calls it once, with given or discovered routes. */
export function createRouter(entries: RouteEntry<RouteModule>[], trailingSlash: TrailingSlash): Router<RouteModule> {
  return new Router(entries, trailingSlash);
}

/** Validates one route module: a page (default export) or an endpoint (method exports). */
export function routeEntry(pattern: string, mod: unknown, file?: string): RouteEntry<RouteModule> {
  const parsed = parseRoute(pattern);
  if (typeof mod !== 'object' || mod === null) throw createError(InvalidRouteModule, pattern);
  checkPrerenderExports({ route: parsed.route, file }, mod);
  const exports = mod as Record<string, unknown>;
  if (exports.default !== undefined) {
    if (typeof exports.default !== 'function') {
      throw createError(InvalidOption, 'routes', `the default export of '${pattern}' is a ${typeof exports.default}, not a page function`);
    }
    return { ...parsed, type: 'page', module: mod as RouteModule, file };
  }
  const handlers = [...METHODS, 'ALL'].filter((m) => exports[m] !== undefined);
  if (handlers.length === 0) throw createError(InvalidRouteModule, pattern);
  for (const m of handlers) {
    if (typeof exports[m] !== 'function') {
      throw createError(InvalidOption, 'routes', `the ${m} export of '${pattern}' is a ${typeof exports[m]}, not a function`);
    }
  }
  return { ...parsed, type: 'endpoint', module: mod as RouteModule, file };
}

function routeEntries(routes: unknown): RouteEntry<RouteModule>[] {
  // An array would make routes of its indexes ('/0', '/1').
  if (typeof routes !== 'object' || routes === null || Array.isArray(routes)) {
    throw createError(InvalidOption, 'routes', 'expected an object mapping route patterns to modules');
  }
  return Object.entries(routes).map(([pattern, mod]) => routeEntry(pattern, mod));
}

function resolveRoot(root: string | URL | undefined): string {
  if (root === undefined) return process.cwd();
  if (root instanceof URL) return decodeURIComponent(root.pathname);
  if (typeof root !== 'string' || root === '') throw createError(InvalidOption, 'root', 'expected a directory path or file: URL');
  return root.startsWith('file:') ? decodeURIComponent(new URL(root).pathname) : root;
}

function resolveSecurity(security: RendererOptions['security']): NonNullable<RendererOptions['security']> {
  if (security === undefined) return {};
  if (typeof security !== 'object' || security === null) throw createError(InvalidOption, 'security', 'expected an object such as `{ csp: true }`');
  return security;
}
