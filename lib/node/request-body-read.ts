import type { IncomingMessage, ServerResponse } from 'node:http';
import { clientLeftMidBody, responseSentFirst } from './errors';
import { declaresTooMuch, tooLarge } from './body-limit';
import { concatBytes } from '../fetch/bytes';

/**
 * The whole request body straight from `req`, for `request.text()`/`json()`/`arrayBuffer()` on a
 * Request that was never built: no web stream, no `Request`, no abort signal (together more than
 * the rest of a small POST costs on Node 20; the approach of @hono/node-server). Fails, never
 * hangs, when the client leaves mid-body or the response is sent first; an `end` Node code
 * already consumed reads as empty, as the stream path does. Past `limit` bytes (or a larger
 * Content-Length) it fails with `PayloadTooLarge` (413).
 */
export function readBody(req: IncomingMessage, res: ServerResponse | undefined, limit: number = Infinity): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    if (declaresTooMuch(req, limit)) return reject(tooLarge(req, res, limit));
    // Node discards an unread body once the response is out: what arrived after would be a part.
    if (res?.writableFinished) return reject(responseSentFirst());
    if (req.readableEnded) return resolve(new Uint8Array(0));
    if (req.destroyed) return reject(clientLeftMidBody());
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size > limit) {
        // Stop here: nothing more is kept, and the connection closes after the answer.
        cleanup();
        req.pause();
        reject(tooLarge(req, res, limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(concatBytes(chunks, size));
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const onClose = () => {
      if (req.readableEnded) return;
      cleanup();
      reject(clientLeftMidBody());
    };
    // The response went out first: Node discards the rest of the body, which would never end here.
    const onFinish = () => {
      cleanup();
      req.resume();
      reject(responseSentFirst());
    };
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      res?.off('finish', onFinish);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
    res?.on('finish', onFinish);
    // A 'data' listener does not restart a stream someone paused explicitly.
    req.resume();
  });
}

// What undici's Body mixin does with the bytes (UTF-8 decode, a leading BOM dropped).
const decoder = new TextDecoder();

export function bodyText(bytes: Uint8Array): string {
  return decoder.decode(bytes);
}
