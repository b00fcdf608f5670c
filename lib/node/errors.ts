import { createError, type AstroBridgeError } from '../core/errors/errors';
import { IncompleteRequestBody, MalformedHost } from '../core/errors/catalog';

/** A 400 for a request whose Host header is not a host. Hosts answer it with `err.status`. */
export function malformedHost(host: string): AstroBridgeError {
  return createError(MalformedHost, host);
}

/** True for an error caused by the client (status 4xx), which needs no server-side logging. */
export function isRequestError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** Why a body's producer or a request's signal stops: the client went away. */
export function clientGone(): DOMException {
  return new DOMException('The client disconnected.', 'AbortError');
}

const noop = () => {};

/** Cancels a body's producer (its `cancel()` runs) because the client left; never rejects. */
export function cancelProducer(reader: ReadableStreamDefaultReader<unknown>): void {
  reader.cancel(clientGone()).catch(noop);
}

/** A read of the request body the client cut short: its fault, so a 400 (`IncompleteRequestBody`). */
export function clientLeftMidBody(): Error {
  return createError(IncompleteRequestBody);
}

/** A read of the request body that started, or was still waiting, when the response went out. */
export function responseSentFirst(): Error {
  return new Error('The response was sent before the request body was read.');
}
