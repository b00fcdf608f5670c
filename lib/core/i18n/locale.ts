import { createError } from '../errors/errors';
import { i18nNoLocaleFoundInPath } from '../errors/catalog';
import { normalizeTheLocale, type ResolvedI18n } from './config';

/** Astro's `normalizeThePath`: a segment loses one trailing `.html` (`/pt.html` names `pt`). */
export function normalizeThePath(segment: string): string {
  return segment.endsWith('.html') ? segment.slice(0, -5) : segment;
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** `pathname` without the i18n `base` (when it starts with it). */
function belowBase(pathname: string, base: string): string {
  if (!base || !pathname.startsWith(base)) return pathname;
  const rest = pathname.slice(base.length);
  return rest === '' || rest.startsWith('/') ? rest : pathname;
}

/**
 * `Astro.currentLocale` for a pathname (Astro's `computeCurrentLocale`): the first segment
 * (after the `base`; `.html` dropped) naming a configured locale, else the default locale.
 * A string locale matches its segment exactly (`/pt/…`; Astro's substring pre-check makes it
 * case-sensitive, so `/PT/…` does not match); an object locale matches its `path` (answering its
 * first code) or any of its codes case-insensitively (answering that code, `/es-sp/` → `es-SP`).
 * Pure and cheap: precomputed tables, one pass over the segments.
 *
 * Pass the pathname below the host's mount point (see `localePathname` for fallback rewrites).
 * Deviations from Astro: the `base` is skipped (Astro skips it for static routes only), and
 * percent-encoded segments are decoded before matching (`/espa%C3%B1ol/` names `español`).
 */
export function currentLocale(pathname: string, i18n: ResolvedI18n): string | undefined {
  const { exactSegment, normalizedCodeSegment, defaultCurrentLocale } = i18n.tables;
  const path = belowBase(pathname, i18n.base);
  let start = 0;
  while (start <= path.length) {
    let end = path.indexOf('/', start);
    if (end === -1) end = path.length;
    if (end > start) {
      const segment = normalizeThePath(decodeSegment(path.slice(start, end)));
      const exact = exactSegment.get(segment);
      const byCode = normalizedCodeSegment.get(normalizeTheLocale(segment));
      // Several locales could claim one segment: the first configured one wins, as in Astro.
      const found = exact && byCode ? (exact.order <= byCode.order ? exact : byCode) : (exact ?? byCode);
      if (found) return found.locale;
    }
    start = end + 1;
  }
  return defaultCurrentLocale;
}

/**
 * Astro's `pathHasLocale`: whether any segment (`.html` dropped) names a locale, a string
 * locale compared case-insensitively (`_` as `-`), an object locale by its exact `path`.
 */
export function pathHasLocale(path: string, i18n: ResolvedI18n): boolean {
  const { normalizedStringLocales, objectPaths } = i18n.tables;
  for (const raw of path.split('/')) {
    const segment = normalizeThePath(raw);
    if (objectPaths.has(segment) || normalizedStringLocales.has(normalizeTheLocale(segment))) return true;
  }
  return false;
}

/** Whether a segment of `rel` is the default locale (Astro 7 compares normalised locales). */
export function namesDefaultLocale(rel: string, i18n: ResolvedI18n): boolean {
  const locale = normalizeTheLocale(i18n.defaultLocale);
  return rel.split('/').some((segment) => segment !== '' && normalizeTheLocale(segment) === locale);
}

/** Astro's `getPathByLocale`: the path of a code (`'pt-BR'` → `'portugues'`); throws `i18nNoLocaleFoundInPath`. */
export function getPathByLocale(locale: string, i18n: ResolvedI18n): string {
  const path = i18n.tables.pathOfCode.get(locale);
  if (path === undefined) throw createError(i18nNoLocaleFoundInPath);
  return path;
}

/** Astro's `getLocaleByPath`: the (first) code of a path (`'portugues'` → `'pt'`); throws `i18nNoLocaleFoundInPath`. */
export function getLocaleByPath(path: string, i18n: ResolvedI18n): string {
  const code = i18n.tables.codeOfPath.get(path);
  if (code === undefined) throw createError(i18nNoLocaleFoundInPath);
  return code;
}
