import type { AstroCookies } from './cookies';

/**
 * Brand of every cookie jar, whatever copy of astro-bridge made it: the CommonJS and ESM builds,
 * and each entry point of the CommonJS build, carry their own `AstroCookies` class, so
 * `instanceof` cannot be trusted (nor can it across jest's VM realms).
 */
export const kAstroCookies = Symbol.for('astro-bridge.cookies');

/**
 * Method of every jar returning its outgoing entries, so `merge()` works between jars from
 * different copies, where private fields are out of reach.
 */
export const kOutgoingCookies = Symbol.for('astro-bridge.cookies.outgoing');

/** One pending `Set-Cookie`, as a jar records it. Entries are frozen and shared by `merge()`. */
export interface OutgoingCookie {
  /** The value as `get()` reads it back (before encoding; `s:…` for a signed one; `deleted`). */
  readonly value: string;
  /** The serialized `Set-Cookie` header value. */
  readonly header: string;
  /** `true` for `set()`, `false` for `delete()`. */
  readonly isSet: boolean;
}

/** True for any astro-bridge cookie jar, from whichever copy or realm of the package. */
export function isAstroCookies(value: unknown): value is AstroCookies {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kAstroCookies] === true;
}
