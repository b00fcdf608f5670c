import type { IncomingMessage, ServerResponse } from 'node:http';

// Everything that happens when the client goes away: the request's signal aborts, a response
// body's producer is cancelled (its `cancel()` runs, so the work stops).

/** Why a body's producer or a request's signal stops: the client went away. */
export function clientGone(): DOMException {
  return new DOMException('The client disconnected.', 'AbortError');
}

const noop = () => {};

/** Cancels a body's producer (its `cancel()` runs) because the client left; never rejects. */
export function cancelProducer(reader: ReadableStreamDefaultReader<unknown>): void {
  reader.cancel(clientGone()).catch(noop);
}

/**
 * Calls `gone` once if the connection closes before the response finished (at once when it
 * already has): the client left. A response that finished normally never calls it.
 */
export function whenClientLeaves(res: ServerResponse, gone: () => void): void {
  const onClose = () => {
    if (!res.writableFinished) gone();
  };
  if (res.destroyed) onClose();
  else res.once('close', onClose);
}

/** A signal that aborts when the client disconnects before the response has been sent. */
export function abortSignal(req: IncomingMessage, res: ServerResponse | undefined): AbortSignal {
  const controller = new AbortController();
  const abort = () => controller.abort(clientGone());
  if (res) {
    whenClientLeaves(res, abort);
  } else if (req.destroyed && !req.complete) {
    abort();
  } else {
    req.once('close', () => {
      if (!req.complete) abort();
    });
  }
  return controller.signal;
}
