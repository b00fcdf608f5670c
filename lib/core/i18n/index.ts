/**
 * i18n: Astro's `i18n` config, locale negotiation, the current locale, the routing middleware
 * and the `astro:i18n` helpers. Entry points for the pipeline:
 *
 *  - `resolveI18n(config, { base, trailingSlash, site })` once per renderer (throws `InvalidOption`);
 *  - `preferredLocale(acceptLanguage, i18n)`, `preferredLocaleList(acceptLanguage, i18n)` and
 *    `currentLocale(localePathname(context, mountPath), i18n)` from the context getters, lazily;
 *  - `createI18nMiddleware(i18n, { hasRoute, mountPath })` first in the chain (a pass-through when
 *    there is nothing to route);
 *  - `createI18n(config | i18n, options)`: the `astro:i18n` functions for users.
 */
export {
  resolveI18n,
  isResolvedI18n,
  normalizeTheLocale,
  toCodes,
  toPaths,
  getAllCodes,
  toRoutingStrategy,
  type BuildFormat,
  type I18nConfig,
  type I18nEnvironment,
  type I18nRoutingOptions,
  type LocaleObject,
  type Locales,
  type ResolvedI18n,
  type RoutingStrategy,
} from './config';
export { preferredLocale, preferredLocaleList, boundAcceptLanguage, MAX_ACCEPT_LANGUAGE_ENTRIES, MAX_ACCEPT_LANGUAGE_LENGTH } from './negotiate';
export { currentLocale, pathHasLocale, normalizeThePath } from './locale';
export { createI18nMiddleware, hasI18nRouting, type I18nMiddlewareOptions } from './middleware';
export { localePathname } from './fallback';
export { createI18n, type AstroI18n, type CreateI18nOptions } from './module';
export { joinPaths, type GetLocaleOptions } from './urls';
