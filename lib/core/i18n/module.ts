import { createError } from '../errors/errors';
import { IncorrectStrategyForI18n, InvalidOption } from '../errors/catalog';
import type { APIContext, MiddlewareHandler, ValidRedirectStatus } from '../../types';
import {
  checkRouting,
  isResolvedI18n,
  normalizeTheLocale,
  resolveI18n,
  toCodes,
  toPaths,
  toRoutingStrategy,
  type I18nConfig,
  type I18nEnvironment,
  type I18nRoutingOptions,
  type Locales,
  type ResolvedI18n,
  type RoutingStrategy,
} from './config';
import { getLocaleByPath, getPathByLocale, pathHasLocale } from './locale';
import { createRouting, type I18nMiddlewareOptions } from './middleware';
import {
  getAbsoluteLocaleUrl,
  getAbsoluteLocaleUrlList,
  getRelativeLocaleUrl,
  getRelativeLocaleUrlList,
  type GetLocaleOptions,
} from './urls';

/** The functions of Astro's `astro:i18n` module, bound to one config (see `createI18n`). */
export interface AstroI18n {
  /** The resolved config the functions are bound to. */
  readonly config: ResolvedI18n;
  /** `/<base>/<locale>/<path>`: the relative URL of a locale (a string locale or any code of an object locale). */
  getRelativeLocaleUrl(locale: string, path?: string, options?: GetLocaleOptions): string;
  /** The same on `site` (relative when there is no `site`). */
  getAbsoluteLocaleUrl(locale: string, path?: string, options?: GetLocaleOptions): string;
  /** `getRelativeLocaleUrl` for every locale, in config order. */
  getRelativeLocaleUrlList(path?: string, options?: GetLocaleOptions): string[];
  /** `getAbsoluteLocaleUrl` for every locale, in config order. */
  getAbsoluteLocaleUrlList(path?: string, options?: GetLocaleOptions): string[];
  /** The path of a locale code (`'pt-BR'` → `'portugues'`). */
  getPathByLocale(locale: string): string;
  /** The code of a locale path (`'portugues'` → `'pt'`, the first code). */
  getLocaleByPath(path: string): string;
  /** Whether a path has a segment naming a locale. */
  pathHasLocale(path: string): boolean;
  /**
   * `routing: 'manual'` only: a redirect (302 unless `statusCode`) to the default locale's root.
   * Typed `Response` (Astro: `Response | undefined`, though it always returns one), so
   * `return redirectToDefaultLocale(context)` type-checks in a middleware.
   */
  redirectToDefaultLocale(context: APIContext, statusCode?: ValidRedirectStatus): Response;
  /** `routing: 'manual'` only: a 404 unless the URL is the root or names a locale (`undefined` then). */
  notFound(context: APIContext, response?: Response): Response | undefined;
  /** `routing: 'manual'` only: whether the request URL names a locale. */
  requestHasLocale(context: APIContext): boolean;
  /** `routing: 'manual'` only: the fallback locale's page for a 404, or the response unchanged. */
  redirectToFallback(context: APIContext, response: Response): Promise<Response>;
  /**
   * `routing: 'manual'` only: Astro's i18n middleware with these routing options, to compose
   * with `sequence()`. As in Astro, the URL helpers of this object follow its strategy afterwards.
   */
  middleware(customOptions: I18nRoutingOptions): MiddlewareHandler;
  /** `pt_BR` → `pt-br`. */
  normalizeTheLocale(locale: string): string;
  /** Each string locale and the first code of each object locale. */
  toCodes(locales: Locales): string[];
  /** Each string locale and the path of each object locale. */
  toPaths(locales: Locales): string[];
}

/** Options of `createI18n`: where the config applies, and what the middleware needs from the host. */
export interface CreateI18nOptions extends I18nEnvironment, I18nMiddlewareOptions {}

/**
 * Astro's `astro:i18n` module for one config, since there is no virtual module: `createI18n(
 * { defaultLocale: 'en', locales: ['en', 'fr'], routing: 'manual' }, { base, trailingSlash, site })`.
 * Takes the raw config (validated here, throwing `InvalidOption`) or a `resolveI18n` result
 * (then only the middleware options are read). As in Astro, `redirectToDefaultLocale`,
 * `notFound`, `requestHasLocale`, `redirectToFallback` and `middleware` throw
 * `IncorrectStrategyForI18n` unless `routing` is `'manual'`.
 */
export function createI18n(config: I18nConfig | ResolvedI18n, options: CreateI18nOptions = {}): AstroI18n {
  const i18n = isResolvedI18n(config) ? config : resolveI18n(config, options);
  const hooks: I18nMiddlewareOptions = { hasRoute: options.hasRoute, mountPath: options.mountPath };
  const manual = i18n.routing === 'manual';
  // Astro's virtual module keeps the strategy in a module variable that `middleware()` replaces,
  // so URLs built afterwards follow the middleware's routing; this object does the same.
  let strategy: RoutingStrategy = i18n.strategy;
  const routing = createRouting(i18n, i18n.strategy, i18n.fallbackType, hooks);
  const manualOnly = <F extends (...args: never[]) => unknown>(name: string, fn: F): F =>
    manual
      ? fn
      : (((..._args: never[]) => {
          throw createError(IncorrectStrategyForI18n, name);
        }) as unknown as F);

  return Object.freeze({
    config: i18n,
    getRelativeLocaleUrl: (locale: string, path?: string, opts?: GetLocaleOptions) => getRelativeLocaleUrl(i18n, strategy, locale, path, opts),
    getAbsoluteLocaleUrl: (locale: string, path?: string, opts?: GetLocaleOptions) => getAbsoluteLocaleUrl(i18n, strategy, locale, path, opts),
    getRelativeLocaleUrlList: (path?: string, opts?: GetLocaleOptions) => getRelativeLocaleUrlList(i18n, strategy, path, opts),
    getAbsoluteLocaleUrlList: (path?: string, opts?: GetLocaleOptions) => getAbsoluteLocaleUrlList(i18n, strategy, path, opts),
    getPathByLocale: (locale: string) => getPathByLocale(locale, i18n),
    getLocaleByPath: (path: string) => getLocaleByPath(path, i18n),
    pathHasLocale: (path: string) => pathHasLocale(path, i18n),
    redirectToDefaultLocale: manualOnly('redirectToDefaultLocale', routing.redirectToDefaultLocale),
    notFound: manualOnly('notFound', routing.notFound),
    requestHasLocale: manualOnly('requestHasLocale', routing.requestHasLocale),
    redirectToFallback: manualOnly('redirectToFallback', routing.redirectToFallback),
    middleware: manualOnly('middleware', (customOptions: I18nRoutingOptions): MiddlewareHandler => {
      const checked = checkRouting(customOptions ?? {}, 'middleware() options');
      if (checked === 'manual') throw createError(InvalidOption, 'middleware() options', "expected `{ prefixDefaultLocale, redirectToDefaultLocale, fallbackType }`, not 'manual'");
      strategy = toRoutingStrategy(checked);
      return createRouting(i18n, strategy, checked.fallbackType, hooks).middleware;
    }),
    normalizeTheLocale,
    toCodes,
    toPaths,
  });
}
