import { ActionError } from './errors';
import { isAstroBridgeError } from '../errors/errors';
import { PayloadTooLarge } from '../errors/catalog';
import { concatBytes } from '../../fetch/bytes';
import { mediaType } from '../../fetch/media-type';

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data'];

/**
 * An action's input from a request body, as Astro reads it: `FormData` for form types, parsed
 * JSON for `application/json`, `undefined` without a Content-Type or body. More than `limit`
 * bytes (declared in Content-Length, or counted while streaming) is `CONTENT_TOO_LARGE` (413)
 * before anything is parsed; another type is `UNSUPPORTED_MEDIA_TYPE` (415).
 */
export async function readActionInput(request: Request, limit: number): Promise<unknown> {
  const contentType = request.headers.get('content-type');
  if (contentType === null) return undefined;
  const type = mediaType(contentType);
  const isForm = FORM_TYPES.includes(type);
  if (!isForm && type !== 'application/json') throw new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: `Actions accept JSON or form data, not ${type}.` });
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  if (declared > limit) throw tooLarge(limit);
  if (declared === 0 && !isForm) return undefined;
  // A declared length within the limit is enforced by Node's HTTP parser: read it in one go
  // (the host's fast path); only a chunked body needs counting while it streams.
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = Number.isFinite(declared) ? new Uint8Array(await readWhole(request)) : await readLimited(request, limit);
  } catch (error) {
    // The host's reader enforces the same limit (it may stop first, mid-chunk): the action's 413.
    if (isAstroBridgeError(error) && error.name === PayloadTooLarge.name) throw tooLarge(limit);
    throw error;
  }
  if (isForm) {
    try {
      return await new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': contentType! } }).formData();
    } catch {
      throw new ActionError({ code: 'BAD_REQUEST', message: 'The form data could not be parsed.' });
    }
  }
  if (bytes.byteLength === 0) return undefined;
  try {
    const text = new TextDecoder().decode(bytes);
    // The reviver costs a call per value: only when `__proto__` could be there (or be spelt with escapes).
    return UNSAFE_KEY.test(text) ? JSON.parse(text, dropProtoKeys) : JSON.parse(text);
  } catch {
    throw new ActionError({ code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' });
  }
}

const UNSAFE_KEY = /__proto__|\\u/;

// JSON.parse makes `__proto__` an own key; code that later copies it by assignment would set a
// prototype, so it never reaches a handler.
function dropProtoKeys(key: string, value: unknown): unknown {
  return key === '__proto__' ? undefined : value;
}

function tooLarge(limit: number): ActionError {
  return new ActionError({ code: 'CONTENT_TOO_LARGE', message: `Request body exceeds ${limit} bytes` });
}

function readWhole(request: Request): Promise<ArrayBuffer> {
  if (request.bodyUsed) throw new ActionError({ code: 'BAD_REQUEST', message: 'The request body was already read.' });
  return request.arrayBuffer();
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  if (request.bodyUsed) throw new ActionError({ code: 'BAD_REQUEST', message: 'The request body was already read.' });
  const body = request.body;
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Not awaited: a tee branch's cancel (a form action reads a clone) settles only once the
      // other branch is cancelled too.
      reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, size);
}
