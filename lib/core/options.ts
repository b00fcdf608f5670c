import { createError } from './errors/errors';
import { InvalidOption, InvalidRouteModule } from './errors/catalog';
import { parseRoute } from './routing/parse';
import { Router, type RouteEntry } from './routing/match';
import { METHODS } from './routing/endpoint';
import type { TrailingSlash } from './routing/trailing-slash';
import { checkAllowedDomains, type RemotePattern } from './security/allowed-domains';
import type { RendererOptions, RouteModule } from '../types';

/** Options validated and normalised once per `renderer()`, so bad config fails at start-up. */
export interface ResolvedOptions {
  router: Router<RouteModule>;
  site: URL | undefined;
  /** `''` or a base path without trailing slash, e.g. `/docs`. */
  base: string;
  trailingSlash: TrailingSlash;
  allowedDomains: RemotePattern[] | undefined;
}

const TRAILING = ['ignore', 'always', 'never'];

export function resolveOptions(options: RendererOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw createError(InvalidOption, 'options', 'expected an object');
  const trailingSlash = options.trailingSlash ?? 'ignore';
  if (!TRAILING.includes(trailingSlash)) {
    throw createError(InvalidOption, 'trailingSlash', `expected 'ignore', 'always' or 'never', got ${JSON.stringify(trailingSlash)}`);
  }
  return {
    router: new Router(routeEntries(options.routes), trailingSlash),
    site: resolveSite(options.site),
    base: resolveBase(options.base),
    trailingSlash,
    allowedDomains: checkAllowedDomains(options.allowedDomains),
  };
}

function routeEntries(routes: RendererOptions['routes']): RouteEntry<RouteModule>[] {
  if (routes === undefined) return [];
  if (typeof routes !== 'object' || routes === null) {
    throw createError(InvalidOption, 'routes', 'expected an object mapping route patterns to modules');
  }
  return Object.entries(routes).map(([pattern, mod]) => {
    const parsed = parseRoute(pattern);
    if (typeof mod !== 'object' || mod === null) throw createError(InvalidRouteModule, pattern);
    const exports = mod as Record<string, unknown>;
    const handlers = [...METHODS, 'ALL'].filter((m) => exports[m] !== undefined);
    if (handlers.length === 0) throw createError(InvalidRouteModule, pattern);
    for (const m of handlers) {
      if (typeof exports[m] !== 'function') {
        throw createError(InvalidOption, 'routes', `the ${m} export of '${pattern}' is a ${typeof exports[m]}, not a function`);
      }
    }
    return { ...parsed, type: 'endpoint' as const, module: mod };
  });
}

function resolveSite(site: RendererOptions['site']): URL | undefined {
  if (site === undefined) return undefined;
  try {
    return new URL(String(site));
  } catch {
    throw createError(InvalidOption, 'site', `expected an absolute URL such as 'https://example.com', got ${JSON.stringify(String(site))}`);
  }
}

function resolveBase(base: string | undefined): string {
  if (base === undefined || base === '' || base === '/') return '';
  if (typeof base !== 'string' || /[?#\s]/.test(base)) {
    throw createError(InvalidOption, 'base', `expected a path such as '/docs', got ${JSON.stringify(base)}`);
  }
  const trimmed = base.replace(/\/+$/, '');
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}
