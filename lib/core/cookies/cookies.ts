import { parseCookie } from 'cookie';
import { createError } from '../errors/errors';
import { BuiltIn } from '../errors/catalog';
import { kAstroCookies, kOutgoingCookies, isAstroCookies, type OutgoingCookie } from './brand';
import { AstroCookie } from './cookie';
import type { AstroCookieDeleteOptions, AstroCookieGetOptions, AstroCookieSetOptions, AstroCookiesOptions, CookieSigner } from './options';
import { DELETED_VALUE, serializeDeletion, serializeSetCookie } from './serialize';
import { signValue, unsignValue } from './signing';
import { toCookieValue } from './value';
import { createLogger } from '../logger';

// Keeps raw values at parse time; `get()` decodes, so a custom `decode` applies per call.
const identity = (value: string) => value;

/**
 * Astro's `context.cookies`: reads the request's `Cookie` header and records `Set-Cookie`
 * headers for the response, in the order cookies were first set.
 *
 * @example
 * const cookies = new AstroCookies(() => request.headers.get('cookie'));
 * cookies.set('theme', 'dark', { path: '/', httpOnly: true });
 * for (const line of cookies.consume()) response.headers.append('set-cookie', line);
 */
export class AstroCookies {
  readonly #readHeader: () => string | null | undefined;
  // The signer, or the function that finds it until first use (a CookieSigner is never a function).
  #signerOrLookup: AstroCookiesOptions['signer'];
  readonly #onWarning: (warning: Error) => void;
  #incoming: Record<string, string | undefined> | undefined;
  readonly #outgoing = new Map<string, OutgoingCookie>();
  #consumed = false;

  /**
   * @param readHeader Returns the request's `Cookie` header; called once, on the first
   *   `get()` or `has()`, so a request whose cookies are never read is never parsed.
   * @param options A signer for signed cookies and where late-write warnings go.
   */
  constructor(readHeader: () => string | null | undefined, options: AstroCookiesOptions = {}) {
    this.#readHeader = readHeader;
    this.#signerOrLookup = options.signer;
    this.#onWarning = options.onWarning ?? warn;
  }

  // Resolved on first use: finding the host's secret is a property miss on every request that
  // sets a cookie (Express's req.secret), and most never sign one.
  get #signer(): CookieSigner | undefined {
    const current = this.#signerOrLookup;
    if (typeof current !== 'function') return current;
    return (this.#signerOrLookup = current());
  }

