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
 * The URL path a prerendered path is requested at during the build: `context.url` (Astro's
 * `getUrlForPath`). `base` in front; endpoints as their path (a trailing slash under 'always'
 * unless a file name); pages per `format`: 'directory' ends in a slash unless `trailingSlash` is
 * 'never', 'file' ends in `.html` (`/about.html`, the root `/index.html`) as Astro documents.
 */
export function requestPathOf(type: 'page' | 'endpoint', pathname: string, base: string, format: BuildFormat, trailingSlash: TrailingSlash): string {
  if (type === 'endpoint') {
    const slash = trailingSlash === 'always' && !hasFileExtension(pathname);
    return pathname === '/' ? base || '/' : base + pathname + (slash ? '/' : '');
  }
  if (format === 'file') return base + (pathname === '/' ? '/index.html' : `${pathname}.html`);
  const slash = trailingSlash !== 'never';
  return pathname === '/' ? (base === '' ? '/' : base + (slash ? '/' : '')) : base + pathname + (slash ? '/' : '');
}

/**
 * The page path a `.html` URL of a 'file' build names (`/about.html` → `/about`, `/index.html`
 * and `/docs/index.html` → `/` and `/docs`), so that the URL a page saw as `context.url` is served
 * too, as a static host serves the file; `undefined` for other paths.
 */
export function pagePathOfHtml(pathname: string): string | undefined {
  if (!pathname.endsWith('.html')) return undefined;
  if (pathname === '/index.html') return '/';
  if (pathname.endsWith('/index.html')) return pathname.slice(0, -'/index.html'.length);
  return pathname.slice(0, -'.html'.length);
}
