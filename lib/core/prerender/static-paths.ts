import { createError } from '../errors/errors';
import {
  GetStaticPathsExpectedParams,
  GetStaticPathsInvalidRouteParam,
  GetStaticPathsMissingParam,
  GetStaticPathsRequired,
  InvalidGetStaticPathParam,
  InvalidGetStaticPathsEntry,
  InvalidGetStaticPathsReturn,
  PrerenderDynamicEndpointPathCollide,
} from '../errors/catalog';
import type { Params, RouteEntry } from '../routing/match';
import { createPaginate } from './paginate';
import { generatePath, trimSlashes } from './route-path';
import type { PrerenderExports } from './types';
import { describeRoute } from './where';

/** One path a prerendered route produces: its pathname (below `base`), params and props. */
export interface StaticPath {
  pathname: string;
  params: Params;
  props: Record<string, unknown>;
}

/** Every path of one route, in `getStaticPaths()` order, and looked up by pathname. */
export interface StaticPathTable {
  paths: StaticPath[];
  byPathname: Map<string, StaticPath>;
}

/** Where paginate() URLs point: the `base` option and whether `trailingSlash` is 'always'. */
export interface UrlPolicy {
  base: string;
  trailingSlashAlways: boolean;
}

type Route = RouteEntry<unknown> & { file?: string };

const cache = new WeakMap<Route, Promise<StaticPathTable>>();

/**
 * The paths of a prerendered route: its own pathname when static, else what `getStaticPaths()`
 * returns, validated (Astro 6's rules: params are strings or `undefined`). Called once per
 * route, like Astro's route cache; a failure is not kept, so the next call reports it again.
 */
export function staticPathsOf(route: Route, policy: UrlPolicy): Promise<StaticPathTable> {
  let table = cache.get(route);
  if (table === undefined) {
    table = collect(route, policy);
    cache.set(route, table);
    table.catch(() => cache.delete(route));
  }
  return table;
}

async function collect(route: Route, policy: UrlPolicy): Promise<StaticPathTable> {
  if (route.pathname !== undefined) return table([{ pathname: route.pathname, params: {}, props: {} }]);
  // An i18n fallback route has the paths of the page it stands in for, with its own locale
  // segment (Astro calls that page's getStaticPaths and stringifies the params for the fallback).
  if (route.fallbackOf !== undefined) {
    const source = await staticPathsOf(route.fallbackOf as Route, policy);
    return table(source.paths.map((p) => ({ ...p, pathname: pathOf(route, p.params) })));
  }
  const { getStaticPaths } = route.module as PrerenderExports;
  if (typeof getStaticPaths !== 'function') throw createError(GetStaticPathsRequired, describeRoute(route));
  const result: unknown = await getStaticPaths({
    paginate: createPaginate(route, policy.base, policy.trailingSlashAlways),
    routePattern: route.route,
  });
  const at = describeRoute(route);
  if (!Array.isArray(result)) throw createError(InvalidGetStaticPathsReturn, at, result === null ? 'null' : typeof result);
  return table(
    result.map((item: unknown) => {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        throw createError(InvalidGetStaticPathsEntry, at, Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item);
      }
      const { params, props } = item as { params?: unknown; props?: unknown };
      if (params === undefined || params === null) throw createError(GetStaticPathsExpectedParams, at);
      if (typeof params !== 'object' || Array.isArray(params)) throw createError(InvalidGetStaticPathParam, at, Array.isArray(params) ? 'array' : typeof params);
      if (Object.keys(params).length === 0) throw createError(GetStaticPathsExpectedParams, at);
      const clean = stringifyParams(route, params as Record<string, unknown>);
      const pathname = pathOf(route, clean);
      if (route.type === 'endpoint' && pathname === '/') throw createError(PrerenderDynamicEndpointPathCollide, at, pathname);
      return { pathname, params: clean, props: typeof props === 'object' && props !== null ? (props as Record<string, unknown>) : {} };
    }),
  );
}

/** Validates and trims param values (Astro's `stringifyParams`): strings or `undefined` only. */
function stringifyParams(route: Route, params: Record<string, unknown>): Params {
  const clean: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && typeof value !== 'string') {
      throw createError(GetStaticPathsInvalidRouteParam, describeRoute(route), key, value, value === null ? 'null' : typeof value);
    }
    clean[key] = value === undefined ? undefined : trimSlashes(value);
  }
  return clean;
}

function pathOf(route: Route, params: Params): string {
  const pathname = generatePath(route.segments, params);
  if (pathname === undefined) {
    const missing = route.segments.flat().find((p) => p.dynamic && !p.spread && params[p.content] === undefined);
    throw createError(GetStaticPathsMissingParam, describeRoute(route), missing?.content ?? '?');
  }
  return pathname;
}

/** The key a request's matched params have in a route's table (its pathname without base). */
export function staticPathKey(route: RouteEntry<unknown>, params: Params): string | undefined {
  if (route.pathname !== undefined) return route.pathname;
  const trimmed: Params = {};
  for (const [key, value] of Object.entries(params)) trimmed[key] = value === undefined ? undefined : trimSlashes(value);
  return generatePath(route.segments, trimmed);
}

function table(paths: StaticPath[]): StaticPathTable {
  const byPathname = new Map<string, StaticPath>();
  // A pathname listed twice is rendered once, with the first entry's props.
  for (const p of paths) if (!byPathname.has(p.pathname)) byPathname.set(p.pathname, p);
  return { paths: [...byPathname.values()], byPathname };
}
