import { createError } from '../errors/errors';
import { BuiltIn } from '../errors/catalog';
import { sign, unsign } from 'cookie-signature';
import type { CookieSigner } from './options';

/**
 * A `CookieSigner` that signs and verifies exactly as cookie-parser and Express do (the
 * `cookie-signature` package: HMAC-SHA256, base64 without padding, timing-safe comparison).
 * With a list of secrets, the first signs and every one verifies, so secrets can be rotated
 * the way `cookieParser([newSecret, oldSecret])` allows.
 *
 * @example
 * app.use(cookieParser(secret));
 * const cookies = new AstroCookies(() => req.headers.cookie, { signer: cookieParserSigner(secret) });
 *
 * @throws TypeError when no non-empty secret is given (cookie-parser then signs nothing either).
 */
export function cookieParserSigner(secret: string | readonly string[]): CookieSigner {
  const secrets: readonly unknown[] = typeof secret === 'string' ? [secret] : [...secret];
  if (secrets.length === 0 || !secrets.every((s): s is string => typeof s === 'string' && s !== '')) {
    throw createError(BuiltIn.InvalidCookieSecret);
  }
  const keys = secrets as readonly string[];
  const current = keys[0]!;
  return {
    sign: (value) => sign(value, current),
    unsign(signed) {
      for (const key of keys) {
        const value = unsign(signed, key);
        if (value !== false) return value;
      }
      return false;
    },
  };
}
