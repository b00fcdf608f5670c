import { createError } from '../errors/errors';
import { RouteCollision } from '../errors/catalog';
import { escapeStatic, safeDecodePathname, unescapeParam } from './decode';
import { isSameShape, type ParsedRoute, type RoutePart } from './parse';
import { compareRoutes } from './priority';
import { correctTrailingSlash, hasFileExtension, type TrailingSlash } from './trailing-slash';

export type Params = Record<string, string | undefined>;

export interface RouteEntry<M> extends ParsedRoute {
  type: 'endpoint' | 'page';
  module: M;
  /** An i18n fallback route (Astro's `type: 'fallback'`): answered by the fallback locale's page. */
  fallback?: true;
  /**
   * The page a fallback route stands in for (Astro's `fallbackRoutes` of that route): its
   * `prerender` and `getStaticPaths` are the fallback route's too.
   */
  fallbackOf?: RouteEntry<M>;
  /** The file the route was discovered in (for messages); `undefined` for the `routes` option. */
  file?: string;
}

interface CompiledRoute<M> extends RouteEntry<M> {
  regex: RegExp;
  trailingSlash: TrailingSlash;
}

export type MatchResult<M> =
  | { route: RouteEntry<M>; params: Params; redirect?: undefined }
  /** The pathname matches only once its trailing slash is corrected; redirect there. */
  | { redirect: string; route?: undefined };

const NO_PARAMS: Params = Object.freeze({}) as Params;

/**
 * A route table compiled once: fully static routes are looked up in a Map, dynamic ones are
 * tried in Astro's priority order. Paths are matched decoded, params come out decoded.
 */
export class Router<M> {
  readonly #static = new Map<string, CompiledRoute<M>>();
  readonly #dynamic: CompiledRoute<M>[] = [];
  readonly #policy: TrailingSlash;

  constructor(entries: RouteEntry<M>[], trailingSlash: TrailingSlash) {
    this.#policy = trailingSlash;
    const sorted = [...entries].sort(compareRoutes);
    sorted.forEach((entry, i) => {
      const clash = sorted.slice(i + 1).find((other) => isSameShape(entry.segments, other.segments));
      if (clash) throw createError(RouteCollision, entry.route, clash.route);
      // Astro 5 applies `trailingSlash` only to paths without a file extension.
      const policy = entry.pathname && hasFileExtension(entry.pathname) ? 'ignore' : trailingSlash;
      const compiled = { ...entry, regex: toRegex(entry.segments, policy), trailingSlash: policy };
      if (entry.pathname) this.#static.set(entry.pathname.split('/').map(escapeStatic).join('/'), compiled);
      else this.#dynamic.push(compiled);
    });
  }

  /** All routes in priority order (static ones first, as they always win). */
  get routes(): RouteEntry<M>[] {
    return [...this.#static.values(), ...this.#dynamic].sort(compareRoutes);
  }

  /**
   * Matches a raw (percent-encoded) pathname relative to the routes' root. Invalid
   * percent-encoding matches nothing, like Astro. A path the trailing-slash policy would correct
   * gets a redirect when the corrected path has a route.
   */
  match(pathname: string): MatchResult<M> | undefined {
    // The policy's spelling comes first, as in Astro's App (which redirects before matching):
    // under 'never', `/docs/a/` goes to `/docs/a`, not to `[...path]` with `a/`.
    const corrected = correctTrailingSlash(pathname, this.#policy);
    if (corrected !== pathname) {
      const decodedCorrected = safeDecodePathname(corrected);
      if (decodedCorrected !== undefined && this.#find(decodedCorrected, false)) return { redirect: corrected };
    }
    const decoded = safeDecodePathname(pathname === '' ? '/' : pathname);
    if (decoded === undefined) return undefined;
    return this.#find(decoded, pathname === '');
  }

  #find(path: string, bareRoot: boolean): { route: RouteEntry<M>; params: Params } | undefined {
    const slash = path.length > 1 && path.endsWith('/');
    const route = this.#static.get(slash ? path.slice(0, -1) : path);
    if (route && slashAllowed(route, slash, bareRoot)) return { route, params: NO_PARAMS };
    for (const candidate of this.#dynamic) {
      const m = candidate.regex.exec(path);
      if (!m) continue;
      const params: Params = {};
      candidate.params.forEach((name, i) => {
        const value = m[i + 1];
        params[name] = value === undefined || value === '' ? undefined : unescapeParam(value);
      });
      return { route: candidate, params };
    }
    return undefined;
  }
}

function slashAllowed(route: CompiledRoute<unknown>, slash: boolean, bareRoot: boolean): boolean {
  if (route.pathname === '/') return !(bareRoot && route.trailingSlash === 'always');
  if (route.trailingSlash === 'always') return slash;
  if (route.trailingSlash === 'never') return !slash;
  return true;
}

// Astro's getPattern(), over a safe-decoded pathname.
function toRegex(segments: RoutePart[][], policy: TrailingSlash): RegExp {
  const body = segments
    .map((segment) => {
      if (segment.length === 1 && segment[0]!.spread) return '(?:\\/(.*?))?';
      return `\\/${segment.map(partSource).join('')}`;
    })
    .join('');
  const trailing = segments.length === 0 ? '$' : policy === 'always' ? '\\/$' : policy === 'never' ? '$' : '\\/?$';
  return new RegExp(`^${body || '\\/'}${trailing}`);
}

function partSource(part: RoutePart): string {
  if (part.spread) return '(.*?)';
  if (part.dynamic) return '([^/]+?)';
  return escapeStatic(part.content.normalize()).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
