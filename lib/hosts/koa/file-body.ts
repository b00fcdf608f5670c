import { PassThrough, type Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendFile, type StaticFile } from '../send-file';

/**
 * What `send` writes, kept instead of sent: status, headers and the file's bytes (a stream).
 * Koa then sends them its own way (`ctx.status`, `ctx.set`, `ctx.body`), so upstream Koa
 * middleware still sees and can change the response; writing to `ctx.res` past Koa is not
 * supported by Koa.
 */
class RecordedResponse extends PassThrough {
  statusCode = 200;
  /** Set once Koa owns the stream: a later read failure then destroys it (Koa ends the socket). */
  headersSent = false;
  readonly #headers = new Map<string, number | string | readonly string[]>();

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): number | string | readonly string[] | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.#headers.delete(name.toLowerCase());
  }

  getHeaderNames(): string[] {
    return [...this.#headers.keys()];
  }
}

/** The slice of Koa's context a file body needs; Koa 2 and 3 both fit. */
export interface KoaFileContext {
  req: IncomingMessage;
  method: string;
  status: number;
  body: unknown;
  set(field: string, value: string | string[]): void;
}

/**
 * Sends a built file through Koa: `send` decides status and headers (ETag, Last-Modified, 304,
 * HEAD, ranges) and streams the bytes into `ctx.body`. `false` when the file is missing (ctx
 * untouched).
 */
export async function sendFileWithKoa(ctx: KoaFileContext, target: StaticFile): Promise<boolean> {
  const recorded = new RecordedResponse();
  let source: Readable | undefined;
  // An abandoned body (client gone: Koa destroys it) must not keep the file open.
  recorded.once('close', () => source?.destroy());
  const found = await sendFile(ctx.req, recorded as unknown as ServerResponse, target, undefined, (stream) => (source = stream));
  if (!found) return false;
  // `send` has decided synchronously after finding the file: status and headers are final.
  ctx.status = recorded.statusCode;
  for (const name of recorded.getHeaderNames()) {
    const value = recorded.getHeader(name)!;
    ctx.set(name, typeof value === 'number' ? String(value) : (value as string | string[]));
  }
  recorded.headersSent = true;
  // HEAD, 304 and refused requests (412, 416) carry no bytes: Koa ends them itself.
  if (source !== undefined && ctx.method !== 'HEAD') ctx.body = recorded;
  return true;
}
