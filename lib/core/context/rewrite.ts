import { createError } from '../errors/errors';
import { RewriteWithBodyUsed } from '../errors/catalog';
import type { RewritePayload } from '../../types';

/** Marks an object our pipeline can re-route in place (see `RenderContext`). */
export const kRewriteInPlace = Symbol.for('astro-bridge.rewriteInPlace');

interface Rewritable {
  [kRewriteInPlace](payload: RewritePayload): void;
}

/**
 * `next(payload)`: re-routes the context in place (request, url, params, routePattern) so the
 * rest of the chain and the route see the new target. False for a context we did not make.
 */
export function rewriteInPlace(context: object, payload: RewritePayload): boolean {
  const target = context as Partial<Rewritable>;
  if (typeof target[kRewriteInPlace] !== 'function') return false;
  target[kRewriteInPlace](payload);
  return true;
}

/**
 * The request for a rewrite: a `Request` payload is used as given; a string resolves against
 * the current origin and a URL is taken as is, both keeping method, headers, signal and the
 * body stream (moved, not copied). A body that was already read cannot be moved.
 */
export function toRewriteRequest(payload: RewritePayload, current: Request, currentUrl: URL): Request {
  if (payload instanceof Request) return payload;
  const url = payload instanceof URL ? payload : new URL(String(payload), currentUrl.origin);
  if (current.bodyUsed) throw createError(RewriteWithBodyUsed);
  const hasBody = current.method !== 'GET' && current.method !== 'HEAD' && current.body !== null;
  const init: RequestInit & { duplex?: 'half' } = {
    method: current.method,
    headers: current.headers,
    signal: current.signal,
    body: hasBody ? current.body : undefined,
  };
  if (hasBody) init.duplex = 'half';
  return new Request(url, init);
}
