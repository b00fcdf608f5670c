import type { I18nRoutingOptions, Locales, RoutingStrategy } from './types';

// Astro's helpers over `i18n.locales`: codes, URL paths, and how locales compare.

/**
 * Astro's `normalizeTheLocale`: `_` becomes `-`, then lower case (`pt_BR` → `pt-br`). Locale
 * codes are compared in this form (Accept-Language tags and URL segments of object codes).
 */
export function normalizeTheLocale(locale: string): string {
  return locale.replaceAll('_', '-').toLowerCase();
}

/** The key negotiator compares: lower case, with `-` and `_` both `_` (so negotiator never prefix-matches). */
export function negotiationKey(tag: string): string {
  return tag.replaceAll('-', '_').toLowerCase();
}

/** Astro's `toCodes`: each string locale, and the first code of each object locale. */
export function toCodes(locales: Locales): string[] {
  return locales.map((l) => (typeof l === 'string' ? l : l.codes[0]!));
}

/** Astro's `toPaths`: each string locale, and the `path` of each object locale. */
export function toPaths(locales: Locales): string[] {
  return locales.map((l) => (typeof l === 'string' ? l : l.path));
}

/** Astro's `getAllCodes`: string locales and every code of object locales, in config order. */
export function getAllCodes(locales: Locales): string[] {
  return locales.flatMap((l) => (typeof l === 'string' ? [l] : [...l.codes]));
}

/** Astro's routing strategy for a `routing` option (domains are not supported). */
export function toRoutingStrategy(routing: 'manual' | I18nRoutingOptions | undefined): RoutingStrategy {
  if (routing === 'manual') return 'manual';
  if (routing?.prefixDefaultLocale !== true) return 'pathname-prefix-other-locales';
  return routing.redirectToDefaultLocale === false ? 'pathname-prefix-always-no-redirect' : 'pathname-prefix-always';
}
