import type { APIContext } from '../../types';
import type { ResolvedI18n, RoutingStrategy } from './config';

/*
 * The i18n fallback: which paths a missing localized page may be served from, and, for a
 * fallback rewrite, which pathname was requested (so `currentLocale` keeps the requested locale).
 */

/**
 * The paths (below mount and base) the fallback may serve `rel` from, best first: its first
 * locale segment replaced by that locale's fallback, then by the fallback's fallback, and so on
 * (`{ es: 'pt', pt: 'en' }`: `/es/x` → `/pt/x`, `/x`). A fallback to the default locale drops
 * the segment when the default locale is unprefixed. Empty when the segment has no fallback.
 */
export function fallbackPaths(i18n: ResolvedI18n, strategy: RoutingStrategy, rel: string): string[] {
  const { fallback } = i18n;
  if (fallback === undefined) return [];
  const segments = rel.split('/');
  const index = segments.findIndex((s) => i18n.tables.localeSegments.has(s));
  if (index === -1) return [];
  const paths: string[] = [];
  // Fallbacks were checked for cycles: each step reaches a locale not seen before.
  for (let to = fallback[segments[index]!]; to !== undefined; to = fallback[to]) {
    if (to === i18n.defaultLocale && strategy === 'pathname-prefix-other-locales') {
      paths.push([...segments.slice(0, index), ...segments.slice(index + 1)].join('/'));
      break;
    }
    segments[index] = to;
    paths.push(segments.join('/'));
  }
  return paths;
}

// Which render of a request is an i18n fallback rewrite, and of which pathname (by the
// request's `locals`, the one object every render of a request shares).
const fallbackRewrites = new WeakMap<object, { from: string; to: string }>();

/**
 * Records that this request is being rewritten to `to` by the fallback. A chain of fallbacks
 * (`es` → `pt` → `en`) remembers the pathname first requested.
 */
export function rememberFallbackRewrite(context: Pick<APIContext, 'url' | 'locals'>, to: string): void {
  const { locals } = context;
  if (typeof locals !== 'object' || locals === null) return;
  const previous = fallbackRewrites.get(locals);
  const from = previous !== undefined && previous.to === context.url.pathname ? previous.from : context.url.pathname;
  fallbackRewrites.set(locals, { from, to });
}

/**
 * The pathname `currentLocale` should read for this context: `context.url.pathname` (below
 * `mountPath`), or, while rendering the target of an i18n fallback rewrite, the pathname that
 * was requested (as Astro does: `/fr` rewritten to the `en` page keeps `currentLocale` `fr`).
 */
export function localePathname(context: Pick<APIContext, 'url' | 'locals'>, mountPath = ''): string {
  let { pathname } = context.url;
  const rewrite = typeof context.locals === 'object' && context.locals !== null ? fallbackRewrites.get(context.locals) : undefined;
  if (rewrite !== undefined && rewrite.to === pathname) pathname = rewrite.from;
  if (mountPath && (pathname === mountPath || pathname.startsWith(`${mountPath}/`))) return pathname.slice(mountPath.length) || '/';
  return pathname;
}
