import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ResponseWriter } from './send';
import { fromOutgoingHeaders } from './headers';
import { isBodyUntouched, lazyBodyResponse } from '../core/lazy-response';

// The ONLY module that wraps `res` methods: it turns what downstream host handlers write
// (Express routes after the renderer) into a streamed `Response` for middleware's `next()`.

type Writer = ServerResponse['write'];
type Ender = ServerResponse['end'];
type HeadWriter = ServerResponse['writeHead'];
type Callback = (err?: Error | null) => void;

/** Bytes queued from the host before its `write()` returns false (it should wait for `drain`). */
const HIGH_WATER_MARK = 64 * 1024;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
// The body pulls only when someone reads it: with the default high-water mark of 1 a web stream
// pulls at once, moving the host's first chunk into its own queue, where passThrough() (which
// sends the queued chunks itself) never finds it — the client got the body without it.
const NO_READ_AHEAD = { highWaterMark: 0 };


export interface Capture {
  /** Resolves once the host starts its response (`writeHead`, or a first `write`/`end`). */
  readonly response: Promise<Response>;
  /** The methods to write the final response with (the host's writes stay captured). */
  readonly writer: ResponseWriter;
  /**
   * Whether `response` is the captured one, unread: then `passThrough()` sends it without
   * copying a byte through a web stream.
   */
  canPassThrough(response: Response): boolean;
  /** Sends the captured response: head from `response.headers`, queued chunks, then direct writes. */
  passThrough(response: Response): Promise<void>;
  /**
   * Whether `response` (the middleware's own) may stream the captured body on: it is that body
   * (`new Response(response.body, …)` does not lock it), or the body is being read
   * (`response.body.pipeThrough(…)`). The host's writes must keep feeding it until it is sent.
   */
  bodyInUse(response: Response): boolean;
  /** Drops whatever the host still writes (middleware replaced its response). Idempotent. */
  discard(): void;
}

/**
 * Wraps `res` so the host's writes are captured instead of sent: the host's status and headers
 * become a `Response` whose body streams what the host writes, with backpressure (`write()`
 * returns false and `drain` follows, as on a socket).
 */
