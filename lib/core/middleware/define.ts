import type { MiddlewareHandler } from '../../types';

/**
 * Types a middleware handler; returns it unchanged (as Astro's does).
 *
 * @example
 * export const onRequest = defineMiddleware(async (context, next) => {
 *   context.locals.user = await findUser(context.request);
 *   return next();
 * });
 */
export function defineMiddleware(fn: MiddlewareHandler): MiddlewareHandler {
  return fn;
}
