import { createError, type AstroBridgeError } from '../core/errors/errors';
import { MalformedHost } from '../core/errors/catalog';

/** A 400 for a request whose Host header is not a host. Hosts answer it with `err.status`. */
export function malformedHost(host: string): AstroBridgeError {
  return createError(MalformedHost, host);
}

/** True for an error caused by the client (status 4xx), which needs no server-side logging. */
export function isRequestError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
