/** The path part of a request target (`/a/b?x=1` → `/a/b`). */
export function pathOf(target: string | undefined): string {
  if (target === undefined) return '/';
  const q = target.indexOf('?');
  return q === -1 ? target : target.slice(0, q);
}

/** The query part of a request target, with its `?` (`''` when there is none). */
export function searchOf(target: string | undefined): string {
  if (target === undefined) return '';
  const q = target.indexOf('?');
  return q === -1 ? '' : target.slice(q);
}

/**
 * The request target as path and query. Servers must accept an absolute-form target
 * (`GET http://other.host/x`), which hosts keep in `req.url` while routing on its path:
 * appended to our origin as is, it would put the target's host into `context.url`.
 */
export function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  const rest = target.replace(/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*/, '');
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/**
 * The target below `mountPath` for a (rewritten) URL, for handing back to a host that routes
 * relative to its mount point; `undefined` when the URL is not under it.
 */
export function targetBelowMount(url: URL, mountPath: string): string | undefined {
  const { pathname, search } = url;
  if (!mountPath) return pathname + search;
  if (pathname !== mountPath && !pathname.startsWith(`${mountPath}/`)) return undefined;
  return (pathname.slice(mountPath.length) || '/') + search;
}
