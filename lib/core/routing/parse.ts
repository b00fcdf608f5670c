import { createError } from '../errors/errors';
import { InvalidRoutePattern } from '../errors/catalog';

/** One piece of a path segment: static text, a `[param]` or a `[...rest]`. */
export interface RoutePart {
  /** Static text, or the parameter name (without `...`). */
  content: string;
  dynamic: boolean;
  spread: boolean;
}

export interface ParsedRoute {
  /** The normalised pattern, e.g. `/posts/[id]`; `routePattern` in the context. */
  route: string;
  segments: RoutePart[][];
  /** Parameter names in order of appearance. */
  params: string[];
  /** The URL pathname when every segment is static, e.g. `/about`. */
  pathname: string | undefined;
}

// Splits a segment into static text and bracketed parameters, e.g. `[name].json`.
const PARTS = /\[([^\]]*)\]/;
const PARAM_NAME = /^(?:\.\.\.)?[\w$]+$/;

/** Parses an Astro route pattern ('/', '/posts/[id]', '/docs/[...path]', '/files/[name].json'). */
export function parseRoute(pattern: string): ParsedRoute {
  const fail = (reason: string) => createError(InvalidRoutePattern, pattern, reason);
  if (typeof pattern !== 'string') throw fail('it must be a string');
  let path = pattern.trim();
  if (path.includes('?') || path.includes('#')) throw fail('it must not contain `?` or `#`');
  if (!path.startsWith('/')) path = `/${path}`;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const names = path === '/' ? [] : path.slice(1).split('/');
  const params: string[] = [];
  const segments = names.map((segment) => {
    if (segment === '') throw fail('it contains an empty segment (`//`)');
    if (segment.includes('][')) throw fail('parameters in one segment must be separated by static text');
    if (count(segment, '[') !== count(segment, ']')) throw fail('its brackets are unbalanced');
    const parts: RoutePart[] = [];
    segment.split(PARTS).forEach((text, i) => {
      if (text === '' && i % 2 === 0) return;
      const dynamic = i % 2 === 1;
      // Counting alone lets `]id[` through: a bracket left in static text has no partner.
      if (!dynamic && /[[\]]/.test(text)) throw fail('its brackets are unbalanced');
      if (dynamic && !PARAM_NAME.test(text)) {
        throw fail(`the parameter name '${text}' must match /^[a-zA-Z0-9_$]+$/`);
      }
      const spread = dynamic && text.startsWith('...');
      const content = spread ? text.slice(3) : text;
      if (dynamic) {
        if (params.includes(content)) throw fail(`the parameter '${content}' appears twice`);
        params.push(content);
      }
      parts.push({ content, dynamic, spread });
    });
    return parts;
  });
  const isStatic = segments.every((s) => s.length === 1 && !s[0]!.dynamic);
  return { route: path, segments, params, pathname: isStatic ? path : undefined };
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

/** True when two routes match exactly the same URLs (`/[a]` and `/[b]`). */
export function isSameShape(a: RoutePart[][], b: RoutePart[][]): boolean {
  if (a.length !== b.length) return false;
  return a.every((segA, i) => {
    const segB = b[i]!;
    if (segA.length !== segB.length) return false;
    return segA.every((partA, j) => {
      const partB = segB[j]!;
      if (partA.dynamic !== partB.dynamic || partA.spread !== partB.spread) return false;
      return partA.dynamic || partA.content === partB.content;
    });
  });
}
