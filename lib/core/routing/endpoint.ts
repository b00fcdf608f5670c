import { createError } from '../errors/errors';
import { describeValue } from '../errors/describe';
import { EndpointDidNotReturnAResponse } from '../errors/catalog';
import { isResponse } from '../../fetch/is-response';

/** The HTTP methods an endpoint module may export, besides `ALL`. */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'] as const;

type Handler = (context: never) => unknown;

// Responses an endpoint returned itself: their 404/500 are deliberate, never replaced by error
// pages (Astro marks them with an `X-Astro-Reroute: no` header; we keep that off the wire).
const endpointResponses = new WeakSet<Response>();

/**
 * A context method told when its endpoint answered 404 or 500 itself: the request's error
 * pages must leave that answer alone, whatever middleware makes of it (Astro 7's per-request
 * `skipErrorReroute`). Called from where the result is checked anyway: no extra promise.
 */
export const kEndpointAnsweredError = Symbol.for('astro-bridge.endpointAnsweredError');

/** True for a Response an endpoint handler returned (not rerouted to the 404/500 page). */
export function isEndpointResponse(response: Response): boolean {
  return endpointResponses.has(response);
}

/** The methods a module answers, for the `Allow` header (HEAD comes with GET). */
export function allowedMethods(mod: Record<string, unknown>): string {
  const methods: string[] = METHODS.filter((m) => typeof mod[m] === 'function');
  if (methods.includes('GET') && !methods.includes('HEAD')) methods.push('HEAD');
  return methods.join(', ');
}

/**
 * Calls the endpoint handler for `method`: the exact export, else `ALL`, and GET for HEAD.
 * A method the module does not export gets Astro's answer, an empty 404, plus an `Allow` header.
 */
export async function callEndpoint<C>(mod: Record<string, unknown>, context: C, method: string, route: string): Promise<Response> {
  return invokeEndpoint(mod, context, method, route);
}

/**
 * `callEndpoint` without the promise when the handler answers synchronously: returns the
 * Response itself, or a Promise when the handler returned one. Throws what the handler throws.
 */
export function invokeEndpoint<C>(mod: Record<string, unknown>, context: C, method: string, route: string): Response | Promise<Response> {
  // `new Request()` keeps `patch` as given (fetch upper-cases only six methods); Astro upper-cases.
  const verb = method.toUpperCase();
  let handler = (mod[verb] ?? mod.ALL) as Handler | undefined;
  if (handler === undefined && verb === 'HEAD') handler = mod.GET as Handler | undefined;
  if (handler === undefined) {
    return new Response(null, { status: 404, headers: { Allow: allowedMethods(mod) } });
  }
  const value = (handler as (c: C) => unknown).call(mod, context);
  if (isThenable(value)) return Promise.resolve(value).then((response) => endpointResult(response, verb, route, context));
  return endpointResult(value, verb, route, context);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || (typeof value === 'object' && value !== null && !isResponse(value) && typeof (value as { then?: unknown }).then === 'function');
}

function endpointResult(response: unknown, verb: string, route: string, context: unknown): Response {
  if (!isResponse(response)) {
    throw createError(EndpointDidNotReturnAResponse, route, verb, describeValue(response));
  }
  if (response.status === 404 || response.status === 500) (context as { [kEndpointAnsweredError]?: () => void })[kEndpointAnsweredError]?.();
  let result = response;
  if (verb === 'HEAD' && response.body !== null) {
    // Keep status and headers, drop (and release) the body.
    response.body.cancel().catch(() => {});
    result = new Response(null, response);
  }
  endpointResponses.add(result);
  return result;
}
