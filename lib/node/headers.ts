import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import zlib from 'node:zlib';

/**
 * The headers a host put on `res` (`res.getHeaders()`) as `Headers` for a Response, without
 * Content-Length (it describes the host's body; a Response computes its own), which is
 * returned apart. A value `Headers` refuses is left out.
 */
export function fromOutgoingHeaders(outgoing: OutgoingHttpHeaders): { headers: Headers; contentLength: OutgoingHttpHeaders[string] } {
  const headers = new Headers();
  let contentLength: OutgoingHttpHeaders[string];
  for (const [name, value] of Object.entries(outgoing)) {
    if (value === undefined) continue;
    if (name === 'content-length') {
      contentLength = value;
      continue;
    }
    try {
      for (const v of Array.isArray(value) ? value : [String(value)]) headers.append(name, v);
    } catch {
      // Node is more lenient than `Headers`.
    }
  }
  return { headers, contentLength };
}

/**
 * Node's parsed request headers as `Headers`. Node already joined repeats the HTTP way
 * (`, `, and `; ` for Cookie) and keeps Set-Cookie as an array; HTTP/2 pseudo-headers are skipped.
 */
export function toWebHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || name.charCodeAt(0) === 58 /* ':' */) continue;
    try {
      if (Array.isArray(value)) for (const v of value) headers.append(name, v);
      else headers.append(name, value);
    } catch {
      // A value `Headers` refuses (Node is more lenient) is dropped rather than failing the request.
    }
  }
  return headers;
}

// Content codings `fetch()` (Node's bundled undici) decodes; a fetched Response still carries
// the header. zstd only from undici 7.11 on, and only where zlib has it (not Node 20 or 22).
const DECODED_CODINGS = new Set(['gzip', 'x-gzip', 'deflate', 'br']);
const [undiciMajor = 0, undiciMinor = 0] = (process.versions.undici ?? '').split('.').map(Number);
if ('createZstdDecompress' in zlib && (undiciMajor > 7 || (undiciMajor === 7 && undiciMinor >= 11))) DECODED_CODINGS.add('zstd');
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/**
 * `Headers` → Node's outgoing headers, each Set-Cookie on its own line (never folded), merged
 * after any Set-Cookie the host already put on `res`. For a Response that came from `fetch()`,
 * hop-by-hop headers and a content coding that fetch already decoded are dropped.
 */
export function toOutgoingHeaders(headers: Headers, res: ServerResponse | undefined, fetched: boolean): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  let cookies: string[] | undefined;
  // The Fetch spec's iteration gives each Set-Cookie value apart (never combined), so they are
  // collected here rather than asked for again with getSetCookie().
  for (const [name, value] of headers) {
    if (name !== 'set-cookie') out[name] = value;
    else if (cookies === undefined) cookies = [value];
    else cookies.push(value);
  }
  if (cookies !== undefined) {
    const previous = res?.getHeader('set-cookie');
    out['set-cookie'] = previous === undefined ? cookies : [...toList(previous), ...cookies];
  }
  if (fetched) {
    for (const name of HOP_BY_HOP) delete out[name];
    // fetch decodes a list of codings (`gzip, br`) only when it knows every one of them.
    const codings = String(out['content-encoding'] ?? '').toLowerCase().split(',').map((c) => c.trim());
    if (codings[0] && codings.every((c) => DECODED_CODINGS.has(c))) {
      delete out['content-encoding'];
      delete out['content-length'];
    }
  }
  return out;
}

function toList(value: number | string | string[]): string[] {
  return Array.isArray(value) ? value : [String(value)];
}
