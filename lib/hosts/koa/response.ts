import { Readable } from 'node:stream';
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { toOutgoingHeaders } from '../../node/headers';
import { mayHaveBody } from '../../node/send';
import { cancelProducer, whenClientLeaves } from '../../node/abort';
import { bodySource } from '../../node/response-source';
import { readFirstChunks } from '../../node/response-chunks';

type Chunk = Uint8Array | string;
const noop = () => {};
const EMPTY = Buffer.alloc(0);

// The slice of Koa's context used here (Koa 2 and 3).
export interface KoaResponseContext {
  method: string;
  res: ServerResponse;
  body: unknown;
  status: number;
  message: string;
  set(field: string, value: string | string[]): void;
  remove(field: string): void;
}

/**
 * Hands a `Response` to Koa the Koa way: status, message and headers copied (Set-Cookie kept as
 * separate lines, merged after cookies Koa already set), the body assigned as a Buffer when it
 * is a single chunk and as a Readable otherwise, so Koa pipes it with backpressure. Koa 3's own
 * `ctx.body = response` folds Set-Cookie headers, so it is not used. Synchronous (returns
 * `undefined`) unless the body is a stream whose first chunks must be read.
 */
export function toKoa(ctx: KoaResponseContext, response: Response): Promise<void> | undefined {
  const headers = toOutgoingHeaders(response.headers, ctx.res, response.type !== 'default');
  const status = response.status;
  // Asked before `body`, which would make the stream of a lazy Response (a page's HTML).
  const source = bodySource(response);
  // Koa turns a null body into a 204 unless the status is set afterwards: body first, then status.
  if (!mayHaveBody(ctx.method, status)) {
    if (source === undefined) response.body?.cancel().catch(noop);
    ctx.body = null;
  } else if (source !== undefined) {
    // A string or bytes: assigned at once, no promise (most responses). The Content-Type goes
    // first, so Koa's body setter does not look one up only for it to be replaced; a string
    // stays a string (Koa and Node send it with the head in one write).
    const type = headers['content-type'];
    if (type !== undefined) ctx.set('Content-Type', type as string);
    ctx.body = typeof source === 'string' ? source : toBuffer(source);
  } else {
    const body = response.body;
    // Koa answers a null body without the Content-Type (and Koa 2 without a Content-Length):
    // an empty Buffer is sent with the Response's headers, like the Node bridge does.
    if (body === null) ctx.body = EMPTY;
    else return toKoaBody(ctx.res, body.getReader(), headers['content-length'] !== undefined).then((koaBody) => finish(ctx, response, headers, koaBody));
  }
  finish(ctx, response, headers, undefined);
}

function finish(ctx: KoaResponseContext, response: Response, headers: OutgoingHttpHeaders, body: Buffer | Readable | undefined): void {
  if (body !== undefined) ctx.body = body;
  const status = response.status;
  ctx.status = status;
  if (response.statusText) ctx.message = response.statusText;
  // Koa's body setter guessed a Content-Type; the Response has the last word.
  if (headers['content-type'] === undefined) ctx.remove('Content-Type');
  for (const name in headers) ctx.set(name, headers[name] as string | string[]);
}

async function toKoaBody(res: ServerResponse, reader: ReadableStreamDefaultReader<Chunk>, sized: boolean): Promise<Buffer | Readable> {
  cancelOnClose(res, reader);
  const start = await readFirstChunks(reader, sized);
  if (start.kind === 'empty') return EMPTY;
  if (start.kind === 'single') return toBuffer(start.chunk);
  return toReadable(res, reader, start.first, start.next);
}

/**
 * Koa destroys the body stream when the client leaves, but the generator only notices at its
 * next `yield`, which a producer waiting for data may never reach (nor is a producer that has
 * not made its first chunk yet ever stopped): cancel the producer on the response's close itself.
 */
function cancelOnClose(res: ServerResponse, reader: ReadableStreamDefaultReader<Chunk>): void {
  whenClientLeaves(res, () => cancelProducer(reader));
}

/**
 * The rest of the body as a Node Readable that asks the web stream for one chunk at a time, only
 * when Koa's pipe wants one (highWaterMark 0: nothing is read ahead for a slow client).
 */
function toReadable(
  res: ServerResponse,
  reader: ReadableStreamDefaultReader<Chunk>,
  first: Chunk,
  second: Promise<ReadableStreamReadResult<Chunk>> | ReadableStreamReadResult<Chunk> | undefined,
): Readable {
  let held: Chunk | undefined = first;
  let next: Promise<ReadableStreamReadResult<Chunk>> | ReadableStreamReadResult<Chunk> | undefined = second;
  let finished = false;
  let reading = false;
  return new Readable({
    highWaterMark: 0,
    read() {
      if (held !== undefined) {
        const chunk = held;
        held = undefined;
        this.push(chunk);
        return;
      }
      if (reading) return;
      reading = true;
      Promise.resolve(next ?? reader.read()).then(
        (result) => {
          next = undefined;
          reading = false;
          if (result.done) finished = true;
          this.push(result.done ? null : result.value);
        },
        (err: Error) => {
          finished = true;
          // Koa cannot answer once the head is out: cut the connection so the client sees a truncated body.
          res.destroy(err);
          this.destroy(err);
        },
      );
    },
    destroy(err, callback) {
      // Koa destroyed the stream (client gone): cancel the producer.
      if (!finished) cancelProducer(reader);
      finished = true;
      callback(err);
    },
  });
}

function toBuffer(chunk: Chunk): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}
