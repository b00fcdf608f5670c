export type TrailingSlash = 'ignore' | 'always' | 'never';

const FILE_EXTENSION = /\.[0-9a-z]+$/i;

/** Whether the last path segment looks like a file name (`/feed.xml`). */
export function hasFileExtension(pathname: string): boolean {
  return FILE_EXTENSION.test(pathname.slice(pathname.lastIndexOf('/') + 1));
}

// `/_actions`, `/_image` … are never redirected, as in Astro's App; `//` alone is not internal.
function isInternalPath(pathname: string): boolean {
  return /^\/[_@./]/.test(pathname) && !/^\/+$/.test(pathname);
}

/**
 * The pathname Astro's trailing-slash policy wants for `pathname` (Astro's
 * `#redirectTrailingSlash`): duplicate trailing slashes collapse; `always` appends one (not to
 * file names), `never` removes it; `/` and internal paths stay as they are.
 */
export function correctTrailingSlash(pathname: string, policy: TrailingSlash): string {
  if (pathname === '/' || pathname === '' || isInternalPath(pathname)) return pathname;
  if (/\/\/+$/.test(pathname)) return pathname.replace(/\/+$/, policy === 'never' ? '' : '/') || '/';
  if (policy === 'always' && !pathname.endsWith('/') && !hasFileExtension(pathname)) return `${pathname}/`;
  if (policy === 'never' && pathname.endsWith('/')) return pathname.slice(0, -1);
  return pathname;
}