  /**
   * The cookie `key`: the value set or deleted during this request if there was one, else the
   * request's (decoded with `decode`, default `decodeURIComponent`). `undefined` when absent,
   * deleted, or empty in the request (`key=`). With `signed`, the verified cookie-parser value.
   * A cookie set with `{ signed: true }` reads back as `s:…` without `signed`, as it will next time.
   */
  get(key: string, options: AstroCookieGetOptions = {}): AstroCookie | undefined {
    const value = this.#read(key, options.decode);
    if (value === undefined) return undefined;
    if (!options.signed) return new AstroCookie(value);
    if (this.#signer?.style === 'companion') return this.#verifyCompanion(key) ? new AstroCookie(value) : undefined;
    const unsigned = unsignValue(value, this.#signer);
    return unsigned === undefined ? undefined : new AstroCookie(unsigned);
  }

  /**
   * Whether `key` exists: `true` after `set()`, `false` after `delete()`, else whether the
   * request carries it (even empty). Options are accepted for Astro's signature and ignored.
   */
  has(key: string, _options?: AstroCookieGetOptions): boolean {
    const outgoing = this.#outgoing.get(key);
    if (outgoing !== undefined) return outgoing.isSet;
    return this.#parsed()[key] !== undefined;
  }

  /**
   * Records a `Set-Cookie` for `key`. Strings are stored as they are, objects as JSON, other
   * values through `toString()`. Setting a name again replaces its header in place.
   *
   * @throws TypeError from `cookie` for an invalid name or attribute (nothing is recorded).
   * @throws CookieSignerMissing for `{ signed: true }` on a jar without a signer.
   */
  set(key: string, value: string | number | boolean | object, options: AstroCookieSetOptions = {}): void {
    const text = toCookieValue(value);
    const companion = options.signed === true && this.#signer?.style === 'companion';
    const stored = options.signed && !companion ? signValue(key, text, this.#signer) : text;
    const header = serializeSetCookie(key, stored, options);
    this.#record(key, { value: stored, header, isSet: true }, 'set');
    if (companion) {
      // Koa signs `name=value` exactly as it appears in the header, into `name.sig`.
      const pair = header.split(';', 1)[0]!;
      const signature = this.#signer!.sign(pair);
      const sigHeader = serializeSetCookie(`${key}.sig`, signature, { ...options, encode: (v) => v });
      this.#record(`${key}.sig`, { value: signature, header: sigHeader, isSet: true }, 'set');
    }
  }

  // Koa's check: the request's `<key>.sig` must sign `<key>=<raw value>` with one of the keys.
  #verifyCompanion(key: string): boolean {
    if (this.#outgoing.has(key)) return this.#outgoing.get(`${key}.sig`)?.isSet === true;
    const raw = this.#parsed()[key];
    const signature = this.#parsed()[`${key}.sig`];
    if (raw === undefined || signature === undefined || this.#signer?.verify === undefined) return false;
    return this.#signer.verify(`${key}=${raw}`, signature);
  }

  /**
   * Records a `Set-Cookie` that expires `key` (`key=deleted; Expires=Thu, 01 Jan 1970 …`).
   * Pass the `path` and `domain` the cookie was set with: none is assumed.
   */
  delete(key: string, options: AstroCookieDeleteOptions = {}): void {
    const header = serializeDeletion(key, options);
    this.#record(key, { value: DELETED_VALUE, header, isSet: false }, 'delete');
    // A Koa-signed cookie goes with its signature.
    if (this.#signer?.style === 'companion' && (this.#parsed()[`${key}.sig`] !== undefined || this.#outgoing.has(`${key}.sig`))) {
      this.#record(`${key}.sig`, { value: DELETED_VALUE, header: serializeDeletion(`${key}.sig`, options), isSet: false }, 'delete');
    }
  }

  /** Copies `cookies`' pending sets and deletions into this jar, replacing same-named ones. */
  merge(cookies: AstroCookies): void {
    if (!isAstroCookies(cookies)) throw createError(BuiltIn.InvalidCookieJar);
    for (const [key, entry] of cookies[kOutgoingCookies]()) this.#outgoing.set(key, entry);
  }

  /** The pending `Set-Cookie` header values, in order. Reading them does not consume the jar. */
  *headers(): Generator<string, void, unknown> {
    for (const entry of this.#outgoing.values()) yield entry.header;
  }

  /**
   * The `Set-Cookie` header values for the response, marking the jar as sent: a later `set()` or
   * `delete()` raises a warning. Each call returns every pending header (Astro's `consume`).
   */
  consume(): string[] {
    this.#consumed = true;
    const lines: string[] = [];
    for (const entry of this.#outgoing.values()) lines.push(entry.header);
    return lines;
  }

  /** Whether `consume()` has been called. */
  get consumed(): boolean {
    return this.#consumed;
  }

  /** Brand checked by {@link isAstroCookies}. */
  get [kAstroCookies](): true {
    return true;
  }

  /** The pending entries, for `merge()` across copies of the package. */
  [kOutgoingCookies](): Array<[string, OutgoingCookie]> {
    return [...this.#outgoing];
  }

  #read(key: string, decode: (value: string) => string = decodeURIComponent): string | undefined {
    const outgoing = this.#outgoing.get(key);
    if (outgoing !== undefined) return outgoing.isSet ? outgoing.value : undefined;
    const raw = this.#parsed()[key];
    // An empty value reads as absent, as in Astro (`has()` still says true).
    if (typeof raw !== 'string' || raw === '') return undefined;
    try {
      return decode(raw);
    } catch {
      // Bad percent-encoding (`0:%`): the raw value, as Astro and cookie-parser return it.
      return raw;
    }
  }

  #parsed(): Record<string, string | undefined> {
    if (this.#incoming === undefined) {
      const header = this.#readHeader();
      // A null-prototype object, so `toString` or `__proto__` are never "present" cookies.
      this.#incoming = header ? parseCookie(header, { decode: identity }) : Object.create(null);
    }
    return this.#incoming!;
  }

  #record(key: string, entry: OutgoingCookie, method: 'set' | 'delete'): void {
    this.#outgoing.set(key, Object.freeze(entry));
    if (this.#consumed) this.#onWarning(lateWriteWarning(key, method));
  }
}

// Standalone jars (no renderer) warn through a default logger: `console`, label `cookies`.
const warn = (warning: Error): void => createLogger(undefined, 'cookies').warn(warning.message);

function lateWriteWarning(key: string, method: 'set' | 'delete'): Error {
  const warning = new Error(
    `cookies.${method}(${JSON.stringify(key)}) was called after the Set-Cookie headers had already been sent, ` +
      'so this cookie will not reach the browser.\n' +
      'Set cookies before the Response is returned (for a streamed page, before its body starts).',
  );
  // Astro's name for this warning.
  warning.name = 'Warning';
  return warning;
}
