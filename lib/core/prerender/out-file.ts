import { createError } from '../errors/errors';
import { PrerenderPathOutsideOutDir } from '../errors/catalog';
import { hasFileExtension, type TrailingSlash } from '../routing/trailing-slash';
import { describeRoute } from './where';

/** Astro's `build.format`: `/about` → `about/index.html` ('directory') or `about.html` ('file'). */
export type BuildFormat = 'directory' | 'file';

const STATUS_PAGES = new Set(['/404', '/500']);
const UNSAFE_SEGMENT = /^\.\.?$|\\|\0/;

/**
 * The file (relative to `outDir`, `/`-separated) a prerendered path is written to, as Astro lays
 * out its `dist/`: endpoints as their own path (`/feed.xml`), pages per `format`, `/404` and
 * `/500` as `404.html` and `500.html` in both formats. `base` is not part of the layout.
 */
export function outFileOf(route: { route: string; type: 'page' | 'endpoint'; file?: string }, pathname: string, format: BuildFormat): string {
  const segments = pathname.split('/').slice(1);
  if (segments.some((s) => UNSAFE_SEGMENT.test(s))) throw createError(PrerenderPathOutsideOutDir, describeRoute(route), pathname);
  const relative = segments.join('/');
  if (route.type === 'endpoint') return relative;
  if (relative === '') return 'index.html';
  if (format === 'file' || STATUS_PAGES.has(pathname)) return `${relative}.html`;
  return `${relative}/index.html`;
}

/**
 * The URL path a prerendered path is requested at during the build (Astro's `getUrlForPath`,
 * without its `.html` suffix for 'file'): `base` in front, a trailing slash for directory pages
 * unless `trailingSlash` is 'never' (and always under 'always', except for file names).
 */
export function requestPathOf(type: 'page' | 'endpoint', pathname: string, base: string, format: BuildFormat, trailingSlash: TrailingSlash): string {
  const slash =
    trailingSlash === 'always' ? !hasFileExtension(pathname) : trailingSlash === 'ignore' && type === 'page' && format === 'directory';
  if (pathname === '/') return base === '' ? '/' : base + (slash ? '/' : '');
  return base + pathname + (slash ? '/' : '');
}
