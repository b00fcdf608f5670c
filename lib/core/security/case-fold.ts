// Express routes case-insensitively unless `case sensitive routing` is on, and Koa routers take
// `sensitive: false` by default: for them `/ADMIN`, `/Admin/x` and `/admin` are one path. A guard
// in middleware (`pathname.startsWith('/admin')`) must read the spelling that decides who serves
// the request, so on such a host the path middleware sees is folded to one case.

const UPPER = /[A-Z]/;
// An escape keeps its hex digits as they are (the canonical path writes them in upper case).
const LETTERS_OUTSIDE_ESCAPES = /%[0-9A-Fa-f]{2}|[A-Z]+/g;

/**
 * `path` with its ASCII letters lower-cased, except the hex digits of `%XX` escapes (`/Caf%C3%A9`
 * → `/caf%C3%A9`): one spelling for every case a case-insensitive router matches as the same.
 * Non-ASCII stays as it is (on the wire it is escaped, and routers compare escapes byte for
 * byte). Idempotent, and a canonical path stays canonical.
 */
export function foldCase(path: string): string {
  if (!UPPER.test(path)) return path;
  return path.replace(LETTERS_OUTSIDE_ESCAPES, (run) => (run.charCodeAt(0) === 37 /* % */ ? run : run.toLowerCase()));
}
