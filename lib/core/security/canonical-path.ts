// One spelling per path, so a guard in middleware (`pathname.startsWith('/admin')`) and whoever
// serves the request read the same thing (GHSA-ggxq-hp9w-j794 and Astro's `*-bypass` tests).
//
// The canonical form of a path is RFC 3986 §6.2.2's normalisation as WHATWG URL serialises it:
// escapes of unreserved characters decoded (`%61` → `a`, `%2e` → `.`), other escapes in upper
// case (`%c3` → `%C3`), `\` read as `/` (WHATWG does so for http), duplicate slashes collapsed,
// dot segments removed, and what WHATWG escapes escaped. Nothing is decoded twice: `%2561`
// stays `%2561`.

// Paths made only of these characters, with no dot segment and no `//`, are canonical as they
// are: the check most requests take.
const PLAIN = /^(?:\/[A-Za-z0-9\-_~!$&'()*+,;=:@]+(?:\.[A-Za-z0-9\-_~!$&'()*+,;=:@]*)*)*\/?$/;
const ESCAPE = /%([0-9A-Fa-f]{2})/g;
const BAD_ESCAPE = /%(?![0-9A-Fa-f]{2})/;
// Escapes no path of a real resource contains: control characters (NUL, CR, LF…), and an
// encoded backslash, which some code downstream decodes into a separator.
const REFUSED_ESCAPE = /%(?:[01][0-9A-Fa-f]|7[Ff]|5[Cc])/;
const UNRESERVED = /[A-Za-z0-9\-._~]/;
const SLASHES = /[\\/]{2,}|\\/g;

/**
 * The canonical spelling of a request path (no query string), or `undefined` when no single
 * spelling is safe: invalid percent-encoding (or escapes that are not UTF-8), an encoded control
 * character or backslash, a `#`, or a path that does not start with `/`. Idempotent:
 * `canonicalPath(canonicalPath(p)) === canonicalPath(p)`.
 */
export function canonicalPath(path: string): string | undefined {
  if (path.startsWith('/') && PLAIN.test(path)) return path;
  if (!path.startsWith('/') || path.includes('#') || BAD_ESCAPE.test(path) || REFUSED_ESCAPE.test(path)) return undefined;
  // Escapes that are not UTF-8 (`%FF`, overlong `%C0%AF`) decode to nothing the router or a
  // param could hold: refused too, rather than read differently by each reader.
  try {
    decodeURIComponent(path);
  } catch {
    return undefined;
  }
  const unescaped = path.replace(ESCAPE, (escape, hex: string) => {
    const char = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : escape.toUpperCase();
  });
  const collapsed = removeDotSegments(unescaped.replace(SLASHES, '/'));
  // WHATWG URL escapes what a path may not hold raw (`"`, `<`, non-ASCII…), as `context.url` will.
  let pathname: string;
  try {
    pathname = new URL(`http://h${collapsed}`).pathname;
  } catch {
    return undefined;
  }
  return pathname;
}

/**
 * RFC 3986 §5.2.4 over a path without duplicate slashes. Done here, not left to WHATWG URL:
 * Node 20's parser keeps `/./` after some segments (`new URL('http://h/a/.b-/./c').pathname`
 * is `/a/.b-/./c` on Node 20.20), and the answer must not depend on the Node version.
 */
function removeDotSegments(path: string): string {
  if (!path.includes('.')) return path;
  const segments = path.split('/');
  const out: string[] = [];
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '.' || segment === '..') {
      if (segment === '..') out.pop();
      // `/a/..` and `/a/.` end in a directory: `/` and `/a/`.
      if (i === segments.length - 1) out.push('');
    } else {
      out.push(segment);
    }
  }
  return `/${out.join('/')}`;
}
