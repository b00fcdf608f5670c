import type { MiddlewareHandler } from '../../types';
import { recordCaller } from './origin';

/**
 * Types a middleware handler; returns it unchanged (as Astro's does). Where it was called is
 * remembered, so an error the handler causes can point at it.
 *
 * @example
 * export const onRequest = defineMiddleware(async (context, next) => {
 *   context.locals.user = await findUser(context.request);
 *   return next();
 * });
 */
export function defineMiddleware(fn: MiddlewareHandler): MiddlewareHandler {
  if (typeof fn === 'function') recordCaller(fn, defineMiddleware);
  return fn;
}
