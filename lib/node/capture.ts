import type { ServerResponse } from 'node:http';
import type { ResponseWriter } from './send';
import { fromOutgoingHeaders, toOutgoingHeaders } from './headers';
import { isBodyUntouched, lazyBodyResponse } from '../fetch/lazy-response';
import { HIGH_WATER_MARK, discardWrites, installWrappers, invoke, restoreWrappers, type Callback, type CaptureSink, type SavedMethods } from './capture-wrappers';

// Turns what downstream host handlers write (Express routes after the renderer) into a streamed
// `Response` for middleware's `next()`, and sends or drops it after. The `res` methods that feed
// it are capture-wrappers.ts's.

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

class HostCapture implements Capture, CaptureSink {
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
  readonly #saved: SavedMethods;
  #discarded = false;

  constructor(readonly res: ServerResponse) {
    // The methods in effect now (maybe another middleware's wrappers): the final response goes out through them.
    this.writer = { writeHead: res.writeHead, write: res.write, end: res.end };
    this.response = new Promise<Response>((resolve, reject) => {
      this.#resolveHead = resolve;
      this.#rejectHead = reject;
    });
    this.response.catch(noop);
    this.#saved = installWrappers(res, this);
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
    restoreWrappers(this.res, this.#saved);
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
    discardWrites(this.res);
  }
}
