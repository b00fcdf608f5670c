// undici (Node 20 and 22) keeps the body a Response was made from. A string or bytes can then be
// written in one go with its Content-Length, skipping the web stream (and its reads) entirely:
// the fast path of @hono/node-server, without replacing the global Response.
const kState = Object.getOwnPropertySymbols(new Response('')).find((s) => s.description === 'state');

interface UndiciBody {
  source?: unknown;
  stream?: ReadableStream;
}

/**
 * The string or bytes `response` was constructed with, when its body is still untouched;
 * `undefined` for streams, blobs, used bodies, or runtimes that hide undici's state.
 */
export function bodySource(response: Response): string | Uint8Array | undefined {
  if (kState === undefined) return undefined;
  const body = (response as unknown as Record<symbol, { body?: UndiciBody | null } | undefined>)[kState]?.body;
  const source = body?.source;
  if (typeof source !== 'string' && !(source instanceof Uint8Array)) return undefined;
  if (response.bodyUsed || body?.stream?.locked) return undefined;
  return source;
}
