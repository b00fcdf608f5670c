import http from 'node:http';
import net from 'node:net';

export { ALL_HOSTS, FRAMEWORK_HOSTS, isExpress, serve, type Served } from '../hosts/support';

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
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
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
