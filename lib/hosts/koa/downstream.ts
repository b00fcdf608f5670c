import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { fromOutgoingHeaders } from '../../node/headers';
import { lazyBodyResponse } from '../../fetch/lazy-response';

// What Koa's downstream middleware left in `ctx`, as a `Response` for middleware's `next()`,
// and back: Koa keeps writing its own body when the middleware returns that Response unchanged.

const NULL_BODY = new Set([204, 205, 304]);

// The slice of Koa's context used here (Koa 2 and 3).
export interface KoaDownstreamContext {
  status: number;
  message: string;
  body: unknown;
  res: ServerResponse;
  response: { _explicitNullBody?: boolean };
  set(field: string, value: string | string[]): void;
  remove(field: string): void;
}

/**
 * The response Koa would send for `ctx`: its status, message, headers and body (string, Buffer,
 * stream — read lazily, with backpressure — or JSON). An unset body is Koa's default text body.
 */
export function fromKoa(ctx: KoaDownstreamContext): Response {
  const status = ctx.status;
  const { headers } = fromOutgoingHeaders(ctx.res.getHeaders());
  const init = { status, statusText: ctx.message || '', headers };
  const value = ctx.body;
  if (NULL_BODY.has(status)) return new Response(null, init);
  if (value === null || value === undefined) {
    if (ctx.response._explicitNullBody) return new Response(null, init);
    // Koa's respond() sends the status message as text when nobody set a body.
    headers.set('content-type', 'text/plain; charset=utf-8');
    const text = ctx.message || String(status);
    return lazyBodyResponse(() => text, init);
  }
  // The body is made when something reads it: passed on unread, Koa sends its own as it is.
  if (typeof value === 'string' || value instanceof Uint8Array) return lazyBodyResponse(() => value as BodyInit, init);
  if (isReadable(value)) return lazyBodyResponse(() => toWebStream(value), init);
  return lazyBodyResponse(() => JSON.stringify(value), init);
}

/** Sends Koa's own response with `response`'s (possibly decorated) headers; the body stays Koa's. */
export function keepKoaBody(ctx: KoaDownstreamContext, response: Response): void {
  for (const name of ctx.res.getHeaderNames()) if (name !== 'content-length') ctx.remove(name);
  for (const [name, value] of response.headers) if (name !== 'set-cookie' && name !== 'content-length') ctx.set(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) ctx.set('set-cookie', cookies);
}

/** Removes every header Koa's downstream set, before a different Response replaces its own. */
export function clearKoaHeaders(ctx: KoaDownstreamContext): void {
  for (const name of ctx.res.getHeaderNames()) ctx.remove(name);
}

function isReadable(value: unknown): value is Readable {
  return typeof value === 'object' && value !== null && typeof (value as Readable).pipe === 'function' && typeof (value as Readable).on === 'function';
}

// No read-ahead: with the default high-water mark of 1 a web stream pulls at once, so the
// iterator would start reading Koa's stream although the middleware never reads the body, and
// Koa, piping the same stream, would send part of it and hang.
const NO_READ_AHEAD = { highWaterMark: 0 };

// Lazy: nothing is read (so Koa can still pipe the stream itself) until someone pulls.
function toWebStream(stream: Readable): ReadableStream<Uint8Array> {
  let iterator: AsyncIterator<unknown> | undefined;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      iterator ??= stream[Symbol.asyncIterator]();
      const { done, value } = await iterator.next();
      if (done) controller.close();
      else controller.enqueue(typeof value === 'string' ? Buffer.from(value) : (value as Uint8Array));
    },
    async cancel() {
      await iterator?.return?.();
      stream.destroy();
    },
  }, NO_READ_AHEAD);
}
