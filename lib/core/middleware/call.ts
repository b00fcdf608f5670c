import { createError } from '../errors/errors';
import { describeValue } from '../errors/describe';
import { MiddlewareNextCalledTwice, MiddlewareNoDataOrNextCalled, MiddlewareNotAResponse } from '../errors/catalog';
import { isResponse } from '../../fetch/is-response';
import { describeHandler, type SequencePosition } from './origin';
import type { APIContext, MiddlewareHandler, RewritePayload } from '../../types';

const noop = () => {};

/**
 * Runs one middleware handler with Astro's contract: returning nothing after calling `next()`
 * yields `next()`'s Response (awaited, even when the handler did not await it); returning
 * nothing without `next()` throws `MiddlewareNoDataOrNextCalled`; a non-Response throws
 * `MiddlewareNotAResponse`. Unlike Astro, a second `next()` throws `MiddlewareNextCalledTwice`.
 * The errors name the handler (and its place in a `sequence()`), since the stack cannot.
 */
export async function callMiddleware(
  handler: MiddlewareHandler,
  context: APIContext,
  next: (payload?: RewritePayload) => Response | Promise<Response>,
  position?: SequencePosition,
): Promise<Response> {
  let pending: Promise<Response> | undefined;
  const guarded = (payload?: RewritePayload): Promise<Response> => {
    if (pending !== undefined) throw createError(MiddlewareNextCalledTwice);
    // Tracked at once, so a handler that calls next() without returning it still yields its
    // Response (Astro's sequence() race); a synchronous throw becomes a rejection.
    pending = (async () => next(payload))();
    return pending;
  };
  const value = await handler(context, guarded);
  if (value === undefined) {
    if (pending === undefined) throw createError(MiddlewareNoDataOrNextCalled, describeHandler(handler, position));
    return pending;
  }
  if (!isResponse(value)) {
    pending?.catch(noop);
    throw createError(MiddlewareNotAResponse, describeValue(value), describeHandler(handler, position));
  }
  // The handler chose its own Response; a rejected next() it ignored must not go unhandled.
  if (pending !== undefined && value !== undefined) pending.catch(noop);
  return value;
}
