import { untouchedSource } from '../fetch/lazy-response';

// undici 5/6 (Node 20 and 22) keeps the body a Response was made from under a symbol. A string or
// bytes can then be written in one go with its Content-Length, skipping the web stream (and its
// reads) entirely: the fast path of @hono/node-server, without replacing the global Response.
// undici 7 (Node 24+) keeps it in a private field: there a real Response's body is read through
// its stream (response-chunks.ts sees undici's own bodies whole within microtasks), and only our
// own lazy Responses skip the stream.
const kState = Object.getOwnPropertySymbols(new Response('')).find((s) => s.description === 'state');

/** Whether `bodySource` can see the string or bytes of a Response made with `new Response()` (feature-detected). */
export const READS_RESPONSE_SOURCE: boolean = kState !== undefined;

// Node's web streams answer it (node:stream's isDisturbed() reads it too).
const kDisturbed = Symbol.for('nodejs.stream.disturbed');

// A web stream's own state record, where Node keeps `disturbed` and the `reader` that locks it.
// Reading it is one property load on the stream instead of two getters: the streams a Response
// makes are made transferable, which gives each its own hidden class, so every load on one is
// a slow lookup (~1 µs apiece on Node 20). Used only where the record has the expected shape.
const kStreamState = ((): symbol | undefined => {
  const stream = new ReadableStream();
  const symbol = Object.getOwnPropertySymbols(stream).find((s) => s.description === 'kState');
  const state = symbol === undefined ? undefined : (stream as unknown as Record<symbol, unknown>)[symbol];
  return typeof state === 'object' && state !== null && 'disturbed' in state && 'reader' in state ? symbol : undefined;
})();

interface StreamState {
  disturbed: boolean;
  reader: unknown;
}

interface UndiciBody {
  source?: unknown;
  stream?: ReadableStream;
}

/**
 * The string or bytes `response` was constructed with, when its body is still untouched;
 * `undefined` for streams, blobs, used bodies, or runtimes that hide undici's state. For our
 * own lazy Responses (a page's HTML) the source is known without making the body at all.
 */
export function bodySource(response: Response): string | Uint8Array | undefined {
  const known = untouchedSource(response);
  if (known !== undefined) return known;
  if (kState === undefined) return undefined;
  const body = (response as unknown as Record<symbol, { body?: UndiciBody | null } | undefined>)[kState]?.body;
  const source = body?.source;
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) return undefined;
  const stream = body?.stream;
  if (stream === undefined) return undefined;
  return isUntouched(stream) ? source : undefined;
}

/** Neither locked (a reader took it) nor disturbed (read or cancelled: `cancel()` leaves it unlocked). */
export function isUntouched(stream: ReadableStream): boolean {
  const state = kStreamState === undefined ? undefined : (stream as unknown as Record<symbol, StreamState | undefined>)[kStreamState];
  if (state !== undefined) return !state.disturbed && state.reader === undefined;
  // Node's own flag is far cheaper than `response.bodyUsed` (WebIDL brand checks).
  return !stream.locked && !(stream as ReadableStream & { [kDisturbed]?: boolean })[kDisturbed];
}
