import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientLeftMidBody, responseSentFirst } from './errors';
import { declaresTooMuch, tooLarge } from './body-limit';
import { mediaType } from '../fetch/media-type';

/** What a host's body parser left behind: the parsed value and, where kept, the raw text. */
export interface ParsedBody {
  value: unknown;
  raw?: string | Uint8Array;
}

/** True once something (a body parser) has read the request stream. */
export function isBodyConsumed(req: IncomingMessage): boolean {
  // body-parser sets `_body` when it read the stream; `readableEnded` covers every other reader.
  return req.readableEnded || (req as { _body?: unknown })._body === true;
}

/**
 * Re-encodes what a host parser kept, respecting the content type: bytes stay bytes (express.raw),
 * text stays text, a urlencoded form stays a form, anything else parsed is JSON.
 */
export function encodeParsedBody(parsed: ParsedBody, contentType: string | null): string | Uint8Array | null {
  if (parsed.raw !== undefined) return parsed.raw;
  const { value } = parsed;
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  if (typeof value !== 'object') return String(value);
  if (mediaType(contentType) === 'application/x-www-form-urlencoded') {
    return encodeForm(value as Record<string, unknown>);
  }
  return JSON.stringify(value);
}

// qs-style nesting (`a[b]=1`), repeated keys for arrays: what express.urlencoded() parsed back.
function encodeForm(value: Record<string, unknown>): string {
  const params = new URLSearchParams();
  const add = (key: string, v: unknown): void => {
    if (Array.isArray(v)) for (const item of v) add(key, item);
    else if (v !== null && typeof v === 'object') for (const [k, inner] of Object.entries(v)) add(`${key}[${k}]`, inner);
    else if (v !== undefined) params.append(key, String(v));
  };
  for (const [k, v] of Object.entries(value)) add(k, v);
  return params.toString();
}

/**
 * The request stream as a web `ReadableStream` that touches `req` only when read: building the
 * Request consumes nothing, so Node code (a host's handler after `next()`) can still read `req`.
 * Each read pulls one chunk (no read-ahead). When the response finishes first, the rest is
 * drained, so an unread body never stalls the next request on a keep-alive connection. Past
 * `limit` bytes (or a larger Content-Length) the stream errors with `PayloadTooLarge` (413).
 */
export function toBodyStream(req: IncomingMessage, res: ServerResponse | undefined, limit: number = Infinity): ReadableStream<Uint8Array> {
  let controller: ReadableStreamDefaultController<Uint8Array>;
  let attached = false;
  let finished = false;
  let size = 0;
  const fail = (err: Error) => {
    if (!finished) controller.error(err);
    finished = true;
  };
  const onData = (chunk: Buffer) => {
    size += chunk.byteLength;
    if (size > limit) {
      // Nothing past the limit is handed on; the connection closes after the answer.
      fail(tooLarge(req, res, limit));
      req.off('data', onData);
      req.pause();
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  };
  const attach = () => {
    attached = true;
    if (req.readableEnded) {
      // Node code already read it all: nothing is left for us.
      finished = true;
      controller.close();
      return;
    }
    if (req.destroyed) return fail(clientLeftMidBody());
    if (declaresTooMuch(req, limit)) return fail(tooLarge(req, res, limit));
    req.on('data', onData);
    req.once('end', () => {
      if (!finished) controller.close();
      finished = true;
    });
    req.once('error', fail);
    req.once('close', () => {
      if (!req.readableEnded) fail(clientLeftMidBody());
    });
  };
  // Response sent (or reader cancelled): a later read would wait for bytes being discarded, so fail it.
  const release = () => {
    // The error only when there is a reader to fail: an Error's stack trace costs more than the
    // rest of a small request, and most bodies were read to the end by now.
    if (!finished) fail(responseSentFirst());
    if (!attached) return; // untouched: Node itself discards it when the response ends
    req.off('data', onData);
    if (!req.readableEnded) req.resume();
  };
  res?.once('finish', release);
  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      pull() {
        if (finished) return;
        if (!attached) attach();
        if (!finished) req.resume();
      },
      cancel() {
        release();
      },
    },
    // Pull only for a pending read: no chunk leaves `req` before someone asks for it.
    { highWaterMark: 0 },
  );
}
