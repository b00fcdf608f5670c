import { isSameShape, parseRoute } from '../routing/parse';
import type { RouteEntry } from '../routing/match';
import type { ResolvedI18n } from './config';

/**
 * The page of a fallback route: an empty 404 that the i18n routing answers with the fallback
 * locale's page (redirect or rewrite). Astro renders its `fallback` routes the same way: a
 * sentinel response its i18n step turns into the fallback.
 */
const fallbackPage = Object.freeze({ default: () => new Response(null, { status: 404 }) });

/**
 * Astro's i18n fallback routes (`createI18nFallbackRoutes`): for every locale with a `fallback`,
 * a route for each page its fallback locale has and it lacks (`{ de: 'fr' }` and a page
 * `/fr/about` only: a route `/de/about`). It answers an empty 404 that the i18n routing turns
 * into the fallback (redirect or rewrite), so the request is ours even where a less specific
 * route (`/[...slug]`) or the host app would otherwise take it. Pages belong to the locale one
 * of their static segments names, else to the default locale. The fallback chain is followed
 * (`{ es: 'pt', pt: 'en' }`: `es` also gets `en`'s pages), as the i18n routing does. Nothing
 * for `routing: 'manual'` (your middleware decides) or without `fallback`.
 */
export function withFallbackRoutes<M>(entries: RouteEntry<M>[], i18n: ResolvedI18n | undefined): RouteEntry<M>[] {
  if (i18n === undefined || i18n.strategy === 'manual' || i18n.fallback === undefined) return entries;
  const { fallback, defaultLocale } = i18n;
  const localeOf = (entry: RouteEntry<M>): string =>
    entry.segments.find((s) => s.length === 1 && !s[0]!.dynamic && s[0]!.content !== defaultLocale && i18n.tables.localeSegments.has(s[0]!.content))?.[0]!.content ??
    defaultLocale;
  // The error pages are not localized content (and `/de/404` would only redirect to `/404`).
  const pages = entries.filter((entry) => entry.type === 'page' && entry.route !== '/404' && entry.route !== '/500');
  const all = [...entries];
  for (const from of Object.keys(fallback)) {
    // Fallbacks were checked for cycles: each step reaches a locale not seen before.
    for (let to = fallback[from]; to !== undefined; to = fallback[to]) {
      for (const page of pages) {
        if (localeOf(page) !== to) continue;
        const parsed = parseRoute(fallbackPattern(page.route, to, from, to === defaultLocale && i18n.strategy === 'pathname-prefix-other-locales'));
        if (all.some((entry) => isSameShape(entry.segments, parsed.segments))) continue;
        all.push({ ...parsed, type: 'page', module: fallbackPage as M, fallback: true, fallbackOf: page, file: page.file });
      }
    }
  }
  return all;
}

/** `to`'s route under `from`: the locale segment replaced, or `from` prepended for an unprefixed default locale. */
function fallbackPattern(route: string, to: string, from: string, unprefixed: boolean): string {
  if (unprefixed) return route === '/' ? `/${from}` : `/${from}${route}`;
  return route
    .split('/')
    .map((segment) => (segment === to ? from : segment))
    .join('/');
}
