import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { close, listen } from '../helpers/hosts';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

export interface Served {
  server: http.Server;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
}

const open = new Set<http.Server>();

/** A real `node:http` server on 127.0.0.1 running `handler`; closed by `closeAll()`. */
export async function serve(handler: Handler | http.Server): Promise<Served> {
  const server = handler instanceof http.Server ? handler : http.createServer((req, res) => void handler(req, res));
  open.add(server);
  const url = await listen(server);
  return { server, url, port: (server.address() as AddressInfo).port };
}

/** Closes every server `serve()` started (call in `afterEach`). */
export async function closeAll(): Promise<void> {
  const servers = [...open];
  open.clear();
  await Promise.all(servers.map((s) => close(s)));
}

export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (err: unknown) => void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Polls `condition` until it holds; fails with `what` after `limitMs` (a deadline, not a measurement). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 5000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Fails with a clear message instead of the jest timeout when `promise` never settles. */
export function within<T>(promise: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not complete (stalled)`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/** Opens a raw TCP connection to `port`. */
export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

export interface RawResponse {
  /** Everything the server sent, as latin1 text (byte-exact). */
  text: string;
  head: string;
  /** The body bytes as latin1 text (chunked framing included, if any). */
  body: string;
  /** The body decoded as UTF-8. */
  utf8: string;
  /** Whether the socket ended with an error (e.g. ECONNRESET) rather than a clean FIN. */
  error: Error | undefined;
}

/**
 * Sends `request` byte for byte and collects everything until the server closes the connection
 * (send `Connection: close`, or an HTTP/1.0 request).
 */
export async function rawRequest(port: number, request: string | Buffer): Promise<RawResponse> {
  const socket = await connect(port);
  const chunks: Buffer[] = [];
  socket.on('data', (c: Buffer) => chunks.push(c));
  const error = await new Promise<Error | undefined>((resolve) => {
    let err: Error | undefined;
    socket.on('error', (e) => (err = e));
    socket.on('close', () => resolve(err));
    socket.write(request);
  });
  return splitRaw(Buffer.concat(chunks).toString('latin1'), error);
}

export function splitRaw(text: string, error?: Error): RawResponse {
  const end = text.indexOf('\r\n\r\n');
  return {
    text,
    head: end === -1 ? text : text.slice(0, end),
    body: end === -1 ? '' : text.slice(end + 4),
    utf8: end === -1 ? '' : Buffer.from(text.slice(end + 4), 'latin1').toString('utf8'),
    error,
  };
}

/** A response header from a raw head, lower-cased name; `undefined` when absent. */
export function rawHeader(head: string, name: string): string | undefined {
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(line.indexOf(':') + 1).trim();
}

/** Every value of a (repeatable) response header in a raw head, one per line as sent. */
export function rawHeaders(head: string, name: string): string[] {
  return head
    .split('\r\n')
    .filter((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((l) => l.slice(l.indexOf(':') + 1).trim());
}

/** An `http.request` that resolves the response with its full body. */
export function request(
  url: string,
  options: http.RequestOptions = {},
  body?: string | Buffer,
): Promise<{ res: http.IncomingMessage; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}
