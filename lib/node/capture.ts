import type { ServerResponse } from 'node:http';
import type { ResponseWriter } from './send';
import { fromOutgoingHeaders, toOutgoingHeaders } from './headers';
import { isBodyUntouched, lazyBodyResponse } from '../fetch/lazy-response';

// The ONLY module that wraps `res` methods: it turns what downstream host handlers write
// (Express routes after the renderer) into a streamed `Response` for middleware's `next()`.
//
// The wrappers are shared functions that find their request's capture on `res` (no closures per
// request): middleware around every host route pays for a capture on every request.

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
const noop = () => {};

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
  return new HostCapture(res);
}

const kCapture = Symbol('astro-bridge.capture');
interface CapturingResponse extends ServerResponse {
  [kCapture]?: HostCapture;
}

const METHODS = ['writeHead', 'write', 'end'] as const;
type Method = (typeof METHODS)[number];
/** Marks "no own property before the capture": restore deletes ours. */
const ABSENT = Symbol('absent');

class HostCapture implements Capture {
  readonly response: Promise<Response>;
  readonly writer: ResponseWriter;
  mode: 'capture' | 'direct' | 'discard' = 'capture';
  readonly queue: Uint8Array[] = [];
  queued = 0;
  ended = false;
  needDrain = false;
  wake: (() => void) | undefined;
  captured: Response | undefined;
  contentLength: number | string | string[] | undefined;
  endCallbacks: Callback[] | undefined;
  // Made only when someone reads the captured body: a response passed through unread never has one.
  body: ReadableStream<Uint8Array> | undefined;
  #resolveHead!: (r: Response) => void;
  #rejectHead!: (e: Error) => void;
  // What was on the instance before (another middleware's wrappers, e.g. compression's): restored exactly.
  readonly #before: Record<Method, unknown>;
  readonly #beforeHeadersSent: PropertyDescriptor | undefined;
  #discarded = false;

