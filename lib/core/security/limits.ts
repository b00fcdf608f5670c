// Security options validated at start-up: bodyLimit, checkOrigin and timeout.
import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';

/**
 * The default `bodyLimit`: 1 MiB, Astro 6's limit for action bodies, applied to every body
 * astro-bridge reads (`request.text()`, `json()`, `formData()`, `arrayBuffer()`, `blob()`,
 * `bytes()`, `request.body`). Host parsers keep their own limits for what they parse.
 */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Validates the `bodyLimit` option: a positive number of bytes, or `Infinity`. */
export function resolveBodyLimit(limit: unknown): number {
  if (limit === undefined) return DEFAULT_BODY_LIMIT;
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 0) {
    throw createError(InvalidOption, 'bodyLimit', `expected a number of bytes (or Infinity for no limit), got ${JSON.stringify(limit)}`);
  }
  return limit;
}

/** Validates the `checkOrigin` option: `true` (default: our routes), `false`, or `{ hostRoutes }`. */
export function resolveCheckOrigin(value: unknown): { routes: boolean; hostRoutes: boolean } {
  if (value === undefined || value === true) return { routes: true, hostRoutes: false };
  if (value === false) return { routes: false, hostRoutes: false };
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const hostRoutes = (value as { hostRoutes?: unknown }).hostRoutes;
    if (hostRoutes === undefined || typeof hostRoutes === 'boolean') return { routes: true, hostRoutes: hostRoutes === true };
  }
  throw createError(InvalidOption, 'checkOrigin', `expected true, false or { hostRoutes: boolean }, got ${JSON.stringify(value)}`);
}

/** Validates the `timeout` option: milliseconds greater than 0, or `Infinity` (default: none). */
export function resolveTimeout(timeout: unknown): number {
  if (timeout === undefined) return Infinity;
  if (typeof timeout !== 'number' || Number.isNaN(timeout) || timeout <= 0) {
    throw createError(InvalidOption, 'timeout', `expected a number of milliseconds greater than 0 (or Infinity), got ${JSON.stringify(timeout)}`);
  }
  return timeout;
}
