import { isEndpointResponse } from '../routing/endpoint';
import type { APIContext, MiddlewareHandler, ValidRedirectStatus } from '../../types';
import type { ResolvedI18n, RoutingStrategy } from './config';
import { fallbackPaths, rememberFallbackRewrite } from './fallback';
import { isRoot, locate } from './locate';
import { namesDefaultLocale, pathHasLocale } from './locale';
import { shouldAppendForwardSlash } from './urls';

/*
 * Astro's i18n routing (`i18n/middleware.ts`, `i18n/index.ts`), adapted to a router that shares
 * its paths with a host app. It acts after `next()`, on the response, like Astro's:
 *
 *  - `pathname-prefix-always` (prefixDefaultLocale + redirectToDefaultLocale): the root (`/`,
 *    or the base) redirects (302) to `/<base>/<defaultLocale>/` (trailing slash per policy); a
 *    page whose path names no locale answers 404;
 *  - `pathname-prefix-always-no-redirect`: the same 404, the root is served as is;
 *  - `pathname-prefix-other-locales` (default): a page whose path names the default locale
 *    (`/en/about` when `en` is unprefixed) answers 404, as in Astro 7 (Astro 5.18.2 meant to, but
 *    its `notFound` returned early and served the page with a stray `Location` header; Astro 7
 *    adds a `Location` to its 404, we do not: a 404 is not followed);
 *  - fallback: a 404 for a path whose first locale segment has a `fallback` locale is answered
 *    by that locale's page, through a 302 redirect or a rewrite (`fallbackType`), query kept;
 *    a fallback to the default locale drops the segment when the default is unprefixed.
 *
 * Deliberate differences from Astro:
 *  - our 404 is `new Response(null, { status: 404 })` (the page's body is cancelled), so the
 *    pipeline renders the `/404` route; Astro kept the page's body with a 404 status;
 *  - only our own routes are policed: a path served by the host app (no route matched,
 *    `routePattern === ''`) keeps its response, except the root redirect and the fallback,
 *    which apply when the host had nothing for it either (a 404);
 *  - endpoint responses are left alone (Astro: only page responses are considered);
 *  - the fallback applies to 404s only (Astro: any status >= 300, which also replaced pages'
 *    own redirects and 500s), and only to a target `hasRoute` says exists, following the
 *    fallback chain (`es` → `pt` → `en`) to the first locale that has the page (Astro went
 *    one step per request, and redirected to missing pages too);
 *  - the locale segment is found and replaced below the base, by position (Astro replaced the
 *    first `/<locale>` substring, which could hit the base or a longer segment: `/items/it/x`);
 *  - the root redirect and the fallback target keep the host's mount path.
 */

/** Options of `createI18nMiddleware` (and of the manual `middleware()` helper). */
export interface I18nMiddlewareOptions {
  /**
   * Whether a route serves a pathname, given below the host's mount point with the base, the
   * way `Pipeline.match` takes it. The fallback only redirects or rewrites to a path for which
   * this is true. Default: always true (Astro's behaviour).
   */
  hasRoute?: (pathname: string) => boolean;
  /** The host's mount path for this request (`''` at the root); default `''`. */
  mountPath?: (context: APIContext) => string;
}

const ERROR_PAGE = /^\/(?:404|500)\/?$/;
const alwaysTrue = () => true;
const noMount = () => '';

function discard(response: Response | undefined): void {
  response?.body?.cancel().catch(() => {});
}

function notFoundResponse(response: Response | undefined): Response {
  discard(response);
  return new Response(null, { status: 404 });
}

/** The URL of the default locale's root: `/<mount><base>/<defaultLocale>` (+ `/` per policy). */
function defaultLocaleUrl(i18n: ResolvedI18n, prefix: string): string {
  const url = `${prefix}/${i18n.defaultLocale}`;
  return shouldAppendForwardSlash(i18n.trailingSlash, i18n.format) ? `${url}/` : url;
}

/** The routing pieces bound to one config and strategy: what the middleware and the manual helpers share. */
export interface I18nRouting {
  redirectToDefaultLocale(context: APIContext, statusCode?: ValidRedirectStatus): Response;
  notFound(context: APIContext, response?: Response): Response | undefined;
  requestHasLocale(context: APIContext): boolean;
  redirectToFallback(context: APIContext, response: Response): Promise<Response>;
  middleware: MiddlewareHandler;
}

