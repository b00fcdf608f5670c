import { requestHeader } from '../../fetch/request-header';
import { mediaType } from '../../fetch/media-type';

// Cross-site request forgery through forms: Astro's `security.checkOrigin`, with Astro 7.4's
// rule (the one Go 1.25's CrossOriginProtection uses). A pure function, shared by the pipeline
// (our routes, opt-in host routes) and the actions endpoint.

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
// What a cross-site `<form>` (or a no-cors fetch, which needs no CORS preflight) can send.
const FORM_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/**
 * Whether `request` may go on: `false` for a cross-site form submission. Only POST, PUT, PATCH
 * and DELETE with a form-like Content-Type (urlencoded, multipart, text/plain; compared by media
 * type, any case, with parameters) or none are checked; JSON and other types pass, since a
 * browser must ask CORS first. Then:
 * 1. `Sec-Fetch-Site` decides when present: `same-origin` and `none` (typed or bookmarked)
 *    pass, anything else (`cross-site`, `same-site`) does not.
 * 2. Else an `Origin` header must equal `origin` (`Origin: null` never does).
 * 3. Without either header the request passes: browsers that submit forms send one of them, so
 *    this is not a browser's cross-site form (curl, server-to-server, very old browsers).
 *
 * @param headerRequired refuse a form post that carries neither header (the actions endpoint:
 *   Astro refuses those too, and no browser form omits both)
 * @param origin the request's own origin as the host's trust rules computed it
 *   (`new URL(request.url).origin`), so it works on any port and behind a trusted proxy.
 */
export function checkOrigin(request: Request, origin: string, headerRequired = false): boolean {
  if (!UNSAFE_METHODS.has(request.method)) return true;
  const type = requestHeader(request, 'content-type');
  if (type !== null && !FORM_TYPES.has(mediaType(type))) return true;
  const site = requestHeader(request, 'sec-fetch-site');
  if (site !== null) return site === 'same-origin' || site === 'none';
  const from = requestHeader(request, 'origin');
  return from === null ? !headerRequired : from === origin;
}

/** The 403 a cross-site form submission gets, before any middleware runs (Astro's wording). */
export function crossSiteForbidden(method: string): Response {
  return new Response(`Cross-site ${method} form submissions are forbidden`, {
    status: 403,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

/** The origin of an absolute http(s) URL string, as `new URL(url).origin` (no parse needed). */
export function originOf(url: string): string {
  const end = url.indexOf('/', url.indexOf('//') + 2);
  return end === -1 ? url : url.slice(0, end);
}

/** Where the check applies: our routes (default on) and what falls through to the host (opt-in). */
export interface OriginCheckScope {
  routes: boolean;
  hostRoutes: boolean;
}
