import { createError } from '../errors/errors';
import { CookieSignerMissing } from '../errors/catalog';
import type { CookieSigner } from './options';

/** cookie-parser's marker for a signed value; `j:` (JSON) values are not special here. */
export const SIGNED_PREFIX = 's:';

/**
 * `s:` + the signer's output: exactly the value Express `res.cookie(name, value, { signed: true })`
 * writes before encoding, so cookie-parser's `req.signedCookies` reads it.
 *
 * @throws CookieSignerMissing when there is no signer.
 */
export function signValue(name: string, value: string, signer: CookieSigner | undefined): string {
  if (signer === undefined) throw createError(CookieSignerMissing, name);
  return SIGNED_PREFIX + signer.sign(value);
}

/**
 * The verified value of a decoded `s:` cookie, as cookie-parser's `signedCookie()` checks it;
 * `undefined` when the value is not signed, the signature does not match, or there is no signer.
 */
export function unsignValue(value: string, signer: CookieSigner | undefined): string | undefined {
  if (signer === undefined || !value.startsWith(SIGNED_PREFIX)) return undefined;
  const unsigned = signer.unsign(value.slice(SIGNED_PREFIX.length));
  return unsigned === false ? undefined : unsigned;
}
