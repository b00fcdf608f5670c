import type { IncomingMessage, ServerResponse } from 'node:http';

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
  if (contentType !== null && contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
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
 * The request stream as a web `ReadableStream`, read only when pulled (paused otherwise). When
 * the response finishes before the body was read to the end, the rest is drained, so an unread
 * body never stalls the next request on a keep-alive connection.
 */
export function toBodyStream(req: IncomingMessage, res: ServerResponse | undefined): ReadableStream<Uint8Array> {
  let finished = false;
  let onData: (chunk: Buffer) => void;
  const release = () => {
    finished = true;
    req.off('data', onData);
    if (!req.readableEnded) req.resume();
  };
  res?.once('finish', release);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      onData = (chunk) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 0) <= 0) req.pause();
      };
      req.on('data', onData);
      req.once('end', () => {
        if (!finished) controller.close();
        finished = true;
      });
      req.once('error', (err) => {
        if (!finished) controller.error(err);
        finished = true;
      });
      req.once('close', () => {
        // The client went away before the body ended.
        if (!finished && !req.readableEnded) controller.error(new Error('The client closed the connection before the request body ended.'));
        finished = true;
      });
      req.pause();
    },
    pull() {
      req.resume();
    },
    cancel() {
      release();
    },
  });
}
