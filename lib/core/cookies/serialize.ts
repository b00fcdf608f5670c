import { stringifySetCookie, type SetCookie, type StringifyOptions } from 'cookie';
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
  // The object form, built as one literal: spreading the options (here or inside `cookie`) made
  // this ~15× slower, and it runs for every cookie set.
  return stringifySetCookie(cookieOf(name, value, options, options.expires, options.maxAge), options);
}

/**
 * The `Set-Cookie` header that deletes `name`: value `deleted`, `Expires` at the epoch, and the
 * attributes that identify the cookie (domain, path, …). Any `expires`, `maxAge` or `encode`
 * passed anyway (plain JavaScript callers) is ignored, as in Astro.
 */
export function serializeDeletion(name: string, options: AstroCookieDeleteOptions = {}): string {
  return stringifySetCookie(cookieOf(name, DELETED_VALUE, options, DELETED_EXPIRES, undefined), NO_ENCODE_OPTION);
}

const NO_ENCODE_OPTION: StringifyOptions = {};

// Only known attributes are copied, so `signed` (ours) never reaches the header.
function cookieOf(name: string, value: string, o: AstroCookieDeleteOptions, expires: Date | undefined, maxAge: number | undefined): SetCookie {
  return {
    name,
    value,
    domain: o.domain,
    path: o.path,
    httpOnly: o.httpOnly,
    sameSite: o.sameSite,
    secure: o.secure,
    partitioned: o.partitioned,
    priority: o.priority,
    expires,
    maxAge,
  };
}
