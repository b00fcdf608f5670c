/**
 * Duck-typed `Response` check: a Response made in another realm (jest's VM, a second copy of
 * undici) fails `instanceof` but is still a Response.
 */
export function isResponse(value: unknown): value is Response {
  if (value instanceof Response) return true;
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<Response>;
  return typeof r.status === 'number' && typeof r.headers === 'object' && typeof r.arrayBuffer === 'function' && 'body' in r;
}
