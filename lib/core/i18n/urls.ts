import { createError } from '../errors/errors';
import { MissingLocaleError } from '../errors/catalog';
import { normalizeTheLocale, type BuildFormat, type ResolvedI18n, type RoutingStrategy } from './config';
import type { TrailingSlash } from '../routing/trailing-slash';

/** Options of the `get*LocaleUrl*` helpers (Astro's `GetLocaleOptions`). */
export interface GetLocaleOptions {
  /** Lower-case the locale and turn `_` into `-` (`es_US` → `es-us`). Default `true`. */
  normalizeLocale?: boolean;
  /** A path put between the base and the locale (`blog` → `/blog/es/…`). */
  prependWith?: string;
}

/** Astro's `shouldAppendForwardSlash`: `always` yes, `never` no, `ignore` per build format. */
export function shouldAppendForwardSlash(trailingSlash: TrailingSlash, format: BuildFormat): boolean {
  if (trailingSlash === 'always') return true;
  if (trailingSlash === 'never') return false;
  return format === 'directory';
}

const appendForwardSlash = (path: string) => (path.endsWith('/') ? path : `${path}/`);
const removeTrailing = (path: string) => (path.endsWith('/') ? path.slice(0, -1) : path);
const removeLeading = (path: string) => (path.startsWith('/') ? path.slice(1) : path);
const trimSlashes = (path: string) => path.replace(/^\/|\/$/g, '');

/**
 * Astro's `joinPaths` (internal-helpers), kept exact because generated URLs depend on it: the
 * first part loses one trailing slash, the last one leading slash, the middle ones both, and
 * "last" counts the parts given, `undefined` ones included.
 */
export function joinPaths(...paths: (string | undefined)[]): string {
  return paths
    .filter((p): p is string => typeof p === 'string')
    .map((p, i) => (i === 0 ? removeTrailing(p) : i === paths.length - 1 ? removeLeading(p) : trimSlashes(p)))
    .join('/');
}

const PREFIX_ALWAYS = new Set<RoutingStrategy>(['pathname-prefix-always', 'pathname-prefix-always-no-redirect']);

/**
 * The relative URL of the locale whose URL segment is `segment` (Astro's
 * `getLocaleRelativeUrl` after the code → path lookup).
 */
function relativeUrl(i18n: ResolvedI18n, strategy: RoutingStrategy, segment: string, path: string | undefined, options: GetLocaleOptions = {}): string {
  const { normalizeLocale = true, prependWith } = options;
  const parts = [i18n.base, prependWith];
  // Deviation: Astro compares the *argument* with `defaultLocale`, so the code of a default
  // object locale (`es` for `{ path: 'spanish' }`) got a prefix its list functions did not give.
  if (PREFIX_ALWAYS.has(strategy) || segment !== i18n.defaultLocale) parts.push(normalizeLocale ? normalizeTheLocale(segment) : segment);
  parts.push(path);
  const joined = joinPaths(...parts);
  const url = shouldAppendForwardSlash(i18n.trailingSlash, i18n.format) ? appendForwardSlash(joined) : joined;
  return url === '' ? '/' : url;
}

function absoluteUrl(i18n: ResolvedI18n, relative: string): string {
  const { site } = i18n;
  const url = relative === '/' ? (site ?? '/') : site ? joinPaths(site, relative) : relative;
  return shouldAppendForwardSlash(i18n.trailingSlash, i18n.format) ? appendForwardSlash(url) : url;
}

function segmentOf(i18n: ResolvedI18n, locale: string): string {
  const segment = i18n.tables.pathOfCode.get(locale);
  if (segment === undefined) throw createError(MissingLocaleError, locale);
  return segment;
}

/**
 * `getRelativeLocaleUrl(locale, path?, options?)`: `/<base>/<locale>/<path>` for a string
 * locale or any code of an object locale (its `path` is used); the default locale has no prefix
 * unless `prefixDefaultLocale`. Throws `MissingLocaleError` for an unknown locale.
 */
export function getRelativeLocaleUrl(i18n: ResolvedI18n, strategy: RoutingStrategy, locale: string, path?: string, options?: GetLocaleOptions): string {
  return relativeUrl(i18n, strategy, segmentOf(i18n, locale), path, options);
}

/** `getAbsoluteLocaleUrl(locale, path?, options?)`: the relative URL on `site` (relative without `site`). */
export function getAbsoluteLocaleUrl(i18n: ResolvedI18n, strategy: RoutingStrategy, locale: string, path?: string, options?: GetLocaleOptions): string {
  return absoluteUrl(i18n, getRelativeLocaleUrl(i18n, strategy, locale, path, options));
}

/** `getRelativeLocaleUrlList(path?, options?)`: the relative URL of every locale, in config order. */
export function getRelativeLocaleUrlList(i18n: ResolvedI18n, strategy: RoutingStrategy, path?: string, options?: GetLocaleOptions): string[] {
  return i18n.tables.paths.map((segment) => relativeUrl(i18n, strategy, segment, path, options));
}

/** `getAbsoluteLocaleUrlList(path?, options?)`: the absolute URL of every locale, in config order. */
export function getAbsoluteLocaleUrlList(i18n: ResolvedI18n, strategy: RoutingStrategy, path?: string, options?: GetLocaleOptions): string[] {
  return i18n.tables.paths.map((segment) => absoluteUrl(i18n, relativeUrl(i18n, strategy, segment, path, options)));
}
