import type { IncomingMessage } from 'node:http';
import { isAllowedDomain, type RemotePattern } from '../core/security/allowed-domains';
import { malformedHost } from './errors';
import { compileTrust, trustedClientAddress, type TrustFn } from './proxy-trust';

// RFC 3986 host (a reg-name of unreserved characters, or an IP literal) and an optional port.
const HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~]+)(?::(\d{1,5}))?$/;

export interface OriginFacts {
  /** `http` or `https`, as the host decided it (its proxy trust applied). */
  protocol: string;
  /** `host[:port]` as the host decided it, or `undefined` when the request named none. */
  host: string | undefined;
}

export interface OriginPolicy {
  allowedDomains: RemotePattern[] | undefined;
  site: URL | undefined;
}

/**
 * The origin for `context.url`. A malformed host is a 400 (`MalformedHost`); a missing one is
 * `localhost`; a host that `allowedDomains` does not allow is replaced by `site`'s origin (or
 * `localhost`), so a forged Host header cannot put another domain into `url`.
 */
export function resolveOrigin({ protocol, host }: OriginFacts, policy: OriginPolicy): string {
  const proto = protocol === 'https' ? 'https' : 'http';
  if (host === undefined || host === '') return `${proto}://localhost`;
  const port = portOf(host);
  if (port === undefined) throw malformedHost(host);
  const { allowedDomains, site } = policy;
  if (allowedDomains && allowedDomains.length > 0) {
    const hostname = port ? host.slice(0, -(port.length + 1)) : host;
    if (!isAllowedDomain(proto, hostname, port, allowedDomains)) return site ? site.origin : `${proto}://localhost`;
  }
  return `${proto}://${host.toLowerCase()}`;
}

/** True when `host` is syntactically a host (used to fall back from a bad forwarded value). */
export function isValidHost(host: string | undefined): host is string {
  return host !== undefined && portOf(host) !== undefined;
}

// A server sees few distinct hosts: remember the verdicts (bounded, so forged hosts cannot grow it).
const verdicts = new Map<string, string | null>();
const MAX_VERDICTS = 256;

/** The port of a valid `host[:port]` (`''` for none), or `undefined` when it is not a host. */
function portOf(host: string): string | undefined {
  const known = verdicts.get(host);
  if (known !== undefined) return known ?? undefined;
  const port = checkHost(host);
  if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
  verdicts.set(host, port ?? null);
  return port;
}

function checkHost(host: string): string | undefined {
  const m = HOST.exec(host);
  if (!m || (m[1] !== undefined && Number(m[1]) > 65535)) return undefined;
  // The pattern alone lets through hosts WHATWG URL refuses (`foo.123`, `1.2.3.256`, `[1.2.3.4]`,
  // `xn--a`): they would fail later, as a 500, when the Request is built.
  if (!URL.canParse(`http://${host}`)) return undefined;
  return m[1] ?? '';
}

/** First comma-separated value of a (possibly repeated) header. */
export function firstValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined) return undefined;
  const comma = text.indexOf(',');
  return (comma === -1 ? text : text.slice(0, comma)).trim();
}

// Forwarded values longer than any real host are ignored rather than parsed (RFC 1035: 253).
const MAX_FORWARDED_HOST = 255;

/**
 * A forwarded host worth believing (the first value of X-Forwarded-Host, say): a valid host of
 * sane length as sent, else `undefined`. Every host checks the raw value here rather than its
 * framework's reading of it: Koa parses `evil.example@other` into `other`.
 */
export function trustedForwardedHost(value: string | undefined): string | undefined {
  return value !== undefined && value.length <= MAX_FORWARDED_HOST && isValidHost(value) ? value : undefined;
}

/**
 * Origin facts for plain `node:http`: the socket's protocol and the Host header, or, when the
 * socket's peer is a trusted proxy (`trustProxy`, Express's `trust proxy` values), its
 * X-Forwarded-Proto (`http`/`https` only) and X-Forwarded-Host (a valid host of sane length
 * only): malformed, empty or oversized forwarded values are ignored.
 */
export function nodeOriginFacts(req: IncomingMessage, trustProxy: boolean | TrustFn): OriginFacts {
  let protocol = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  let host = req.headers.host;
  const trust = typeof trustProxy === 'function' ? trustProxy : compileTrust(trustProxy);
  if (trust(req.socket.remoteAddress, 0)) {
    const proto = firstValue(req.headers['x-forwarded-proto'])?.toLowerCase();
    if (proto === 'http' || proto === 'https') protocol = proto;
    host = trustedForwardedHost(firstValue(req.headers['x-forwarded-host'])) ?? host;
  }
  return { protocol, host };
}

/**
 * The client address for plain `node:http`: the socket's, or, behind trusted proxies, the
 * address proxy-addr finds in X-Forwarded-For (never simply its leftmost value; entries that
 * are not IP addresses are not believed).
 */
export function nodeClientAddress(req: IncomingMessage, trustProxy: boolean | TrustFn): string | undefined {
  return trustedClientAddress(req, typeof trustProxy === 'function' ? trustProxy : compileTrust(trustProxy));
}
