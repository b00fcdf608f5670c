import { createError, type AstroBridgeError } from '../core/errors/errors';
import { IncompleteRequestBody, MalformedHost, ResponseSentFirst } from '../core/errors/catalog';

/** A 400 for a request whose Host header is not a host. Hosts answer it with `err.status`. */
export function malformedHost(host: string): AstroBridgeError {
  return createError(MalformedHost, host);
}

/** A read of the request body the client cut short: its fault, so a 400 (`IncompleteRequestBody`). */
export function clientLeftMidBody(): Error {
  return createError(IncompleteRequestBody);
}

/** A read of the request body that started, or was still waiting, when the response went out. */
export function responseSentFirst(): Error {
  return createError(ResponseSentFirst);
}
