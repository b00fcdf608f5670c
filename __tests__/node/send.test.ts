import http from 'node:http';
import zlib from 'node:zlib';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sendWebResponse } from '../../lib/hosts/node';
import { closeAll, serveHandler } from '../helpers/plain-server';
import { connect, rawExchange, rawHeader, rawHeaders, splitRaw } from '../helpers/raw';
import { deferred, waitFor, within } from '../helpers/async';
import { request } from '../helpers/http-client';

afterEach(closeAll);

// `gc()` for the memory-retention test, without a node flag for the whole suite.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const GET = 'GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n';

/** A server answering every request with `make()`, recording how sendWebResponse settled. */
async function respondWith(make: (req: http.IncomingMessage, res: http.ServerResponse) => Response | Promise<Response>) {
  const outcomes: Promise<string>[] = [];
  const served = await serveHandler(async (req, res) => {
    const response = await make(req, res);
    const sent = sendWebResponse(res, response, req.method);
    outcomes.push(sent.then(() => 'resolved', (err: Error) => `rejected: ${err.message}`));
  });
  const outcome = async () => (await waitFor(() => outcomes.length > 0, 'a request'), within(outcomes[0]!, 'sendWebResponse'));
  return { ...served, outcome };
}

/** A stream of the given chunks, closed after the last. */
function streamOf(...chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(c) {
      for (const chunk of chunks) c.enqueue(typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk);
      c.close();
    },
  });
}

/** Resolves once `count()` has stayed the same for 200 ms: the producer is no longer pulled. */
async function untilStalled(count: () => number): Promise<void> {
  let last = -1;
  let stable = 0;
  while (stable < 20) {
    await new Promise((r) => setTimeout(r, 10));
    stable = count() === last ? stable + 1 : 0;
    last = count();
  }
}

describe('status line', () => {
  const STATUSES: [number, string, string][] = [
    [418, "I'm a teapot, really", "I'm a teapot, really"],
    [201, 'Made It', 'Made It'],
    [500, '', 'Internal Server Error'], // no statusText: Node's standard reason phrase
    [299, '', 'unknown'],
  ];
  test.each(STATUSES)('%i %j → %j', async (status, statusText, expected) => {
    const { url } = await respondWith(() => new Response('x', { status, statusText }));
    const { res } = await request(url);
    expect([res.statusCode, res.statusMessage]).toEqual([status, expected]);
  });
});

describe('Set-Cookie', () => {
  test('every cookie on its own line, after those already on res', async () => {
    const { port } = await respondWith((_req, res) => {
      res.setHeader('set-cookie', ['host=1']);
      const headers = new Headers();
      headers.append('set-cookie', 'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/');
      headers.append('set-cookie', 'b=2');
      return new Response('ok', { headers });
    });
    const { head } = await rawExchange(port, GET);
    expect(rawHeaders(head, 'set-cookie')).toEqual(['host=1', 'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT; Path=/', 'b=2']);
  });

  test('a Response without cookies keeps the ones on res', async () => {
    const { port } = await respondWith((_req, res) => {
      res.setHeader('set-cookie', ['host=1', 'host=2']);
      return new Response('ok');
    });
    const { head } = await rawExchange(port, GET);
    expect(rawHeaders(head, 'set-cookie')).toEqual(['host=1', 'host=2']);
  });
});

describe('a body in one piece is sent with Content-Length, not chunked', () => {
  const bytes = new Uint8Array([104, 105, 0, 255]);
  const BODIES: [string, () => BodyInit, string][] = [
    ['string', () => 'hello', 'hello'],
    ['multi-byte string (bytes, not characters)', () => 'héllo ✓', 'héllo ✓'],
    ['Uint8Array', () => bytes, Buffer.from(bytes).toString('latin1')],
    ['ArrayBuffer', () => bytes.slice().buffer, Buffer.from(bytes).toString('latin1')],
    ['URLSearchParams', () => new URLSearchParams({ a: '1', b: 'x y' }), 'a=1&b=x+y'],
    ['a stream that has its only chunk ready', () => streamOf('ready'), 'ready'],
  ];
  test.each(BODIES)('%s', async (name, body, expected) => {
    const { port, outcome } = await respondWith(() => new Response(body()));
    const raw = await rawExchange(port, GET);
    const expectedBytes = Buffer.from(expected, name.startsWith('multi') ? 'utf8' : 'latin1');
    expect(rawHeader(raw.head, 'content-length')).toBe(String(expectedBytes.length));
    expect(rawHeader(raw.head, 'transfer-encoding')).toBeUndefined();
    expect(Buffer.from(raw.body, 'latin1')).toEqual(expectedBytes);
    expect(await outcome()).toBe('resolved');
  });
});

describe('an empty body gets Content-Length: 0', () => {
  const EMPTY: [string, () => Response][] = [
    ['null body', () => new Response(null)],
    ['empty string', () => new Response('')],
    ['empty bytes', () => new Response(new Uint8Array(0))],
    ['a stream that closes at once', () => new Response(streamOf())],
    ['null body, status 404', () => new Response(null, { status: 404 })],
  ];
  test.each(EMPTY)('%s', async (_name, make) => {
    const { port } = await respondWith(make);
    const raw = await rawExchange(port, GET);
    expect(rawHeader(raw.head, 'content-length')).toBe('0');
    expect(rawHeader(raw.head, 'transfer-encoding')).toBeUndefined();
    expect(raw.body).toBe('');
  });
});

