import { createError } from '../errors/errors';
import { BuiltIn } from '../errors/catalog';

/**
 * What `cookies.set()` stores for a value, following Astro: strings as they are, objects
 * without their own `toString()` as JSON, anything else through its `toString()` (numbers,
 * booleans, arrays as `1,2`, dates as `Date#toString()`).
 *
 * @throws TypeError for `null` and `undefined`.
 */
export function toCookieValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) {
    throw createError(BuiltIn.InvalidCookieValue, String(value));
  }
  const toString: unknown = (value as { toString?: unknown }).toString;
  // Objects made with Object.create(null) have no toString(); Astro throws on them, JSON is what
  // the caller meant.
  if (typeof toString !== 'function') return JSON.stringify(value);
  const text = String(toString.call(value));
  // `[object Object]` (or any tag) means "no toString() of its own": serialize as JSON instead.
  return text === Object.prototype.toString.call(value) ? JSON.stringify(value) : text;
}
