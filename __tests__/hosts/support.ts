import http from 'node:http';
import net from 'node:net';
import { close, listen, mount, type HostName, type MountOptions } from '../helpers/hosts';
import type { RendererOptions } from '../../lib/types';

export { EXPRESS_HOSTS, FRAMEWORK_HOSTS, KOA_HOSTS } from '../helpers/hosts';

/** Every host, the plain node:http listener included. */
export const ALL_HOSTS = ['express4', 'express5', 'koa2', 'koa3', 'node'] as const;

export function isExpress(host: HostName): host is 'express4' | 'express5' {
  return host === 'express4' || host === 'express5';
}

export interface Served {
  server: http.Server;
  /** `http://127.0.0.1:<port>`: hand it to supertest (`request(base)`). */
  base: string;
  close(): Promise<void>;
}

/** Mounts `options` in `host` and starts listening on 127.0.0.1. */
export async function serve(host: HostName, options: RendererOptions, extra?: MountOptions): Promise<Served> {
  const server = mount(host, options, extra);
  const base = await listen(server);
  return { server, base, close: () => close(server) };
}

/** A deferred: a promise plus the function that resolves it. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** A raw GET (no buffering, no agent): resolves with the response as soon as its head arrives. */
export function rawGet(base: string, path: string): Promise<{ req: http.ClientRequest; res: http.IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { agent: false }, (res) => resolve({ req, res }));
    req.on('error', reject);
  });
}

/** A GET with `path` sent exactly as given (no client-side URL normalisation); resolves with status and text. */
export function rawPath(base: string, path: string): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.get({ hostname, port, path, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
  });
}

/**
 * Sends a request line and headers exactly as given over a fresh socket (`Connection: close`)
 * and parses the answer: what no HTTP client library lets a test send (absolute-form targets).
 */
export function rawHttp(
  base: string,
  requestLine: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { port } = new URL(base);
  const head = [requestLine, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(head));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = text.slice(0, split).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: text.slice(split + 4) });
    });
  });
}

/** Resolves with the next `data` chunk of `res` (as text). */
export function nextChunk(res: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    res.once('data', (chunk: Buffer) => resolve(chunk.toString()));
    res.once('error', reject);
  });
}

/**
 * Reads the rest of `res`. `complete` is false when the server cut the connection before the
 * message ended (a truncated chunked body).
 */
export function rest(res: http.IncomingMessage): Promise<{ text: string; complete: boolean }> {
  return new Promise((resolve) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('error', () => {});
    res.once('close', () => resolve({ text, complete: res.complete }));
  });
}
