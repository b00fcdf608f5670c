import { createError } from '../errors/errors';
import { InvalidRedirectLocation, InvalidRedirectStatus } from '../errors/catalog';

const REDIRECT_STATUSES = new Set([300, 301, 302, 303, 304, 307, 308]);
const LINE_BREAK = /[\r\n]/;
// Headers only carry bytes: non-ASCII and spaces are percent-encoded (once: `%` is left alone).
const UNSAFE = /[^\x21-\x7e]+/g;

/**
 * `context.redirect()`: an empty `Response` with a `Location` header. Unlike Astro 5 (which
 * accepts any number), only redirect statuses are allowed, and line breaks are refused.
 */
export function redirect(location: string | URL, status: number = 302): Response {
  if (!REDIRECT_STATUSES.has(status)) throw createError(InvalidRedirectStatus, status);
  const path = String(location);
  if (LINE_BREAK.test(path)) throw createError(InvalidRedirectLocation, path);
  return new Response(null, { status, headers: { Location: path.replace(UNSAFE, encodeURI) } });
}
