import { SessionStorageInitError, SessionStorageSaveError, SessionStorageUnavailable } from '../errors/catalog';
import { createErrorWith, isAstroBridgeError } from '../errors/errors';

/** `SessionStorageInitError`: the driver could not be loaded, or stored data could not be read. */
export const initError = (reason: string, driver: string, cause?: unknown) => createErrorWith(SessionStorageInitError, [reason, driver], { cause });

/** `SessionStorageSaveError`: a value or key that cannot be stored. */
export const saveError = (reason: string, driver?: string, cause?: unknown, hint?: string) =>
  createErrorWith(SessionStorageSaveError, [reason, driver], { cause, hint });

/** `SessionStorageUnavailable` (503): the storage failed or did not answer in time. */
export const unavailable = (driver: string, operation: string, reason: string, cause?: unknown) =>
  createErrorWith(SessionStorageUnavailable, [driver, operation, reason], { cause });

/** Whether `error` is the named astro-bridge error `name` (by brand, not `instanceof`). */
export function isNamedError(error: unknown, name: string): boolean {
  return isAstroBridgeError(error) && error.name === name;
}
