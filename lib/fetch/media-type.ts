/**
 * The media type of a Content-Type value, lower-cased, without parameters (RFC 9110 §8.3.1):
 * `Application/JSON; charset=utf-8` → `application/json`. Checks compare this, never the whole
 * header: `application/json; x=application/x-www-form-urlencoded` is JSON.
 */
export function mediaType(contentType: string | null | undefined): string {
  if (!contentType) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}
