// In a "safe-decoded" pathname every segment is percent-decoded except `%` and `/`, which stay
// escaped as %25 and %2F: an encoded slash can never split a segment, and nothing is decoded twice.

const NEEDS_ESCAPE = /[%/]/g;
const ESCAPED = /%2F|%25/gi;

/** Decodes each segment of a raw pathname; `undefined` when its percent-encoding is invalid. */
export function safeDecodePathname(pathname: string): string | undefined {
  if (!pathname.includes('%')) return pathname;
  const segments = pathname.split('/');
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i]!;
    if (!segment.includes('%')) continue;
    try {
      segments[i] = decodeURIComponent(segment).replace(NEEDS_ESCAPE, escapeChar);
    } catch {
      return undefined;
    }
  }
  return segments.join('/');
}

/** Turns a safe-decoded param value into plain text (`%2F` → `/`, `%25` → `%`). */
export function unescapeParam(value: string): string {
  return value.includes('%') ? value.replace(ESCAPED, (m) => (m[2] === '5' ? '%' : '/')) : value;
}

/** Escapes static route text the way `safeDecodePathname` leaves it in a pathname. */
export function escapeStatic(text: string): string {
  return text.replace(NEEDS_ESCAPE, escapeChar);
}

function escapeChar(c: string): string {
  return c === '%' ? '%25' : '%2F';
}
