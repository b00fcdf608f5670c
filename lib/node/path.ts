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
