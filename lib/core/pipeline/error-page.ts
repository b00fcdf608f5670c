/** Astro's rerouted statuses: an empty one of these renders the `/404` or `/500` route. */
export const REROUTABLE_STATUS_CODES: readonly number[] = [404, 500];

// Framing and type describe the original (empty) body, not the error page's.
const NOT_CARRIED = new Set(['content-type', 'content-length', 'transfer-encoding']);

/** The status text of the error statuses, for a response that came without one. */
export function errorStatusText(status: number): string {
  return status === 404 ? 'Not Found' : status === 500 ? 'Internal Server Error' : '';
}

/**
 * The error page's response carrying what the request's own response had (Astro 6/7's
 * `mergeResponses`): the original's headers win (middleware's headers, an endpoint's `Allow`),
 * the page adds the ones the original lacks, and every `Set-Cookie` of both is kept. The status
 * is the original's (404/500) unless it was 200. The page's body is moved, not read.
 */
export function mergeErrorResponse(page: Response, original: Response): Response {
  const status = original.status === 200 ? page.status : original.status;
  const headers = new Headers();
  const seen = new Set<string>();
  original.headers.forEach((value, name) => {
    if (NOT_CARRIED.has(name)) return;
    if (name !== 'set-cookie') headers.set(name, value);
    seen.add(name);
  });
  for (const cookie of original.headers.getSetCookie()) headers.append('set-cookie', cookie);
  page.headers.forEach((value, name) => {
    if (name !== 'set-cookie' && !seen.has(name)) headers.set(name, value);
  });
  for (const cookie of page.headers.getSetCookie()) headers.append('set-cookie', cookie);
  const statusText = status === page.status ? page.statusText : original.statusText || errorStatusText(status);
  // In place on a mutable Response, so a lazy body stays unmade; a page's own Response may have
  // immutable headers (a fetch() result), and then gets a new Response around its body.
  if (status === page.status && trySwapHeaders(page.headers, headers)) return page;
  return new Response(page.body, { status, statusText, headers });
}

function trySwapHeaders(target: Headers, next: Headers): boolean {
  try {
    for (const name of [...target.keys()]) target.delete(name);
    next.forEach((value, name) => {
      if (name !== 'set-cookie') target.set(name, value);
    });
    for (const cookie of next.getSetCookie()) target.append('set-cookie', cookie);
    return true;
  } catch {
    return false;
  }
}
