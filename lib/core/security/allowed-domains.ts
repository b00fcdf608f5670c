import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';

/** Astro's `security.allowedDomains` entry. Every field present must match. */
export interface RemotePattern {
  /** `http` or `https`. */
  protocol?: string;
  /** `example.com`, `*.example.com` (one label) or `**.example.com` (any depth, not the apex). */
  hostname?: string;
  /** A port as a string, e.g. `'8443'`. */
  port?: string;
}

/** Validates `allowedDomains` once, at `renderer()` time. */
export function checkAllowedDomains(patterns: unknown): RemotePattern[] | undefined {
  if (patterns === undefined) return undefined;
  const fail = (reason: string) => createError(InvalidOption, 'allowedDomains', reason);
  if (!Array.isArray(patterns)) throw fail('it must be an array of { protocol?, hostname?, port? }');
  for (const p of patterns as unknown[]) {
    if (typeof p !== 'object' || p === null) throw fail('every entry must be an object');
    for (const [key, value] of Object.entries(p)) {
      if (!['protocol', 'hostname', 'port'].includes(key)) throw fail(`unknown field '${key}'`);
      if (value !== undefined && typeof value !== 'string') throw fail(`'${key}' must be a string`);
    }
  }
  return patterns as RemotePattern[];
}

/** True when `protocol` (no colon), `hostname` and `port` ('' for none) match one of the patterns. */
export function isAllowedDomain(protocol: string, hostname: string, port: string, patterns: RemotePattern[]): boolean {
  // A missing or empty field matches anything, as in Astro's `matchPattern` (`!port || …`).
  return patterns.some(
    (p) =>
      (!p.protocol || p.protocol.replace(/:$/, '') === protocol) &&
      (!p.hostname || matchHostname(hostname, p.hostname)) &&
      (!p.port || p.port === port),
  );
}

function matchHostname(hostname: string, pattern: string): boolean {
  const host = hostname.toLowerCase();
  const pat = pattern.toLowerCase();
  if (pat.startsWith('**.')) {
    const suffix = pat.slice(2); // '.example.com'
    return host.endsWith(suffix) && host.length > suffix.length;
  }
  if (pat.startsWith('*.')) {
    const suffix = pat.slice(1);
    if (!host.endsWith(suffix)) return false;
    const label = host.slice(0, -suffix.length);
    return label.length > 0 && !label.includes('.');
  }
  return host === pat;
}
