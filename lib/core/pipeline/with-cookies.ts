/**
 * Appends the jar's Set-Cookie lines after the ones the Response already carries. A Response
 * with immutable headers (`Response.redirect()`, `fetch()`) is re-wrapped rather than mutated.
 */
export function withCookies(response: Response, cookies: string[]): Response {
  if (cookies.length === 0) return response;
  try {
    for (const cookie of cookies) response.headers.append('set-cookie', cookie);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    for (const cookie of cookies) copy.headers.append('set-cookie', cookie);
    return copy;
  }
}
