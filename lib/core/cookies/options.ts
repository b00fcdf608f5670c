/**
 * Options of `cookies.get()` and `cookies.has()`: Astro's `AstroCookieGetOptions`, plus `signed`.
 */
export interface AstroCookieGetOptions {
  /**
   * Turns the raw header value into the cookie's value. Defaults to `decodeURIComponent`; when it
   * throws (e.g. `%` alone), the raw value is returned, as Astro does.
   */
  decode?: (value: string) => string;
  /**
   * Reads a cookie-parser signed cookie (`s:<value>.<signature>`, as Express
   * `res.cookie(name, value, { signed: true })` writes it): the verified value, or `undefined`
   * when the cookie is unsigned, tampered with, or the jar has no signer.
   */
  signed?: boolean;
}

/**
 * Options of `cookies.set()`: Astro's `AstroCookieSetOptions` (the `cookie` package's
 * attributes), plus `signed`. Nothing is defaulted: no `Path`, no `HttpOnly`, as in Astro.
 */
export interface AstroCookieSetOptions {
  /** `Domain=`: without it, most clients scope the cookie to the current host only. */
  domain?: string;
  /** `Expires=`: the date the cookie expires. */
  expires?: Date;
  /** `HttpOnly`: hides the cookie from client-side scripts. */
  httpOnly?: boolean;
  /** `Max-Age=`: lifetime in **seconds** (an integer; Express's `maxAge` is in milliseconds). */
  maxAge?: number;
  /** `Path=`: the path the cookie applies to. */
  path?: string;
  /** `SameSite=`: `true` means `Strict`; `false` leaves the attribute out. Case-insensitive. */
  sameSite?: boolean | 'lax' | 'strict' | 'none';
  /** `Secure`: sent over HTTPS only. */
  secure?: boolean;
  /** Turns the value into header text. Defaults to `encodeURIComponent`. */
  encode?: (value: string) => string;
  /** `Partitioned` (CHIPS): a cookie keyed to the top-level site. */
  partitioned?: boolean;
  /** `Priority=`: a Chrome extension attribute. Case-insensitive. */
  priority?: 'low' | 'medium' | 'high';
  /**
   * Signs the value the cookie-parser way (`s:` + value + `.` + HMAC-SHA256), readable by
   * Express's `req.signedCookies`. Needs a signer: without one, `set()` throws
   * `CookieSignerMissing`.
   */
  signed?: boolean;
}

/**
 * Options of `cookies.delete()`: the attributes that identify the cookie to remove. `expires`
 * and `maxAge` are not accepted (the deletion sets its own), nor is `encode` (the value is
 * the literal `deleted`).
 */
export type AstroCookieDeleteOptions = Omit<AstroCookieSetOptions, 'expires' | 'maxAge' | 'encode' | 'signed'>;

/**
 * Signs and verifies cookie values, keeping the jar free of any framework or crypto choice.
 *
 * - `style: 'value'` (default, cookie-parser / Express): `sign` returns the signed text *without*
 *   the `s:` prefix (the jar adds it); `unsign` returns the original value, or `false`.
 *   See `cookieParserSigner()`.
 * - `style: 'companion'` (Koa's `ctx.cookies` with `app.keys`): the value stays as it is and a
 *   second cookie `<name>.sig` carries `sign('<name>=<value as sent>')`; `verify` checks it.
 */
export interface CookieSigner {
  readonly style?: 'value' | 'companion';
  sign(value: string): string;
  unsign(signed: string): string | false;
  verify?(data: string, signature: string): boolean;
}

/** Options of the `AstroCookies` constructor. */
export interface AstroCookiesOptions {
  /**
   * Signs `set(…, { signed: true })` and verifies `get(…, { signed: true })`. A function is
   * called once, the first time a signed cookie is read or written (or a cookie deleted), so a
   * request that never signs anything never looks its secret up.
   */
  signer?: CookieSigner | (() => CookieSigner | undefined) | undefined;
  /**
   * Receives the warning raised when `set()` or `delete()` is called after `consume()`, when the
   * Set-Cookie headers are already on their way. The renderer sends it to its `logger` (label
   * `cookies`); a jar made alone warns on `console`, as in Astro.
   */
  onWarning?: ((warning: Error) => void) | undefined;
}
