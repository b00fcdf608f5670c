import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import proxyaddr from 'proxy-addr';

/**
 * Express's `trust proxy` values, as the plain node:http listener takes them: `true` (every hop),
 * `false`, a hop count, addresses and subnets (`'loopback'`, `'10.0.0.0/8, 192.168.1.1'`, an
 * array), or a function `(address, hop) => boolean`.
 */
export type TrustProxy = boolean | number | string | string[] | ((address: string, hop: number) => boolean);

/** Whether the hop `i` (0: the socket's peer) with `address` is a trusted proxy. */
export type TrustFn = (address: string | undefined, hop: number) => boolean;

const TRUST_NONE: TrustFn = () => false;
const TRUST_ALL: TrustFn = () => true;

/** Compiles a `trustProxy` value once, as Express compiles its `trust proxy` setting (proxy-addr). */
export function compileTrust(value: TrustProxy | undefined): TrustFn {
  if (value === undefined || value === false) return TRUST_NONE;
  if (value === true) return TRUST_ALL;
  if (typeof value === 'function') return (address, hop) => value(address ?? '', hop);
  if (typeof value === 'number') return (_address, hop) => hop < value;
  const list = typeof value === 'string' ? value.split(',').map((v) => v.trim()) : value;
  const trust = proxyaddr.compile(list);
  return (address, hop) => address !== undefined && trust(address, hop);
}

/**
 * The client's address: walking X-Forwarded-For from the socket's peer back while each hop is a
 * trusted proxy (proxy-addr, as Express's `req.ip`), never simply its leftmost value. An entry
 * that is not an IP address (forged or malformed) is not believed: the proxy that reported it is
 * the last address known to be real.
 */
export function trustedClientAddress(req: IncomingMessage, trust: TrustFn): string | undefined {
  const peer = req.socket.remoteAddress;
  if (!trust(peer, 0)) return peer;
  // [peer, trusted hops…, the first untrusted address]: the last one is the client.
  const chain = proxyaddr.all(req as Parameters<typeof proxyaddr.all>[0], (address, hop) => trust(address, hop));
  for (let i = chain.length - 1; i > 0; i--) if (isIP(chain[i]!) !== 0) return chain[i];
  return peer;
}
