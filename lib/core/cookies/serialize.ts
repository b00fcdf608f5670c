import { stringifySetCookie, type SerializeOptions } from 'cookie';
import type { AstroCookieDeleteOptions, AstroCookieSetOptions } from './options';

/** The value a deletion writes: Astro writes `deleted`, not an empty value. */
export const DELETED_VALUE = 'deleted';

// The Unix epoch: the date browsers compare against to drop the cookie at once.
const DELETED_EXPIRES = new Date(0);

/**
 * The `Set-Cookie` header for `name=value` with `options`, in the `cookie` package's attribute
 * order. Only known attributes are passed on, so `signed` (ours) never reaches the header.
 *
 * @throws TypeError from `cookie` for an invalid name, encoded value, domain, path, expires,
 *   maxAge, priority or sameSite, as Astro does.
 */
export function serializeSetCookie(name: string, value: string, options: AstroCookieSetOptions = {}): string {
  return stringifySetCookie(name, value, {
    ...attributes(options),
    expires: options.expires,
    maxAge: options.maxAge,
    encode: options.encode,
  });
}

/**
 * The `Set-Cookie` header that deletes `name`: value `deleted`, `Expires` at the epoch, and the
 * attributes that identify the cookie (domain, path, …). Any `expires`, `maxAge` or `encode`
 * passed anyway (plain JavaScript callers) is ignored, as in Astro.
 */
export function serializeDeletion(name: string, options: AstroCookieDeleteOptions = {}): string {
  return stringifySetCookie(name, DELETED_VALUE, { ...attributes(options), expires: DELETED_EXPIRES });
}

function attributes(options: AstroCookieDeleteOptions): SerializeOptions {
  const { domain, path, httpOnly, sameSite, secure, partitioned, priority } = options;
  return { domain, path, httpOnly, sameSite, secure, partitioned, priority };
}
