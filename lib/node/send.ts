import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { toOutgoingHeaders } from './headers';
import { cancelProducer } from './abort';
import { bodySource } from './response-source';
import { readFirstChunks, type FirstChunks } from './response-chunks';

type Chunk = Uint8Array | string;

/** The methods a response is written with (a capture keeps the host's, see capture.ts). */
export type ResponseWriter = Pick<ServerResponse, 'writeHead' | 'write' | 'end'>;
const noop = () => {};

/** Whether a response to `method` with `status` may carry a body (RFC 9110 §6.4.1). */
export function mayHaveBody(method: string | undefined, status: number): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
}

/**
 * Writes a `Response` to a `ServerResponse`: status, statusText, headers (each Set-Cookie on its
 * own line), and the body — in one write with `Content-Length` when it is a single chunk, else
 * streamed chunk by chunk, waiting for `drain`. A client that disconnects cancels the body stream.
 * Rejects when the body fails: before the head was sent the caller can still answer with an
 * error; after it, the socket is destroyed so the client sees a truncated response.
 */
export function sendWebResponse(res: ServerResponse, response: Response, method?: string, writer?: ResponseWriter): Promise<void> {
  try {
    return sendResponse(res, response, method, writer) ?? DONE;
  } catch (err) {
    return Promise.reject(err);
  }
}

const DONE = Promise.resolve();

/**
 * `sendWebResponse`, but synchronous when it can be: returns `undefined` when the response was
 * written at once (no body, or a string/bytes body), a Promise only while a body streams.
 * Adapters use it to skip a promise and a microtask on most responses. Throws (synchronously)
 * what `writeHead` throws for an invalid status or header.
 */
export function sendResponse(res: ServerResponse, response: Response, method?: string, writer?: ResponseWriter): Promise<void> | undefined {
  const out: ResponseWriter = writer === undefined ? res : bindWriter(res, writer);
  const headers = toOutgoingHeaders(response.headers, res, response.type !== 'default');
  const status = response.status;
  const statusText = response.statusText || undefined;
  // Asked before `body`, which would make the stream of a lazy Response (a page's HTML).
  const source = bodySource(response);
  if (!mayHaveBody(method, status)) {
    if (source === undefined) response.body?.cancel().catch(noop);
    out.writeHead(status, statusText, headers);
    out.end();
    return;
  }
  if (source !== undefined) return writeWhole(out, status, statusText, headers, source);
  const body = response.body;
  if (body === null) {
    // An empty body is announced as such rather than as an empty chunked stream.
    headers['content-length'] ??= '0';
    out.writeHead(status, statusText, headers);
    out.end();
    return;
  }
  return sendStream(res, out, body, headers, status, statusText);
}

/** A body in one piece: one write, with its Content-Length. */
function writeWhole(out: ResponseWriter, status: number, statusText: string | undefined, headers: OutgoingHttpHeaders, body: Chunk): undefined {
  headers['content-length'] ??= String(byteLength(body));
  out.writeHead(status, statusText, headers);
  out.end(body);
  return undefined;
}

async function sendStream(
  res: ServerResponse,
  out: ResponseWriter,
  body: ReadableStream<Chunk>,
  headers: OutgoingHttpHeaders,
  status: number,
  statusText: string | undefined,
): Promise<void> {
  const reader = body.getReader();
  // A producer may take its time before the first chunk (an idle event stream never makes one):
  // a client that leaves meanwhile cancels it, which also ends the pending read.
  let gone = false;
  const onClose = () => {
    gone = true;
    cancelProducer(reader);
  };
  if (res.destroyed) onClose();
  else res.once('close', onClose);
  let start: FirstChunks;
  try {
    start = await readFirstChunks(reader, headers['content-length'] !== undefined);
  } finally {
    res.off('close', onClose);
  }
  if (gone) return;
  if (start.kind === 'stream') {
    out.writeHead(status, statusText, headers);
    return stream(res, out, reader, start.first, start.next);
  }
  const chunk = start.kind === 'single' ? start.chunk : undefined;
  headers['content-length'] ??= chunk === undefined ? '0' : String(byteLength(chunk));
  out.writeHead(status, statusText, headers);
  out.end(chunk);
}

async function stream(
  res: ServerResponse,
  out: ResponseWriter,
  reader: ReadableStreamDefaultReader<Chunk>,
  first: Chunk,
  second: Promise<ReadableStreamReadResult<Chunk>> | ReadableStreamReadResult<Chunk> | undefined,
): Promise<void> {
  let closed = false;
  let wake = noop;
  const onClose = () => {
    closed = true;
    wake();
    // The producer's cancel() runs: a client that left stops the work.
    cancelProducer(reader);
  };
  const onDrain = () => wake();
  res.on('close', onClose);
  res.on('drain', onDrain);
  // The client may have left while the route was running: 'close' already fired, and writes to a
  // destroyed response neither fail nor 'drain', so waiting would hang and never cancel the body.
  if (res.destroyed) onClose();
  try {
    let chunk: Chunk | undefined = first;
    // A suspended async function keeps its parameters: without this, the first chunk stayed in
    // memory for the whole response (one more chunk per slow client, measured in bench/).
    first = undefined as unknown as Chunk;
    let next: Promise<ReadableStreamReadResult<Chunk>> | ReadableStreamReadResult<Chunk> | undefined = second;
    while (chunk !== undefined) {
      if (!out.write(chunk) && !closed) await new Promise<void>((resolve) => (wake = resolve));
      if (closed) return;
      // The next chunk is asked for only once this one is on its way: no read-ahead, so a slow
      // client holds one chunk in the socket and whatever the producer queues itself, no more.
      const result: ReadableStreamReadResult<Chunk> = await (next ?? reader.read());
      next = undefined;
      chunk = result.done ? undefined : result.value;
    }
    if (!closed) out.end();
  } catch (err) {
    // Headers are out: the only honest signal left is a truncated response.
    res.destroy(err as Error);
    throw err;
  } finally {
    res.off('close', onClose);
    res.off('drain', onDrain);
  }
}

function byteLength(chunk: Chunk): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
}

function bindWriter(res: ServerResponse, writer: ResponseWriter): ResponseWriter {
  const call = (fn: unknown, args: unknown[]) => (fn as (...a: unknown[]) => unknown).apply(res, args);
  return {
    writeHead: ((...args: unknown[]) => call(writer.writeHead, args)) as ResponseWriter['writeHead'],
    write: ((...args: unknown[]) => call(writer.write, args)) as ResponseWriter['write'],
    end: ((...args: unknown[]) => call(writer.end, args)) as ResponseWriter['end'],
  };
}
