import type { ServerResponse } from 'node:http';
import type { ResponseWriter } from './send';

// The ONLY module that wraps `res` methods: the `writeHead`/`write`/`end` a capture installs so
// that what downstream host handlers write (Express routes after the renderer) is captured
// (capture.ts) instead of sent, and putting back what was there.
//
// The wrappers are shared functions that find their request's capture on `res` (no closures per
// request): middleware around every host route pays for a capture on every request.

type Writer = ServerResponse['write'];
type Ender = ServerResponse['end'];
type HeadWriter = ServerResponse['writeHead'];
export type Callback = (err?: Error | null) => void;

/** Bytes queued from the host before its `write()` returns false (it should wait for `drain`). */
export const HIGH_WATER_MARK = 64 * 1024;

/** What the wrappers need of a capture (capture.ts's `HostCapture`). */
export interface CaptureSink {
  readonly mode: 'capture' | 'direct' | 'discard';
  /** The methods in effect before the capture: `direct` mode writes through them. */
  readonly writer: ResponseWriter;
  readonly captured: Response | undefined;
  readonly queued: number;
  needDrain: boolean;
  ended: boolean;
  wake: (() => void) | undefined;
  /** Makes the captured `Response` from `res`'s status and headers, once. */
  head(): void;
  push(chunk: unknown, encoding?: BufferEncoding): void;
  onEnd(callback: Callback): void;
}

const kCapture = Symbol('astro-bridge.capture');
interface CapturingResponse extends ServerResponse {
  [kCapture]?: CaptureSink;
}

const METHODS = ['writeHead', 'write', 'end'] as const;
type Method = (typeof METHODS)[number];
/** Marks "no own property before the capture": restore deletes ours. */
const ABSENT = Symbol('absent');

/** What was on the instance before (another middleware's wrappers, e.g. compression's): restored exactly. */
export interface SavedMethods {
  readonly methods: Record<Method, unknown>;
  readonly headersSent: PropertyDescriptor | undefined;
}

/** Remembers `res`'s own methods, then installs the wrappers that feed `capture`. */
export function installWrappers(res: ServerResponse, capture: CaptureSink): SavedMethods {
  const saved: SavedMethods = {
    methods: {
      writeHead: Object.hasOwn(res, 'writeHead') ? res.writeHead : ABSENT,
      write: Object.hasOwn(res, 'write') ? res.write : ABSENT,
      end: Object.hasOwn(res, 'end') ? res.end : ABSENT,
    },
    headersSent: Object.hasOwn(res, 'headersSent') ? Object.getOwnPropertyDescriptor(res, 'headersSent') : undefined,
  };
  (res as CapturingResponse)[kCapture] = capture;
  res.writeHead = capturedWriteHead;
  res.write = capturedWrite;
  res.end = capturedEnd;
  Object.defineProperty(res, 'headersSent', HEADERS_SENT);
  return saved;
}

/** Puts back what was on the instance, unless another middleware wrapped ours since. */
export function restoreWrappers(target: ServerResponse, saved: SavedMethods): void {
  const res = target as unknown as Record<string, unknown>;
  for (const key of METHODS) {
    // A wrapper installed over ours after capture (compression used after the renderer) calls
    // ours, which forwards once we stop capturing: removing it would send the host's later
    // writes around it (raw bytes under its Content-Encoding).
    if (!Object.hasOwn(res, key) || !OURS.has(res[key])) continue;
    const before = saved.methods[key];
    if (before === ABSENT) delete res[key];
    else res[key] = before;
  }
  const current = Object.getOwnPropertyDescriptor(res, 'headersSent');
  if (current !== undefined && current.get !== headersSent) return;
  if (saved.headersSent) Object.defineProperty(res, 'headersSent', saved.headersSent);
  else delete res.headersSent;
}

/** The host's later writes go nowhere: the client gets the middleware's response. */
export function discardWrites(res: ServerResponse): void {
  res.write = discardedWrite;
  res.end = discardedEnd;
  res.writeHead = discardedWriteHead;
}

export function invoke(fn: unknown, res: ServerResponse, args: unknown[]): unknown {
  return (fn as (...a: unknown[]) => unknown).apply(res, args);
}

function captureOf(res: ServerResponse): CaptureSink {
  return (res as CapturingResponse)[kCapture]!;
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