describe('responses without a body', () => {
  const NO_BODY: [string, string, () => Response][] = [
    ['HEAD', 'HEAD', () => new Response('hello')],
    ['204', 'GET', () => new Response(null, { status: 204 })],
    ['304', 'GET', () => new Response(null, { status: 304, headers: { etag: '"x"' } })],
  ];
  test.each(NO_BODY)('%s sends no body', async (name, method, make) => {
    const { port, outcome } = await respondWith(make);
    const raw = await rawExchange(port, `${method} / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
    expect(raw.body).toBe('');
    expect(rawHeader(raw.head, 'transfer-encoding')).toBeUndefined();
    if (name !== 'HEAD') expect(rawHeader(raw.head, 'content-length')).toBeUndefined();
    expect(await outcome()).toBe('resolved');
  });

  test('HEAD cancels a streamed body instead of reading it', async () => {
    const cancelled = deferred<unknown>();
    let pulls = 0;
    const { port } = await respondWith(
      () =>
        new Response(
          new ReadableStream({
            pull(c) {
              pulls++;
              c.enqueue(new Uint8Array(10));
            },
            cancel: (reason) => cancelled.resolve(reason),
          }),
        ),
    );
    const raw = await rawExchange(port, 'HEAD / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n');
    expect(raw.head).toMatch(/^HTTP\/1\.1 200/);
    expect(raw.body).toBe('');
    await within(cancelled.promise, 'cancel()');
    expect(pulls).toBeLessThanOrEqual(1); // at most the one the stream pulls on creation
  });
});

describe('streamed bodies', () => {
  test('the first chunk reaches the client before the stream ends', async () => {
    const firstSeen = deferred();
    const { url } = await respondWith(
      () =>
        new Response(
          new ReadableStream({
            async start(c) {
              c.enqueue(new TextEncoder().encode('first;'));
              // Only the client receiving the first chunk lets the stream go on.
              await firstSeen.promise;
              c.enqueue(new TextEncoder().encode('second'));
              c.close();
            },
          }),
        ),
    );
    const body = await new Promise<{ text: string; te: string | undefined }>((resolve, reject) => {
      http.get(url, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c;
          if (text.includes('first;')) firstSeen.resolve();
        });
        res.on('end', () => resolve({ text, te: res.headers['transfer-encoding'] }));
      }).on('error', reject);
    });
    expect(body).toEqual({ text: 'first;second', te: 'chunked' });
  });

  test('a client that does not read makes the server stop pulling (backpressure)', async () => {
    const CHUNK = 64 * 1024;
    const TOTAL = 1024; // 64 MiB
    const chunk = new Uint8Array(CHUNK).fill(120);
    let pulls = 0;
    const { port, outcome } = await respondWith(
      () =>
        new Response(
          new ReadableStream({
            pull(c) {
              if (pulls === TOTAL) return c.close();
              pulls++;
              c.enqueue(chunk);
            },
          }),
        ),
    );
    const socket = await connect(port);
    socket.pause(); // read nothing
    socket.write(GET);
    await untilStalled(() => pulls);
    expect(pulls).toBeLessThan(TOTAL / 4);

    // Reading again resumes the stream to the end.
    let received = 0;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('data', (c: Buffer) => (received += c.length));
    socket.resume();
    await closed;
    expect(pulls).toBe(TOTAL);
    expect(received).toBeGreaterThan(TOTAL * CHUNK);
    expect(await outcome()).toBe('resolved');
  });

  test('a chunk already handed to the socket is not kept while a stalled client blocks the stream', async () => {
    // Each chunk a distinct allocation, watched through a WeakRef: once written to the kernel it
    // must be collectable, however long the client stalls (else slow clients multiply memory).
    const CHUNK = 64 * 1024;
    const chunks: WeakRef<Uint8Array>[] = [];
    let pulls = 0;
    const { port } = await respondWith(
      () =>
        new Response(
          new ReadableStream({
            pull(c) {
              pulls++;
              const chunk = new Uint8Array(CHUNK).fill(97);
              chunks.push(new WeakRef(chunk));
              c.enqueue(chunk);
            },
          }),
        ),
    );
    const socket = await connect(port);
    socket.pause();
    socket.write(GET);
    await untilStalled(() => pulls);
    expect(pulls).toBeGreaterThan(3); // the kernel took several chunks before the stream stalled
    gc();
    await new Promise((r) => setImmediate(r));
    gc();
    // At most the chunk in the socket's buffer and the one the stream queued ahead stay alive.
    const alive = chunks.filter((ref) => ref.deref() !== undefined).length;
    expect(alive).toBeLessThanOrEqual(2);
    expect(chunks[0]!.deref()).toBeUndefined();
    socket.destroy();
  });

  test('a client that disconnects cancels the stream', async () => {
    const cancelled = deferred<unknown>();
    const { port, outcome } = await respondWith(
      () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('tick'));
            },
            // Never ends on its own: a second chunk never comes.
            cancel: (reason) => cancelled.resolve(reason),
          }),
        ),
    );
    const socket = await connect(port);
    socket.write(GET);
    await new Promise<void>((resolve) => socket.on('data', (c: Buffer) => c.toString().includes('tick') && resolve()));
    socket.destroy();
    const reason = await within(cancelled.promise, 'cancel()');
    expect((reason as DOMException).name).toBe('AbortError');
    expect(await outcome()).toBe('resolved');
  });

  test('a client that left before sendWebResponse was called: the stream is cancelled, nothing hangs', async () => {
    const cancelled = deferred();
    const received = deferred();
    const { port, outcome } = await respondWith(async (_req, res) => {
      received.resolve();
      await new Promise((resolve) => res.once('close', resolve)); // the route is slow; the client leaves
      return new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('late'));
          },
          cancel: () => cancelled.resolve(),
        }),
      );
    });
    const socket = await connect(port);
    socket.write(GET);
    await received.promise;
    socket.destroy();
    await within(cancelled.promise, 'cancel()');
    expect(await outcome()).toBe('resolved');
  });

  test('an error after the first chunk destroys the socket: the client sees a truncated response', async () => {
    const firstSeen = deferred();
    const { port, outcome } = await respondWith(() => {
      let n = 0;
      return new Response(
        new ReadableStream({
          async pull(c) {
            if (n++ === 0) return c.enqueue(new TextEncoder().encode('partial'));
            await firstSeen.promise;
            c.error(new Error('boom'));
          },
        }),
      );
    });
    const socket = await connect(port);
    let text = '';
    socket.on('data', (c: Buffer) => {
      text += c.toString('latin1');
      if (text.includes('partial')) firstSeen.resolve();
    });
    socket.on('error', () => {});
    await new Promise<void>((resolve) => {
      socket.on('close', () => resolve());
      socket.write(GET);
    });
    const raw = splitRaw(text);
    expect(raw.head).toMatch(/^HTTP\/1\.1 200/);
    expect(rawHeader(raw.head, 'transfer-encoding')).toBe('chunked');
    expect(raw.body).toContain('partial');
    // No terminating zero-length chunk: the client cannot mistake this for a complete body.
    expect(raw.body.endsWith('0\r\n\r\n')).toBe(false);
    expect(await outcome()).toBe('rejected: boom');
  });

  test('an error before the first chunk rejects with the head not sent, so the caller can answer', async () => {
    const headersSent = deferred<boolean>();
    const { url } = await serveHandler(async (req, res) => {
      const body = new ReadableStream({
        pull(c) {
          c.error(new Error('early'));
        },
      });
      try {
        await sendWebResponse(res, new Response(body, { status: 200, headers: { 'x-from-response': '1' } }), req.method);
      } catch (err) {
        headersSent.resolve(res.headersSent);
        res.writeHead(500).end(`answered: ${(err as Error).message}`);
      }
    });
    const { res, body } = await request(url);
    expect(await headersSent.promise).toBe(false);
    expect([res.statusCode, body.toString(), res.headers['x-from-response']]).toEqual([500, 'answered: early', undefined]);
  });
});

describe('relaying a fetch() Response', () => {
  const TEXT = 'decoded text '.repeat(200);

  test('a gzip upstream is relayed decoded, without Content-Encoding and with a consistent length', async () => {
    const gz = zlib.gzipSync(TEXT);
    const upstream = await serveHandler((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip', 'content-length': gz.length, 'x-up': 'yes' });
      res.end(gz);
    });
    const { url } = await respondWith(() => fetch(upstream.url));
    // http.get does not decode: we see exactly what was sent.
    const { res, body } = await request(url);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['x-up']).toBe('yes');
    if (res.headers['content-length'] !== undefined) expect(Number(res.headers['content-length'])).toBe(body.length);
    expect(body.toString()).toBe(TEXT);
  });

  test('a chunked upstream stream is relayed intact', async () => {
    const upstream = await serveHandler((_req, res) => {
      res.write('one,');
      setImmediate(() => res.end('two'));
    });
    const { url } = await respondWith(() => fetch(upstream.url));
    const { res, body } = await request(url);
    expect(body.toString()).toBe('one,two');
    expect(res.statusCode).toBe(200);
  });

  test('zstd: Content-Encoding is kept exactly when this runtime’s fetch left the body encoded', async () => {
    const z = zlib as unknown as { zstdCompressSync?: (b: Buffer) => Buffer };
    const sent = z.zstdCompressSync ? z.zstdCompressSync(Buffer.from(TEXT)) : Buffer.from('opaque zstd bytes');
    const upstream = await serveHandler((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'zstd', 'content-length': sent.length }).end(sent);
    });
    const { url } = await respondWith(() => fetch(upstream.url));
    const { res, body } = await request(url);
    if (res.headers['content-encoding'] === 'zstd') expect(body).toEqual(sent);
    else expect(body.toString()).toBe(TEXT);
  });
});
