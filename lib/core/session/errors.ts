import { SessionStorageInitError, SessionStorageSaveError, SessionStorageUnavailable, type ErrorData } from '../errors/catalog';
import { AstroBridgeError, isAstroBridgeError } from '../errors/errors';

function make<Args extends unknown[]>(data: ErrorData<Args>, args: Args, cause?: unknown, hint?: string): AstroBridgeError {
  const message = typeof data.message === 'function' ? data.message(...args) : data.message;
  return new AstroBridgeError(data.name, message, { title: data.title, hint: hint ?? (typeof data.hint === 'function' ? data.hint(...args) : data.hint), status: data.status, cause });
}

/** `SessionStorageInitError`: the driver could not be loaded, or stored data could not be read. */
export const initError = (reason: string, driver: string, cause?: unknown) => make(SessionStorageInitError, [reason, driver], cause);

/** `SessionStorageSaveError`: a value or key that cannot be stored. */
export const saveError = (reason: string, driver?: string, cause?: unknown, hint?: string) =>
  make(SessionStorageSaveError, [reason, driver], cause, hint);

/** `SessionStorageUnavailable` (503): the storage failed or did not answer in time. */
export const unavailable = (driver: string, operation: string, reason: string, cause?: unknown) =>
  make(SessionStorageUnavailable, [driver, operation, reason], cause);

/** Whether `error` is the named astro-bridge error `name` (by brand, not `instanceof`). */
export function isNamedError(error: unknown, name: string): boolean {
  return isAstroBridgeError(error) && error.name === name;
}
