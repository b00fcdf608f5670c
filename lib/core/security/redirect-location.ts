// Open redirects (GHSA-5ff5-9fcw-vg88 and kin): a relative `Location` must resolve on the origin
// that sent it, as browsers resolve it (WHATWG URL), not as it looks.

const BACKSLASH = /\\/g;
const LEADING_SLASHES = /^\/+/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * A relative location (already free of spaces, controls and non-ASCII) that stays on this
 * origin: browsers read `\` as `/`, so it is escaped (`%5C`); a leading `//` would name
 * another host, so it collapses to `/`; a leading `scheme:` (`https:evil.example`,
 * `javascript:`) becomes a path segment (`./https:evil.example`).
 */
export function stayOnOrigin(location: string): string {
  const escaped = location.replace(BACKSLASH, '%5C');
  if (escaped.startsWith('//')) return `/${escaped.replace(LEADING_SLASHES, '')}`;
  if (SCHEME.test(escaped)) return `./${escaped}`;
  return escaped;
}

/**
 * Text for a `Location` header: only bytes a header carries, each other one escaped (`req.url`
 * holds the request target's bytes as latin1 characters, so each is one byte).
 */
export function headerSafe(search: string): string {
  return search.replace(/[^\x21-\x7e]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
