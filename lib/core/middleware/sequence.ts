import type { MiddlewareHandler, RewritePayload } from '../../types';
import { callMiddleware } from './call';
import { rewriteInPlace } from '../context/rewrite';

/**
 * Chains middleware handlers: each one's `next()` runs the next handler, the last one's runs
 * the route. Falsy entries are skipped; no handlers at all is a pass-through. `next(payload)`
 * re-routes the rest of the chain in place (request, url, params, routePattern), as in Astro.
 *
 * @example
 * export const onRequest = sequence(validation, auth, greeting);
 */
export function sequence(...handlers: (MiddlewareHandler | null | undefined | false)[]): MiddlewareHandler {
  const list = handlers.filter((h): h is MiddlewareHandler => typeof h === 'function');
  if (list.length === 0) return (_context, next) => next();
  if (list.length === 1) return list[0]!;
  return (context, next) => {
    const dispatch = (i: number, payload?: RewritePayload): Promise<Response> => {
      if (i === list.length) return next(payload);
      return callMiddleware(list[i]!, context, (p) => {
        // Applied here so later handlers see the new route; outside our pipeline (a hand-made
        // context in a unit test) the payload is passed on instead.
        const carried = p !== undefined && !rewriteInPlace(context, p) ? p : payload;
        return dispatch(i + 1, carried);
      });
    };
    return dispatch(0);
  };
}
