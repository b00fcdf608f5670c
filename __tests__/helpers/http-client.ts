import http from 'node:http';

// node:http client calls for what supertest buffers or normalises away.

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
