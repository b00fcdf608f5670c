import { createError } from '../errors/errors';
import { InvalidPrerenderExport } from '../errors/catalog';
import { describeValue } from '../errors/describe';
import type { RouteEntry } from '../routing/match';
import type { PrerenderExports } from './types';
import { describeRoute } from './where';

/** Refuses a `prerender` that is not a boolean and a `getStaticPaths` that is not a function. */
export function checkPrerenderExports(route: { route: string; file?: string }, mod: object): void {
  const { prerender, getStaticPaths } = mod as Record<string, unknown>;
  if (prerender !== undefined && typeof prerender !== 'boolean') {
    throw createError(InvalidPrerenderExport, describeRoute(route), `\`prerender\` as ${describeValue(prerender)}, not true or false`);
  }
  if (getStaticPaths !== undefined && typeof getStaticPaths !== 'function') {
    throw createError(InvalidPrerenderExport, describeRoute(route), `\`getStaticPaths\` as ${describeValue(getStaticPaths)}, not a function`);
  }
}

/** Whether a route is prerendered: its own `prerender` export, else the renderer's default. */
export function isPrerenderedRoute(route: RouteEntry<unknown>, byDefault: boolean): boolean {
  const own = (route.module as PrerenderExports).prerender;
  return own === undefined ? byDefault : own;
}
