import { createError } from '../errors/errors';
import { InvalidRequestPath, RewriteWithBodyUsed } from '../errors/catalog';
import { canonicalPath } from '../security/canonical-path';
import { ParsedRequest } from '../../fetch/parsed-request';
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
  if (payload instanceof Request) {
    const url = canonicalUrl(new URL(payload.url));
    return url.href === payload.url ? payload : moveRequest(url, payload);
  }
  const url = canonicalUrl(payload instanceof URL ? new URL(payload.href) : new URL(String(payload), currentUrl.origin));
  if (current.bodyUsed) throw createError(RewriteWithBodyUsed);
  return moveRequest(url, current);
}

/**
 * The rewrite target in its canonical spelling: a target built from user input (`/${params.x}`)
 * must reach middleware spelt the way the router reads it (GHSA-vj59-8hwv-xxmv).
 */
function canonicalUrl(url: URL): URL {
  const canonical = canonicalPath(url.pathname);
  if (canonical === undefined) throw createError(InvalidRequestPath, url.pathname);
  url.pathname = canonical;
  return url;
}

// A new Request for `url` with `current`'s method, headers, signal and body (moved, not copied).
function moveRequest(url: URL, current: Request): Request {
  const hasBody = current.method !== 'GET' && current.method !== 'HEAD' && current.body !== null;
  const init: RequestInit & { duplex?: 'half' } = {
    method: current.method,
    headers: current.headers,
    signal: current.signal,
    body: hasBody ? current.body : undefined,
  };
  if (hasBody) init.duplex = 'half';
  return new ParsedRequest(url, init);
}