  constructor(readonly res: ServerResponse) {
    // The methods in effect now (maybe another middleware's wrappers): the final response goes out through them.
    this.writer = { writeHead: res.writeHead, write: res.write, end: res.end };
    this.#before = {
      writeHead: Object.hasOwn(res, 'writeHead') ? res.writeHead : ABSENT,
      write: Object.hasOwn(res, 'write') ? res.write : ABSENT,
      end: Object.hasOwn(res, 'end') ? res.end : ABSENT,
    };
    this.#beforeHeadersSent = Object.hasOwn(res, 'headersSent') ? Object.getOwnPropertyDescriptor(res, 'headersSent') : undefined;
    this.response = new Promise<Response>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    this.response.catch(noop);
    (res as CapturingResponse)[kCapture] = this;
    res.writeHead = capturedWriteHead;
    res.write = capturedWrite;
    res.end = capturedEnd;
    Object.defineProperty(res, 'headersSent', HEADERS_SENT);
    res.once('close', () => {
      if (!this.captured) this.#rejectHead(new DOMException('The client disconnected before the host responded.', 'AbortError'));
    });
  }

  head(): void {
    if (this.captured) return;
    const { res } = this;
    const { headers, contentLength } = fromOutgoingHeaders(res.getHeaders());
    this.contentLength = contentLength;
    const status = res.statusCode;
    const init = { status, statusText: res.statusMessage || '', headers };
    this.captured = NULL_BODY.has(status) ? new Response(null, init) : lazyBodyResponse(() => this.makeBody(), init);
    this.#resolveHead(this.captured);
  }

  makeBody(): ReadableStream<Uint8Array> {
    return (this.body = new ReadableStream<Uint8Array>(
      {
        pull: async (controller) => {
          while (this.queue.length === 0 && !this.ended) await new Promise<void>((resolve) => (this.wake = resolve));
          const chunk = this.queue.shift();
          if (chunk === undefined) return controller.close();
          this.queued -= chunk.byteLength;
          controller.enqueue(chunk);
          if (this.needDrain && this.queued < HIGH_WATER_MARK) {
            this.needDrain = false;
            this.res.emit('drain');
          }
        },
        cancel: () => this.stopCapturing(),
      },
      NO_READ_AHEAD,
    ));
  }

  push(chunk: unknown, encoding?: BufferEncoding): void {
    if (chunk === undefined || chunk === null) return;
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, encoding) : (chunk as Uint8Array);
    if (bytes.byteLength === 0) return;
    this.queue.push(bytes);
    this.queued += bytes.byteLength;
    this.wake?.();
  }

  onEnd(callback: Callback): void {
    if (this.endCallbacks === undefined) {
      const callbacks: Callback[] = (this.endCallbacks = []);
      this.res.once('finish', () => callbacks.forEach((cb) => cb(null)));
    }
    this.endCallbacks.push(callback);
  }

  /** Puts back what was on the instance, unless another middleware wrapped ours since. */
  restore(): void {
    const res = this.res as unknown as Record<string, unknown>;
    for (const key of METHODS) {
      // A wrapper installed over ours after capture (compression used after the renderer) calls
      // ours, which forwards once we stop capturing: removing it would send the host's later
      // writes around it (raw bytes under its Content-Encoding).
      if (!Object.hasOwn(res, key) || !OURS.has(res[key])) continue;
      const before = this.#before[key];
      if (before === ABSENT) delete res[key];
      else res[key] = before;
    }
    const current = Object.getOwnPropertyDescriptor(res, 'headersSent');
    if (current !== undefined && current.get !== headersSent) return;
    if (this.#beforeHeadersSent) Object.defineProperty(res, 'headersSent', this.#beforeHeadersSent);
    else delete res.headersSent;
  }

  stopCapturing(): void {
    if (this.mode !== 'capture') return;
    this.mode = 'discard';
    this.queue.length = 0;
    this.queued = 0;
    this.wake?.();
    if (this.needDrain) {
      this.needDrain = false;
      this.res.emit('drain');
    }
  }

  // `body` itself, not `captured.body`: `response.clone()` swaps the latter for a tee branch.
  // Never made: nothing can be streaming it.
  bodyInUse(r: Response): boolean {
    const body = this.body;
    return this.mode === 'capture' && body !== undefined && (r.body === body || body.locked);
  }

  // After `response.clone()` the Response's body is a tee branch of `body`, which has already
  // taken the queued chunks passThrough() would send: only the untouched `body` passes through.
  canPassThrough(r: Response): boolean {
    return r === this.captured && (isBodyUntouched(r) || (!r.bodyUsed && (r.body === null || (r.body === this.body && !this.body.locked))));
  }

  passThrough(r: Response): Promise<void> {
    const { res, writer } = this;
    // Middleware may have decorated the headers: they are the ones sent.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    // res has none of its own left to merge: undefined.
    const headers = toOutgoingHeaders(r.headers, undefined, false);
    if (this.contentLength !== undefined) headers['content-length'] = String(this.contentLength);
    this.mode = 'direct';
    this.restore();
    invoke(writer.writeHead, res, [r.status, r.statusText || undefined, headers]);
    for (const chunk of this.queue.splice(0)) invoke(writer.write, res, [chunk]);
    this.queued = 0;
    if (this.needDrain) {
      this.needDrain = false;
      res.emit('drain');
    }
    if (this.ended) invoke(writer.end, res, []);
    return new Promise<void>((resolve) => {
      if (res.writableFinished || res.destroyed) return resolve();
      res.once('finish', () => resolve());
      res.once('close', () => resolve());
    });
  }

  discard(): void {
    // A second call would take the no-op methods below for someone else's wrappers.
    if (this.#discarded) return;
    this.#discarded = true;
    this.stopCapturing();
    this.restore();
    // The host's later writes go nowhere: the client gets the middleware's response.
    const res = this.res;
    res.write = discardedWrite;
    res.end = discardedEnd;
    res.writeHead = discardedWriteHead;
  }
}

function captureOf(res: ServerResponse): HostCapture {
  return (res as CapturingResponse)[kCapture]!;
}

function invoke(fn: unknown, res: ServerResponse, args: unknown[]): unknown {
  return (fn as (...a: unknown[]) => unknown).apply(res, args);
}

function capturedWriteHead(this: ServerResponse, status: number, ...args: unknown[]): ServerResponse {
  const capture = captureOf(this);
  if (capture.mode === 'direct') return invoke(capture.writer.writeHead, this, [status, ...args]) as ServerResponse;
  this.statusCode = status;
  const [reason, headers] = typeof args[0] === 'string' ? args : [undefined, args[0]];
  if (typeof reason === 'string') this.statusMessage = reason;
  if (Array.isArray(headers)) {
    // As Node's writeHead does: a [name, value, …] list (or [[name, value], …]) may repeat a
    // name — two Set-Cookie lines — so replace earlier values, then append (setHeader kept the last only).
    const pairs: unknown[][] = Array.isArray(headers[0]) ? headers : Array.from({ length: headers.length / 2 }, (_, i) => [headers[2 * i], headers[2 * i + 1]]);
    for (const [name] of pairs) this.removeHeader(String(name));
    for (const [name, value] of pairs) this.appendHeader(String(name), value as string | string[]);
  } else if (headers && typeof headers === 'object') for (const [k, v] of Object.entries(headers)) this.setHeader(k, v as string);
  capture.head();
  return this;
}

function capturedWrite(this: ServerResponse, chunk: unknown, encoding?: unknown, cb?: unknown): boolean {
  const capture = captureOf(this);
  if (capture.mode === 'direct') return invoke(capture.writer.write, this, [chunk, encoding, cb]) as boolean;
  const callback = (typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
  capture.head();
  if (capture.mode === 'capture') capture.push(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
  if (callback) queueMicrotask(() => callback(null));
  if (capture.mode === 'capture' && capture.queued >= HIGH_WATER_MARK) {
    capture.needDrain = true;
    return false;
  }
  return true;
}

function capturedEnd(this: ServerResponse, chunk?: unknown, encoding?: unknown, cb?: unknown): ServerResponse {
  const capture = captureOf(this);
  if (capture.mode === 'direct') return invoke(capture.writer.end, this, [chunk, encoding, cb]) as ServerResponse;
  const callback = (typeof chunk === 'function' ? chunk : typeof encoding === 'function' ? encoding : cb) as Callback | undefined;
  if (typeof chunk !== 'function') capture.push(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : undefined);
  capture.head();
  capture.ended = true;
  capture.wake?.();
  if (typeof callback === 'function') capture.onEnd(callback);
  return this;
}

// Until the client really gets a head, the host must believe it has sent one once it did.
function headersSent(this: ServerResponse): boolean {
  return captureOf(this).captured !== undefined || this.writableEnded || Boolean((this as { _header?: unknown })._header);
}
const HEADERS_SENT: PropertyDescriptor = { configurable: true, get: headersSent };

const discardedWrite = ((_c: unknown, e?: unknown, cb?: unknown) => {
  const callback = (typeof e === 'function' ? e : cb) as Callback | undefined;
  if (callback) queueMicrotask(() => callback(null));
  return true;
}) as Writer;
const discardedEnd = function (this: ServerResponse, ...a: unknown[]) {
  (a.find((x) => typeof x === 'function') as Callback | undefined)?.(null);
  return this;
} as Ender;
const discardedWriteHead = function (this: ServerResponse) {
  return this;
} as unknown as HeadWriter;

/** Ours, to tell them from wrappers other middleware puts over them later. */
const OURS = new Set<unknown>([capturedWriteHead, capturedWrite, capturedEnd]);
