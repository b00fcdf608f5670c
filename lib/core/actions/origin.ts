import { mediaType } from './body';

// What an HTML form can send without CORS preflight; a JSON body needs script and CORS.
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

/**
 * Astro's `checkOrigin` for action calls: a form-type (or untyped) POST from another site is
 * refused. The browser's `Sec-Fetch-Site` decides when sent (`same-origin`, or `none` for a
 * user-typed request, pass); else `Origin` must equal the request's own origin.
 */
export function isCrossSiteForm(request: Request, origin: string): boolean {
  const type = mediaType(request.headers.get('content-type'));
  if (type !== undefined && !FORM_TYPES.includes(type)) return false;
  const site = request.headers.get('sec-fetch-site');
  if (site !== null) return site !== 'same-origin' && site !== 'none';
  return request.headers.get('origin') !== origin;
}

/** Astro's answer to a refused cross-site form post. */
export function crossSiteResponse(method: string): Response {
  return new Response(`Cross-site ${method} form submissions are forbidden`, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
