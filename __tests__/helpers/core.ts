import { isAstroBridgeError, type AstroBridgeError } from '../../lib/core/errors/errors';
import type { Match } from '../../lib/core/pipeline/pipeline';

/** A route module with a GET handler answering `body`. */
export const endpoint = (body = 'ok') => ({ GET: () => new Response(body) });

/** A match result reduced to plain data: `{ route, params }`, `{ redirect }` or `undefined`. */
export function summary(match: Match | undefined) {
  if (match === undefined) return undefined;
  if (match.redirect !== undefined) return { redirect: match.redirect };
  return { route: match.route.route, params: { ...match.params } };
}

/** Runs `fn`, expects it to throw the astro-bridge error `name`, and returns that error. */
export function thrown(fn: () => unknown, name: string): AstroBridgeError {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).toBeDefined();
  expect(isAstroBridgeError(error)).toBe(true);
  expect((error as Error).name).toBe(name);
  return error as AstroBridgeError;
}

/** The same, for a rejected promise. */
export async function rejected(promise: Promise<unknown>, name: string): Promise<AstroBridgeError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  expect(isAstroBridgeError(error)).toBe(true);
  expect((error as Error).name).toBe(name);
  return error as AstroBridgeError;
}
