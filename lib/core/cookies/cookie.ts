import { createError } from '../errors/errors';
import { BuiltIn } from '../errors/catalog';
/**
 * One cookie as `cookies.get()` returns it: its value and Astro's conversions.
 *
 * @example
 * cookies.get('count')?.number() // 3 for `count=3`
 */
export class AstroCookie {
  /**
   * @param value The cookie's value, already decoded (`undefined` only when constructed so
   *   by hand; the jar never does).
   */
  constructor(readonly value: string) {}

  /**
   * `JSON.parse(value)`. Throws the usual `SyntaxError` on invalid JSON, and
   * `Error('Cannot convert undefined to an object.')` when there is no value, as Astro does.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Astro's public type.
  json(): Record<string, any> {
    if (this.value === undefined) {
      throw createError(BuiltIn.CookieValueMissing);
    }
    return JSON.parse(this.value);
  }

  /** `Number(value)`: `NaN` when the value is not a number. */
  number(): number {
    return Number(this.value);
  }

  /** `false` for `'false'`, `'0'` and the empty string; `true` for anything else. */
  boolean(): boolean {
    // Astro treats the two spellings a form or script most often writes for "off" as false.
    if (this.value === 'false' || this.value === '0') return false;
    return Boolean(this.value);
  }
}
