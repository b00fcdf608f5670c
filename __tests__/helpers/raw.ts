import net from 'node:net';

// The ONE raw-socket client of the suite: bytes out exactly as given, everything the server
// sends back until it closes. The request builders below only shape the bytes and the answer.

/** Opens a raw TCP connection to `port` on 127.0.0.1. */
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
  /** Whether the server's FIN arrived (the stream ended) before the socket closed. */
  ended: boolean;
}

/**
 * Sends `request` byte for byte and collects everything until the server closes the connection
 * (send `Connection: close`, or an HTTP/1.0 request).
 */
export async function rawExchange(port: number, request: string | Buffer): Promise<RawResponse> {
  const socket = await connect(port);
  const chunks: Buffer[] = [];
  let ended = false;
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('end', () => (ended = true));
  const error = await new Promise<Error | undefined>((resolve) => {
    let err: Error | undefined;
    socket.on('error', (e) => (err = e));
    socket.on('close', () => resolve(err));
    socket.write(request);
  });
  return { ...splitRaw(Buffer.concat(chunks).toString('latin1'), error), ended };
}

export function splitRaw(text: string, error?: Error): Omit<RawResponse, 'ended'> {
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

/** The head's header lines as [lower-cased name, value] pairs, repeats kept. */
function headerPairs(head: string): [string, string][] {
  return head
    .split('\r\n')
    .slice(1)
    .map((line) => {
      const colon = line.indexOf(':');
      return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
    });
}

/** The exchange, or its socket error when the server did not end the answer cleanly. */
async function exchange(base: string, head: string): Promise<RawResponse> {
  const raw = await rawExchange(Number(new URL(base).port), head);
  if (raw.error !== undefined && !raw.ended) throw raw.error;
  return raw;
}

const statusOf = (head: string) => Number(head.split('\r\n')[0]!.split(' ')[1]);

/**
 * Sends a request line and headers exactly as given (`Connection: close`) and parses the answer:
 * what no HTTP client library lets a test send (absolute-form targets).
 */
export async function rawHttp(
  base: string,
  requestLine: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const head = [requestLine, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  const raw = await exchange(base, head);
  return { status: statusOf(raw.head), headers: Object.fromEntries(headerPairs(raw.head)), body: raw.body };
}

/** A raw `method path` request (`Host: 127.0.0.1`, `Connection: close`): status, headers (repeats kept), raw body. */
export async function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: [string, string][]; body: Buffer; raw: string }> {
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  const raw = await exchange(base, head);
  return { status: statusOf(raw.head), headers: headerPairs(raw.head), body: Buffer.from(raw.body, 'latin1'), raw: raw.text };
}

/** Every value of a header in `rawRequest`'s pairs. */
export function values(headers: [string, string][], name: string): string[] {
  return headers.filter(([n]) => n === name).map(([, v]) => v);
}