/** Builds the routing functions for `i18n` with `strategy`/`fallbackType` (the config's, or `middleware()`'s). */
export function createRouting(
  i18n: ResolvedI18n,
  strategy: RoutingStrategy,
  fallbackType: 'redirect' | 'rewrite',
  options: I18nMiddlewareOptions = {},
): I18nRouting {
  const hasRoute = options.hasRoute ?? alwaysTrue;
  const mountPath = options.mountPath ?? noMount;

  const redirectToDefaultLocale = (context: APIContext, statusCode?: ValidRedirectStatus): Response =>
    context.redirect(defaultLocaleUrl(i18n, locate(context, i18n, mountPath).prefix), statusCode);

  /** Astro's `notFound`: a 404 unless the path is the root or names a locale (error pages pass). */
  const notFound = (context: APIContext, response?: Response): Response | undefined => {
    if (response !== undefined && ERROR_PAGE.test(context.routePattern)) return response;
    const { rel } = locate(context, i18n, mountPath);
    const path = rel ?? context.url.pathname;
    if (isRoot(path) || pathHasLocale(path, i18n)) return undefined;
    return notFoundResponse(response);
  };

  const requestHasLocale = (context: APIContext): boolean => {
    const { rel } = locate(context, i18n, mountPath);
    return pathHasLocale(rel ?? context.url.pathname, i18n);
  };

  const redirectToFallback = async (context: APIContext, response: Response): Promise<Response> => {
    if (response.status !== 404 || i18n.fallback === undefined || isEndpointResponse(response)) return response;
    const { prefix, rel } = locate(context, i18n, mountPath);
    if (rel === undefined) return response;
    // The first locale down the fallback chain that has the page (Astro: the first one).
    const target = fallbackPaths(i18n, strategy, rel).find((path) => hasRoute(i18n.base + path || '/'));
    if (target === undefined) return response;
    const pathname = prefix + target || '/';
    discard(response);
    const location = pathname + context.url.search;
    if (fallbackType === 'redirect') return context.redirect(location);
    rememberFallbackRewrite(context, pathname);
    return context.rewrite(location);
  };

  const middleware: MiddlewareHandler = async (context, next) => {
    const response = await next();
    // Endpoints are not localized pages (Astro only acts on page responses).
    if (isEndpointResponse(response)) return response;
    const { rel } = locate(context, i18n, mountPath);
    // Outside the base, and requests for the error pages themselves, are not i18n's business.
    if (rel === undefined || ERROR_PAGE.test(rel)) return response;
    const pattern = context.routePattern;
    // One of our pages (not the host's response, nor the 404/500 page rendered for a miss).
    const ownPage = pattern !== '' && !ERROR_PAGE.test(pattern);
    if (strategy === 'pathname-prefix-always' && isRoot(rel)) {
      // The root of a host path is the host's, unless the host had nothing there either.
      if (pattern !== '' || response.status === 404) {
        discard(response);
        return redirectToDefaultLocale(context);
      }
      return response;
    }
    if ((strategy === 'pathname-prefix-always' || strategy === 'pathname-prefix-always-no-redirect') && ownPage) {
      if (!isRoot(rel) && !pathHasLocale(rel, i18n)) return notFoundResponse(response);
    }
    if (strategy === 'pathname-prefix-other-locales' && ownPage && namesDefaultLocale(rel, i18n)) return notFoundResponse(response);
    return redirectToFallback(context, response);
  };

  return { redirectToDefaultLocale, notFound, requestHasLocale, redirectToFallback, middleware };
}

const passThrough: MiddlewareHandler = (_context, next) => next();

/**
 * Whether `createI18nMiddleware(i18n)` has anything to do: false for `routing: 'manual'` only.
 * The pipeline leaves the middleware out then.
 */
export function hasI18nRouting(i18n: ResolvedI18n): boolean {
  // Every other strategy routes: the default one 404s pages that name the default locale (Astro 7).
  return i18n.strategy !== 'manual';
}

/**
 * Astro's i18n routing middleware for a resolved config: the pipeline runs it first, before
 * the user's middleware, unless `routing` is `'manual'` (then this returns a pass-through, and
 * users compose `createI18n(...).middleware(...)` themselves).
 */
export function createI18nMiddleware(i18n: ResolvedI18n, options: I18nMiddlewareOptions = {}): MiddlewareHandler {
  if (!hasI18nRouting(i18n)) return passThrough;
  return createRouting(i18n, i18n.strategy, i18n.fallbackType, options).middleware;
}
