// An opt-in Response for string and bytes bodies that is never turned into a web stream unless
// something reads it. On Node 20/22 the bridge finds a real Response's string or bytes in undici's
// state and writes them directly; undici 7 (Node 24+) hides them, so a real Response's body is
// read back through its stream there (two reads, a few µs). A FastResponse carries its body as
// given, and the bridge writes it in one piece on every Node. It is the lazy Response of
// lazy-response.ts: `instanceof Response`, real mutable headers, the full Response made on first
// read. Globals are untouched (srvx's FastResponse and @hono/node-server reach this by replacing
// `globalThis.Response`).

import { sourceResponse } from './lazy-response';
import { createError } from '../core/errors/errors';
import { BuiltIn } from '../core/errors/catalog';

/** The constructor of {@link FastResponse}, typed as the global `Response`'s. */
export interface FastResponseConstructor {
  new (body?: BodyInit | null, init?: ResponseInit): Response;
  readonly prototype: Response;
  /** As `Response.json()`: the body is `JSON.stringify(data)`, `content-type: application/json` unless set. */
  json(data: unknown, init?: ResponseInit): Response;
}

// Statuses whose Response may not have a body (Fetch: "null body status").
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function fast(body: string | Uint8Array, init: ResponseInit | undefined, contentType: string | undefined): Response {
  const status = init?.status ?? 200;
  // Throws what `new Response(body, init)` throws for a body on a null-body status.
  if (NULL_BODY.has(status)) return new Response(body as BodyInit, init);
  const response = sourceResponse(body, init ?? {});
  if (contentType !== undefined && !response.headers.has('content-type')) response.headers.set('content-type', contentType);
  return response;
}

/**
 * A `Response` whose string or bytes body astro-bridge sends without making a web stream, on
 * every Node (on Node 24+ a standard `Response`'s body is read back through its stream). Use it
 * where a handler answers with text, HTML, JSON or bytes: `return new FastResponse('hi')`,
 * `FastResponse.json(data)`. It is a `Response` (`instanceof Response`; every member behaves as
 * on one; the body is made on first read); other bodies (streams, blobs, forms) give a standard
 * `Response`. Nothing global is replaced.
 *
 * Not for `Response.prototype.text.call(x)`-style calls on Node 24+ (undici's private state).
 */
export const FastResponse = function FastResponse(body?: BodyInit | null, init?: ResponseInit): Response {
  if (new.target === undefined) throw createError(BuiltIn.ConstructorWithoutNew, 'FastResponse');
  if (typeof body === 'string') return fast(body, init, 'text/plain;charset=UTF-8');
  // Bytes are copied, as Response does: later writes to the caller's buffer do not show.
  if (body instanceof Uint8Array) return fast((body as Uint8Array).slice(), init, undefined);
  if (body instanceof ArrayBuffer) return fast(new Uint8Array(body.slice(0)), init, undefined);
  if (body === undefined || body === null) return new Response(null, init);
  return new Response(body, init);
} as unknown as FastResponseConstructor;

// `x instanceof FastResponse` holds for every Response: a FastResponse is a Response, nothing more.
Object.defineProperty(FastResponse, 'prototype', { value: Response.prototype });
Object.defineProperty(FastResponse, 'json', {
  value(data: unknown, init?: ResponseInit): Response {
    const text = JSON.stringify(data) as string | undefined;
    // Response.json(undefined) and the like: the same TypeError.
    if (text === undefined) return Response.json(data, init);
    return fast(text, init, 'application/json');
  },
});
