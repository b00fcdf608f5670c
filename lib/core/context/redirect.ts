import { createError } from '../errors/errors';
import { InvalidRedirectLocation, InvalidRedirectStatus } from '../errors/catalog';
import { stayOnOrigin } from '../security/redirect-location';

const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 304, 307, 308]);
const LINE_BREAK = /[\r\n]/;
// Headers only carry bytes: non-ASCII and spaces are percent-encoded (once: `%` is left alone).
const UNSAFE = /[^\x21-\x7e]+/g;
// A lone surrogate has no UTF-8 form (encodeURI would throw): it becomes U+FFFD, as in a URL.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// `scheme://authority…`: an absolute URL, the caller's own choice of destination.
const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/**
 * `context.redirect()`: an empty `Response` with a `Location` header. Unlike Astro 5 (which
 * accepts any number and any text), only redirect statuses are allowed, line breaks are refused,
 * and a location that is not an absolute URL (`https://…` or a `URL` object) always stays on
 * this origin, however a browser reads it: `//evil.example`, `/\evil.example`, `\/evil.example`
 * and `https:evil.example` lead to paths here, not there.
 */
export function redirect(location: string | URL, status: number = 302): Response {
  if (!REDIRECT_STATUSES.has(status)) throw createError(InvalidRedirectStatus, status);
  const path = String(location);
  if (LINE_BREAK.test(path)) throw createError(InvalidRedirectLocation, path);
  const encoded = path.replace(LONE_SURROGATE, '\uFFFD').replace(UNSAFE, encodeURI);
  const safe = location instanceof URL || ABSOLUTE.test(path) ? encoded : stayOnOrigin(encoded);
  return new Response(null, { status, headers: { Location: safe } });
}