export function captureResponse(res: ServerResponse): Capture {
  const original: ResponseWriter = { writeHead: res.writeHead, write: res.write, end: res.end };
  // Another middleware (compression…) may have wrapped these on the instance: restore exactly that.
  const KEYS = ['writeHead', 'write', 'end', 'headersSent'] as const;
  const before = KEYS.map((key) => Object.getOwnPropertyDescriptor(res, key));
  const queue: Uint8Array[] = [];
  let queued = 0;
  let ended = false;
  let mode: 'capture' | 'direct' | 'discard' = 'capture';
  let needDrain = false;
  let wake: (() => void) | undefined;
  let captured: Response | undefined;
  let contentLength: number | string | string[] | undefined;
  const invoke = (fn: unknown, ...args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(res, args);
  let resolveHead!: (r: Response) => void;
  let rejectHead!: (e: Error) => void;
  const response = new Promise<Response>((resolve, reject) => {
    resolveHead = resolve;
    rejectHead = reject;
  });
  const endCallbacks: Callback[] = [];

  // Made only when someone reads the captured body: a response passed through unread never has one.
  let body: ReadableStream<Uint8Array> | undefined;
  const makeBody = () => (body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      while (queue.length === 0 && !ended) await new Promise<void>((resolve) => (wake = resolve));
      const chunk = queue.shift();
      if (chunk === undefined) return controller.close();
      queued -= chunk.byteLength;
      controller.enqueue(chunk);
      if (needDrain && queued < HIGH_WATER_MARK) {
        needDrain = false;
        res.emit('drain');
      }
    },
    cancel() {
      discard();
    },
  }, NO_READ_AHEAD));

  const head = () => {
    if (captured) return;
    const { headers, contentLength: hostLength } = fromOutgoingHeaders(res.getHeaders());
    contentLength = hostLength;
    const status = res.statusCode;
    const init = { status, statusText: res.statusMessage || '', headers };
    captured = NULL_BODY.has(status) ? new Response(null, init) : lazyBodyResponse(makeBody, init);
    resolveHead(captured);
  };

  const push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (chunk === undefined || chunk === null) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Uint8Array);
    if (bytes.byteLength === 0) return;
    queue.push(bytes);
    queued += bytes.byteLength;
    wake?.();
  };

  // What we installed on `res`, to tell it from wrappers other middleware puts over it later.
  const mine = new Set<unknown>();
  const install = <K extends keyof ResponseWriter>(key: K, fn: ResponseWriter[K]) => {
    mine.add(fn);
    Object.defineProperty(res, key, { value: fn, writable: true, configurable: true });
  };

  install('writeHead', function (this: ServerResponse, status: number, ...args: unknown[]) {
    if (mode === 'direct') return invoke(original.writeHead, status, ...args) as ServerResponse;
    res.statusCode = status;
    const [reason, headers] = typeof args[0] === 'string' ? args : [undefined, args[0]];
    if (typeof reason === 'string') res.statusMessage = reason;
    if (Array.isArray(headers)) {
      // As Node's writeHead does: a [name, value, …] list (or [[name, value], …]) may repeat a
      // name — two Set-Cookie lines — so replace earlier values, then append (setHeader kept the last only).
      const pairs: unknown[][] = Array.isArray(headers[0]) ? headers : Array.from({ length: headers.length / 2 }, (_, i) => [headers[2 * i], headers[2 * i + 1]]);
      for (const [name] of pairs) res.removeHeader(String(name));
      for (const [name, value] of pairs) res.appendHeader(String(name), value as string | string[]);
    } else if (headers && typeof headers === 'object') for (const [k, v] of Object.entries(headers)) res.setHeader(k, v as string);
    head();
    return res;
  } as HeadWriter);

  install('write', function (this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown) {
    if (mode === 'direct') return invoke(original.write, chunk, encoding, cb) as boolean;
    const callback = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
    head();
    if (mode === 'capture') push(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    if (callback) queueMicrotask(() => callback(null));
    if (mode === 'capture' && queued >= HIGH_WATER_MARK) {
      needDrain = true;
      return false;
    }
    return true;
  } as Writer);

  install('end', function (this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown) {
    if (mode === 'direct') return invoke(original.end, chunk, encoding, cb) as ServerResponse;
    const args = [chunk, encoding, cb];
    const callback = args.find((a) => typeof a === 'function') as Callback | undefined;
    if (typeof chunk !== 'function') push(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
    head();
    ended = true;
    wake?.();
    if (callback) endCallbacks.push(callback);
    return res;
  } as Ender);

  // Until the client really gets a head, the host must believe it has sent one once it did.
  const headersSent = () => captured !== undefined || res.writableEnded || Boolean((res as { _header?: unknown })._header);
  mine.add(headersSent);
  Object.defineProperty(res, 'headersSent', { configurable: true, get: headersSent });

  res.once('close', () => {
    if (!captured) rejectHead(new DOMException('The client disconnected before the host responded.', 'AbortError'));
  });
  res.once('finish', () => endCallbacks.forEach((cb) => cb(null)));
  response.catch(() => {});

  const restore = () => {
    KEYS.forEach((key, i) => {
      // A wrapper installed over ours after capture (compression used after the renderer) calls
      // ours, which forwards once we stop capturing: removing it would send the host's later
      // writes around it (raw bytes under its Content-Encoding).
      const current = Object.getOwnPropertyDescriptor(res, key);
      if (current !== undefined && !mine.has(current.value ?? current.get)) return;
      const descriptor = before[i];
      if (descriptor) Object.defineProperty(res, key, descriptor);
      else delete (res as unknown as Record<string, unknown>)[key];
    });
  };

  function discard() {
    if (mode !== 'capture') return;
    mode = 'discard';
    queue.length = 0;
    queued = 0;
    wake?.();
    if (needDrain) {
      needDrain = false;
      res.emit('drain');
    }
  }

  let discarded = false;

  return {
    response,
    writer: original,
    // `body` itself, not `captured.body`: `response.clone()` swaps the latter for a tee branch.
    // Never made: nothing can be streaming it.
    bodyInUse: (r) => mode === 'capture' && body !== undefined && (r.body === body || body.locked),
    // After `response.clone()` the Response's body is a tee branch of `body`, which has already
    // taken the queued chunks passThrough() would send: only the untouched `body` passes through.
    canPassThrough: (r) =>
      r === captured && (isBodyUntouched(r) || (!r.bodyUsed && (r.body === null || (r.body === body && !body.locked)))),
    passThrough(r) {
      // Middleware may have decorated the headers: they are the ones sent.
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      const headers: OutgoingHttpHeaders = {};
      for (const [name, value] of r.headers) if (name !== 'set-cookie') headers[name] = value;
      const cookies = r.headers.getSetCookie();
      if (cookies.length > 0) headers['set-cookie'] = cookies;
      if (contentLength !== undefined) headers['content-length'] = String(contentLength);
      mode = 'direct';
      restore();
      invoke(original.writeHead, r.status, r.statusText || undefined, headers);
      for (const chunk of queue.splice(0)) invoke(original.write, chunk);
      queued = 0;
      if (needDrain) {
        needDrain = false;
        res.emit('drain');
      }
      if (ended) invoke(original.end);
      return new Promise<void>((resolve) => {
        if (res.writableFinished || res.destroyed) return resolve();
        res.once('finish', () => resolve());
        res.once('close', () => resolve());
      });
    },
    discard() {
      // A second call would take the no-op methods below for someone else's wrappers.
      if (discarded) return;
      discarded = true;
      discard();
      restore();
      // The host's later writes go nowhere: the client gets the middleware's response.
      install('write', ((_c: unknown, e?: unknown, cb?: unknown) => {
        const callback = (typeof e === 'function' ? e : cb) as Callback | undefined;
        if (callback) queueMicrotask(() => callback(null));
        return true;
      }) as Writer);
      install('end', ((...a: unknown[]) => {
        (a.find((x) => typeof x === 'function') as Callback | undefined)?.(null);
        return res;
      }) as Ender);
      install('writeHead', (() => res) as unknown as HeadWriter);
    },
  };
}
