import { untouchedSource } from '../core/lazy-response';

// undici (Node 20 and 22) keeps the body a Response was made from. A string or bytes can then be
// written in one go with its Content-Length, skipping the web stream (and its reads) entirely:
// the fast path of @hono/node-server, without replacing the global Response.
const kState = Object.getOwnPropertySymbols(new Response('')).find((s) => s.description === 'state');

// Node's web streams answer it (node:stream's isDisturbed() reads it too).
const kDisturbed = Symbol.for('nodejs.stream.disturbed');

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
  const stream = body?.stream as (ReadableStream & { [kDisturbed]?: boolean }) | undefined;
  if (stream === undefined || stream.locked) return undefined;
  // Read or cancelled (`response.body.cancel()` leaves it unlocked): Node's own flag for it is
  // far cheaper than `response.bodyUsed` (WebIDL brand checks); the getter where it is absent.
  const disturbed = stream[kDisturbed] ?? response.bodyUsed;
  return disturbed ? undefined : source;
}
