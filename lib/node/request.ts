import type { IncomingMessage, ServerResponse } from 'node:http';
import { toWebHeaders } from './headers';
import { encodeParsedBody, isBodyConsumed, toBodyStream, type ParsedBody } from './body';

export interface ToWebRequestOptions {
  /** The absolute URL (origin decided by the host's trust rules, path as the client sent it). */
  url: string;
  /** The response: its `close` before `finish` aborts `request.signal`; its `finish` drains an unread body. */
  res?: ServerResponse;
  /** What the host's body parser kept, when it already consumed the stream (default: `req.body`). */
  parsedBody?: ParsedBody;
}

const kIncoming = Symbol('incoming');
const kOptions = Symbol('options');
const kReal = Symbol('real');

interface LazyRequest {
  [kIncoming]: IncomingMessage;
  [kOptions]: ToWebRequestOptions;
  [kReal]: Request | undefined;
}

/** Builds the real `Request` the first time anything but `method` or `url` is read. */
function real(self: LazyRequest): Request {
  return (self[kReal] ??= materialize(self[kIncoming], self[kOptions]));
}

// A prototype chained to Request.prototype: `instanceof Request` holds, and every property and
// method defers to a real Request built on first use (the pattern of @hono/node-server).
const prototype: object = Object.create(Request.prototype, {
  method: { get(this: LazyRequest) { return this[kReal]?.method ?? this[kIncoming].method ?? 'GET'; } },
  url: { get(this: LazyRequest) { return this[kReal]?.url ?? this[kOptions].url; } },
});
const PROPERTIES = ['body', 'bodyUsed', 'cache', 'credentials', 'destination', 'duplex', 'headers', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'signal'];
for (const key of PROPERTIES) {
  Object.defineProperty(prototype, key, { get(this: LazyRequest) { return (real(this) as never)[key]; } });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text']) {
  Object.defineProperty(prototype, key, {
    value(this: LazyRequest) {
      const request = real(this) as unknown as Record<string, () => unknown>;
      return request[key]!.call(request);
    },
  });
}
// undici reads its internal symbol-keyed state directly (`new Request(lazy)`, `fetch(lazy)`):
// delegate every such symbol to the real Request too.
for (const symbol of Object.getOwnPropertySymbols(new Request('http://localhost/'))) {
  Object.defineProperty(prototype, symbol, { get(this: LazyRequest) { return (real(this) as never)[symbol]; } });
}
Object.defineProperty(prototype, Symbol.toStringTag, { value: 'Request' });

/**
 * `IncomingMessage` → standard `Request`, lazily: creating it costs one small object; headers,
 * body stream and abort signal are built only when something reads them.
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  const lazy = Object.create(prototype) as LazyRequest;
  lazy[kIncoming] = req;
  lazy[kOptions] = options;
  lazy[kReal] = undefined;
  return lazy as unknown as Request;
}

function materialize(req: IncomingMessage, options: ToWebRequestOptions): Request {
  const method = req.method ?? 'GET';
  const headers = toWebHeaders(req.headers);
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: abortSignal(req, options.res) };
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = options.parsedBody ?? (isBodyConsumed(req) ? { value: (req as { body?: unknown }).body } : undefined);
    if (parsed) {
      const body = encodeParsedBody(parsed, headers.get('content-type'));
      // The parser decoded the body: describe what we actually carry.
      headers.delete('content-encoding');
      headers.delete('transfer-encoding');
      if (body === null) headers.delete('content-length');
      else headers.set('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
      init.body = body as BodyInit | null;
    } else {
      init.body = toBodyStream(req, options.res);
      init.duplex = 'half';
    }
  }
  return new Request(options.url, init);
}

/** A signal that aborts when the client disconnects before the response has been sent. */
function abortSignal(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(new DOMException('The client disconnected.', 'AbortError'));
  if (res) {
    if (res.destroyed && !res.writableFinished) abort();
    else res.once('close', () => { if (!res.writableFinished) abort(); });
  } else if (req.destroyed && !req.complete) {
    abort();
  } else {
    req.once('close', () => { if (!req.complete) abort(); });
  }
  return controller.signal;
}
