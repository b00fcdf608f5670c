import type { RoutePart } from '../routing/parse';

/**
 * Astro's route generator: the pathname a route has for `params` (`/posts/[id]` + `{ id: '1' }`
 * → `/posts/1`). `#` and `?` in values are percent-encoded so they stay in the path; an empty
 * `[...rest]` drops its segment. A missing required parameter returns `undefined`.
 */
export function generatePath(segments: RoutePart[][], params: Record<string, string | undefined>, trailingSlash = false): string | undefined {
  let path = '';
  for (const segment of segments) {
    let text = '';
    for (const part of segment) {
      if (!part.dynamic) {
        text += part.content.normalize();
        continue;
      }
      const value = params[part.content];
      if (value === undefined) {
        if (!part.spread) return undefined;
        continue;
      }
      text += value.normalize().replace(/#/g, '%23').replace(/\?/g, '%3F');
    }
    if (text !== '') path += `/${text}`.replace(/^\/+/, '/');
  }
  if (path === '') return '/';
  return trailingSlash ? `${path}/` : path;
}

/** Astro's `trimSlashes` for param values: `/a/b/` → `a/b`. */
export function trimSlashes(value: string): string {
  return value.replace(/^\/+|\/+$/g, '');
}
