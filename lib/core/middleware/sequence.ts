import type { MiddlewareHandler, RewritePayload } from '../../types';
import { callMiddleware } from './call';
import { rewriteInPlace } from '../context/rewrite';
import { captureCaller, type SequencePosition } from './origin';

type Entry = MiddlewareHandler | null | undefined | false;

/**
 * Chains middleware handlers: each one's `next()` runs the next handler, the last one's runs
 * the route. Falsy entries are skipped; no handlers at all is a pass-through. `next(payload)`
 * re-routes the rest of the chain in place (request, url, params, routePattern), as in Astro.
 * An error a handler causes names its position and this call's file and line.
 *
 * @example
 * export const onRequest = sequence(validation, auth, greeting);
 */
export function sequence(...handlers: Entry[]): MiddlewareHandler {
  return chain(handlers, captureCaller(sequence));
}

/** `sequence()` without a call site: for the chains astro-bridge composes itself. */
export function chain(handlers: Entry[], at?: { stack?: string }): MiddlewareHandler {
  const list = handlers.filter((h): h is MiddlewareHandler => typeof h === 'function');
  if (list.length === 0) return (_context, next) => next();
  if (list.length === 1) return list[0]!;
  const positions: (SequencePosition | undefined)[] = list.map((_h, index) => (at ? { index, count: list.length, at } : undefined));
  return (context, next) => {
    const dispatch = (i: number, payload?: RewritePayload): Promise<Response> => {
      if (i === list.length) return next(payload);
      return callMiddleware(
        list[i]!,
        context,
        (p) => {
          // Applied here so later handlers see the new route; outside our pipeline (a hand-made
          // context in a unit test) the payload is passed on instead.
          const carried = p !== undefined && !rewriteInPlace(context, p) ? p : payload;
          return dispatch(i + 1, carried);
        },
        positions[i],
      );
    };
    return dispatch(0);
  };
}
