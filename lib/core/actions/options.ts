import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';
import type { RendererOptions } from '../../types';
import { ACTION_ROUTE } from './registry';

/** Astro 6's `security.actionBodySizeLimit` default: 1 MiB. */
export const DEFAULT_BODY_SIZE_LIMIT = 1024 * 1024;

export interface ResolvedActionsOptions {
  /** The `actions` option (Astro's `server` export); `undefined` to discover or when off. */
  server: object | undefined;
  /**
   * Whether `src/actions/index.*` is to be discovered under `root`: without an `actions` option,
   * when pages are discovered (an Astro layout) or `root` is named (a folder the user points at,
   * with or without src/pages). Not for `routes` under the default root (`process.cwd()`):
   * `src/actions/` is a common folder name in Express apps, and is not ours to load there.
   */
  discover: boolean;
  /** Largest action request body, in bytes. */
  limit: number;
  /** Refuse cross-site form posts to actions (Astro's `security.checkOrigin`). */
  checkOrigin: boolean;
}

/**
 * Validates the actions options once, at `renderer()` time. Without `actionBodySizeLimit`,
 * action bodies get the smaller of 1 MiB and `bodyLimit` (so a lower `bodyLimit` still answers
 * action calls with the action's own 413).
 */
export function resolveActionsOptions(options: RendererOptions, bodyLimit = DEFAULT_BODY_SIZE_LIMIT): ResolvedActionsOptions {
  const { actions, actionBodySizeLimit = Math.min(DEFAULT_BODY_SIZE_LIMIT, bodyLimit), checkOrigin = true } = options;
  if (actions !== undefined && (typeof actions !== 'object' || actions === null || Array.isArray(actions))) {
    throw createError(InvalidOption, 'actions', 'expected an object of actions (the `server` export of src/actions/index), e.g. `{ like: defineAction({ … }) }`');
  }
  if (typeof actionBodySizeLimit !== 'number' || !Number.isInteger(actionBodySizeLimit) || actionBodySizeLimit < 0) {
    throw createError(InvalidOption, 'actionBodySizeLimit', `expected a whole number of bytes, got ${JSON.stringify(actionBodySizeLimit)}`);
  }
  // `checkOrigin` itself is validated with the other security options (security/check-origin.ts).
  return { server: actions, discover: !('actions' in options) && (options.routes === undefined || options.root !== undefined), limit: actionBodySizeLimit, checkOrigin: checkOrigin !== false };
}

/**
 * The most body bytes one request may read: an action call (`/_actions/<name>`, or a POST to one
 * of our routes with `?_action=`; a host route's query is the host's business) may read up to
 * `actionBodySizeLimit` even past `bodyLimit`, so raising Astro's own option is enough; every
 * other request keeps `bodyLimit`. `route` is the matched route's pattern, if any.
 */
export function bodyLimitFor(bodyLimit: number, actions: ResolvedActionsOptions, route: string | undefined, method: string, target: string): number {
  if (actions.limit <= bodyLimit || route === undefined) return bodyLimit;
  return route === ACTION_ROUTE || (method === 'POST' && target.includes('_action=')) ? actions.limit : bodyLimit;
}
