import type { IncomingMessage, ServerResponse } from 'node:http';
import { createError, type AstroBridgeError } from '../core/errors/errors';
import { PayloadTooLarge } from '../core/errors/catalog';

/** True when the request declares (Content-Length) more body than `limit` bytes. */
export function declaresTooMuch(req: IncomingMessage, limit: number): boolean {
  if (limit === Infinity) return false;
  const declared = req.headers['content-length'];
  return declared !== undefined && Number(declared) > limit;
}

/**
 * The 413 for a body past `limit`, after making sure the connection closes once the answer is
 * out: the rest of the body is not worth receiving (Node would read and discard all of it to
 * keep the connection alive). Node then answers with `Connection: close` itself.
 */
export function tooLarge(req: IncomingMessage, res: ServerResponse | undefined, limit: number): AstroBridgeError {
  if (res !== undefined && !res.headersSent) res.shouldKeepAlive = false;
  // The head is out already (a streamed answer): nothing to announce, so close after it.
  else if (res !== undefined) res.once('finish', () => req.socket.destroySoon?.());
  return createError(PayloadTooLarge, limit);
}
