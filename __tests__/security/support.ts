import http from 'node:http';
import net from 'node:net';

export { ALL_HOSTS, FRAMEWORK_HOSTS, describeEachHost, isExpress, serve, type Served } from '../helpers/hosts';

export interface RawAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Sends `target` exactly as given (no client-side normalisation: `..`, `\`, `%2e` stay) over a
 * fresh socket and reads the whole answer.
 */
export function rawGet(base: string, target: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawAnswer> {
  const { port } = new URL(base);
  const hostLine = Object.keys(headers).some((k) => k.toLowerCase() === 'host') ? [] : [`Host: 127.0.0.1:${port}`];
  const lines = [`${method} ${target} HTTP/1.1`, ...hostLine, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(lines.join('\r\n')));
    let text = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...rest] = text.slice(0, split).split('\r\n');
      const parsed: Record<string, string> = {};
      for (const line of rest) {
        const colon = line.indexOf(':');
        parsed[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: text.slice(split + 4) });
    });
  });
}

/**
 * Follows same-origin redirects (at most 5) the way a browser would resolve their Location,
 * and fails the test if one leaves the origin. Resolves with every answer on the way.
 */
export async function follow(base: string, target: string): Promise<RawAnswer[]> {
  const answers: RawAnswer[] = [];
  let next = target;
  for (let i = 0; i < 5; i++) {
    const answer = await rawGet(base, next);
    answers.push(answer);
    const location = answer.headers.location;
    if (answer.status < 300 || answer.status > 399 || location === undefined) return answers;
    const url = new URL(location, `${base}${next.startsWith('/') ? '' : '/'}`);
    if (url.origin !== base) throw new Error(`redirect off-site: ${location}`);
    next = url.pathname + url.search;
  }
  return answers;
}

export const ignore = (_: unknown) => undefined;
export type { http };

export interface Upload {
  status: number;
  body: string;
  /** Body bytes written before the server's answer arrived. */
  sentBeforeAnswer: number;
}

/**
 * A POST that keeps sending `chunk` (chunked, or under a declared Content-Length) until the
 * server answers or `total` bytes went out, then waits for the server to close the connection
 * (it must: the rest of the body is not worth reading). No `Connection: close` from the client.
 */
export function upload(base: string, path: string, opts: { total: number; contentLength?: number; headers?: Record<string, string>; chunk?: Buffer; send?: number }): Promise<Upload> {
  const { port } = new URL(base);
  const chunk = opts.chunk ?? Buffer.alloc(512, 'a');
  const head = [`POST ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`)];
  head.push(opts.contentLength === undefined ? 'Transfer-Encoding: chunked' : `Content-Length: ${opts.contentLength}`);
  const chunked = opts.contentLength === undefined;
  const limit = opts.send ?? opts.total;
  return new Promise((resolve, reject) => {
    let text = '';
    let sent = 0;
    let sentBeforeAnswer = -1;
    const socket = net.connect(Number(port), '127.0.0.1');
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      if (sentBeforeAnswer === -1) sentBeforeAnswer = sent;
      text += data;
    });
    socket.on('error', () => {}); // EPIPE/ECONNRESET once the server closed: expected
    socket.on('close', () => {
      if (text === '') return reject(new Error('the server closed without answering'));
      const split = text.indexOf('\r\n\r\n');
      resolve({ status: Number(text.slice(9, 12)), body: text.slice(split + 4), sentBeforeAnswer });
    });
    const pump = () => {
      while (sentBeforeAnswer === -1 && sent < limit && !socket.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, limit - sent));
        sent += piece.length;
        const ok = socket.write(chunked ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]) : piece);
        if (!ok) return void socket.once('drain', () => setImmediate(pump));
        return void setImmediate(pump);
      }
      if (sent >= limit && chunked && opts.send === undefined && sentBeforeAnswer === -1 && !socket.destroyed) socket.write('0\r\n\r\n');
    };
    socket.on('connect', () => {
      socket.write(`${head.join('\r\n')}\r\n\r\n`);
      pump();
    });
  });
}
