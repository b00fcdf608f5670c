import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { sendWebResponse, toWebRequest, type ParsedBody } from '../../lib/hosts/node';
import { closeAll, serveHandler } from '../helpers/plain-server';
import { connect } from '../helpers/raw';
import { deferred, within } from '../helpers/async';
import { request } from '../helpers/http-client';
import { readBody } from '../../lib/node/request-body-read';
import { LAZY_REQUEST } from '../../lib/node/request';

afterEach(closeAll);

const ORIGIN = 'http://test.local';

/** Reads the whole request stream the way a body parser does. */
async function drain(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describe('streamed body', () => {
  test('is left in the socket until something reads it (one chunk per read)', async () => {
    const size = 4 * 1024 * 1024;
    const result = deferred<{ readBeforeText: number; length: number }>();
    const { url } = await serveHandler(async (req, res) => {
      try {
        const r = toWebRequest(req, { url: ORIGIN + req.url, res, bodyLimit: Infinity });
        const reader = r.body!.getReader();
        let length = (await reader.read()).value!.byteLength; // one chunk read, then nothing
        // Wait until Node stops reading the socket: with nobody reading, it pauses once its
        // (small) buffers are full instead of pulling the whole body into memory.
        let last = -1;
        let stable = 0;
        while (stable < 10) {
          await new Promise((resolve) => setTimeout(resolve, 10));
          stable = req.socket.bytesRead === last ? stable + 1 : 0;
          last = req.socket.bytesRead;
        }
        for (let c = await reader.read(); !c.done; c = await reader.read()) length += c.value.byteLength;
        result.resolve({ readBeforeText: last, length });
      } catch (err) {
        result.reject(err);
      }
      res.end();
    });
    const sent = request(url, { method: 'POST' }, Buffer.alloc(size, 'x'));
    const { readBeforeText, length } = await result.promise;
    await sent;
    expect(length).toBe(size);
    expect(readBeforeText).toBeLessThan(size / 4);
  });

  test('chunks reach the reader while the client is still sending', async () => {
    const firstRead = deferred<string>();
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const reader = r.body!.getReader();
      const first = await reader.read();
      firstRead.resolve(Buffer.from(first.value!).toString());
      let rest = '';
      for (let c = await reader.read(); !c.done; c = await reader.read()) rest += Buffer.from(c.value).toString();
      res.end(`rest:${rest}`);
    });
    const done = deferred<string>();
    const client = http.request(url, { method: 'POST' }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c));
      res.on('end', () => done.resolve(text));
    });
    client.write('first');
    // The server sees the first chunk although the request body has not ended.
    expect(await firstRead.promise).toBe('first');
    client.end('second');
    expect(await done.promise).toBe('rest:second');
  });

  const FORMS: [string, string, string, (r: Request) => Promise<unknown>, unknown][] = [
    ['text()', 'text/plain', 'héllo wörld', (r) => r.text(), 'héllo wörld'],
    ['json()', 'application/json', '{"a":[1,2],"b":{"c":null}}', (r) => r.json(), { a: [1, 2], b: { c: null } }],
    ['arrayBuffer()', 'application/octet-stream', 'AB\u0000C', async (r) => [...new Uint8Array(await r.arrayBuffer())], [65, 66, 0, 67]],
    [
      'formData() (urlencoded)',
      'application/x-www-form-urlencoded',
      'a=1&a=2&b=x+y&c=%26',
      async (r) => [...(await r.formData()).entries()],
      [['a', '1'], ['a', '2'], ['b', 'x y'], ['c', '&']],
    ],
  ];
  test.each(FORMS)('%s reads the socket body', async (_name, type, payload, read, expected) => {
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      await sendWebResponse(res, Response.json(await read(r)), req.method);
    });
    const { body } = await request(url, { method: 'POST', headers: { 'content-type': type } }, payload);
    expect(JSON.parse(body.toString())).toEqual(expected);
  });

  test('a 5 MiB body arrives intact', async () => {
    const payload = randomBytes(5 * 1024 * 1024);
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res, bodyLimit: Infinity });
      const bytes = new Uint8Array(await r.arrayBuffer());
      res.end(`${bytes.byteLength} ${createHash('sha256').update(bytes).digest('hex')}`);
    });
    const { body } = await request(url, { method: 'POST' }, payload);
    expect(body.toString()).toBe(`${payload.length} ${createHash('sha256').update(payload).digest('hex')}`);
  });

  test('GET and HEAD have no body', async () => {
    const seen: unknown[] = [];
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      seen.push([r.method, r.body]);
      res.end();
    });
    await request(url);
    await request(url, { method: 'HEAD' });
    expect(seen).toEqual([['GET', null], ['HEAD', null]]);
  });

  test('a client that leaves mid-body makes reading reject instead of hanging', async () => {
    const outcome = deferred<string>();
    const received = deferred();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      received.resolve();
      r.text().then(
        (t) => outcome.resolve(`resolved ${t}`),
        (err: Error) => outcome.resolve(`rejected ${err.message}`),
      );
    });
    const socket = await connect(port);
    socket.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly ten b');
    await received.promise;
    socket.destroy();
    expect(await within(outcome.promise, 'text()')).toMatch(/^rejected /);
  });
});

describe('the body stream and Node code reading req', () => {
  test('building the Request (headers, body stream) consumes nothing: Node code can still read req', async () => {
    const size = 300 * 1024;
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      void r.headers.get('content-type');
      void r.body; // created, not read
      await new Promise((resolve) => setImmediate(resolve));
      res.end(String((await drain(req)).length));
    });
    const { body } = await within(request(url, { method: 'POST' }, Buffer.alloc(size, 'b')), 'reading req');
    expect(body.toString()).toBe(String(size));
  });

  test('a body Node code consumed first reads as empty (no hang)', async () => {
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      void r.body;
      const seen = (await drain(req)).toString();
      const text = await within(r.text(), 'text()');
      res.end(JSON.stringify([seen, text]));
    });
    const { body } = await request(url, { method: 'POST' }, 'taken');
    expect(JSON.parse(body.toString())).toEqual(['taken', '']);
  });

  const AFTER: [string, (r: Request) => Promise<void>][] = [
    ['never read before', async () => {}],
    ['partially read before', async (r) => {
      const reader = r.body!.getReader();
      await reader.read();
      reader.releaseLock();
    }],
  ];
  test.each(AFTER)('reading after the response was sent rejects instead of hanging (%s)', async (_name, before) => {
    const outcome = deferred<string>();
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      await before(r);
      await sendWebResponse(res, new Response('sent'), req.method);
      const reader = r.body!.getReader();
      const drainAll = async () => {
        for (let c = await reader.read(); !c.done; c = await reader.read());
      };
      drainAll().then(
        () => outcome.resolve('resolved'),
        (err: Error) => outcome.resolve(`rejected: ${err.message}`),
      );
    });
    await request(url, { method: 'POST' }, Buffer.alloc(256 * 1024, 'c'));
    expect(await within(outcome.promise, 'reading the body')).toMatch(/^rejected: /);
  });

  test('reading after the client left rejects instead of hanging', async () => {
    const outcome = deferred<string>();
    const received = deferred();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      received.resolve();
      await new Promise((resolve) => res.once('close', resolve));
      r.text().then(
        () => outcome.resolve('resolved'),
        (err: Error) => outcome.resolve(`rejected: ${err.message}`),
      );
    });
    const socket = await connect(port);
    socket.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nten bytes.');
    await received.promise;
    socket.destroy();
    expect(await within(outcome.promise, 'text()')).toMatch(/^rejected: /);
  });
});

describe('keep-alive: a body the handler does not read to the end does not stall the connection', () => {
  const MiB = Buffer.alloc(1024 * 1024, 'a');
  const HANDLING: [string, (r: Request) => Promise<void>][] = [
    ['never touched', async () => {}],
    ['stream created, never read', async (r) => void r.body],
    ['partially read', async (r) => void (await r.body!.getReader().read())],
    ['read one chunk, then cancelled', async (r) => {
      const reader = r.body!.getReader();
      await reader.read();
      await reader.cancel();
    }],
  ];
  test.each(HANDLING)('%s', async (_name, handle) => {
    const sockets: unknown[] = [];
    const { url } = await serveHandler(async (req, res) => {
      sockets.push(req.socket);
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      if (req.method === 'POST') await handle(r);
      await sendWebResponse(res, new Response(`${req.method} ok`), req.method);
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await within(request(url, { method: 'POST', agent }, MiB), 'the POST');
      const second = await within(request(url, { agent }), 'the next request on the connection');
      expect([first.body.toString(), second.body.toString()]).toEqual(['POST ok', 'GET ok']);
      // Both went over the one kept-alive connection.
      expect(sockets).toHaveLength(2);
      expect(sockets[1]).toBe(sockets[0]);
    } finally {
      agent.destroy();
    }
  });
});

describe('pre-parsed body (a host body parser consumed the stream)', () => {
  interface Case {
    name: string;
    contentType: string;
    sent: string | Buffer;
    /** What the parser left: on `req.body` (after draining), or passed as `parsedBody`. */
    parsed: (raw: Buffer) => { reqBody: unknown } | { parsedBody: ParsedBody };
    read: (r: Request) => Promise<unknown>;
    expected: unknown;
  }
  const CASES: Case[] = [
    {
      name: 'object + JSON → JSON text',
      contentType: 'application/json',
      sent: '{ "a" : 1, "b": [true, "ü"] }',
      parsed: (raw) => ({ reqBody: JSON.parse(raw.toString()) }),
      read: (r) => r.text(),
      expected: '{"a":1,"b":[true,"ü"]}',
    },
    {
      name: 'object + urlencoded → a form (nested keys, repeated arrays)',
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
      sent: 'ignored',
      parsed: () => ({ reqBody: { a: { b: '1', c: { d: '2' } }, list: ['x', 'y'], s: 'é &' } }),
      read: async (r) => [...(await r.formData()).entries()],
      expected: [['a[b]', '1'], ['a[c][d]', '2'], ['list', 'x'], ['list', 'y'], ['s', 'é &']],
    },
    {
      name: 'Buffer → the same bytes',
      contentType: 'application/octet-stream',
      sent: Buffer.from([0, 1, 2, 255]),
      parsed: (raw) => ({ reqBody: raw }),
      read: async (r) => [...new Uint8Array(await r.arrayBuffer())],
      expected: [0, 1, 2, 255],
    },
    {
      name: 'string → text',
      contentType: 'text/plain',
      sent: 'plain ✓',
      parsed: (raw) => ({ reqBody: raw.toString() }),
      read: (r) => r.text(),
      expected: 'plain ✓',
    },
    {
      name: 'parsedBody option with raw text → the raw text, verbatim',
      contentType: 'application/json',
      sent: '{ "kept" : "as sent" }',
      parsed: (raw) => ({ parsedBody: { value: JSON.parse(raw.toString()), raw: raw.toString() } }),
      read: (r) => r.text(),
      expected: '{ "kept" : "as sent" }',
    },
    {
      name: 'parsedBody option with an object',
      contentType: 'application/json',
      sent: '{"n":1}',
      parsed: () => ({ parsedBody: { value: { n: 2 } } }),
      read: (r) => r.json(),
      expected: { n: 2 },
    },
    {
      name: 'consumed stream, nothing kept → empty body',
      contentType: 'text/plain',
      sent: 'gone',
      parsed: () => ({ reqBody: undefined }),
      read: (r) => r.text(),
      expected: '',
    },
  ];
  test.each(CASES)('$name', async ({ contentType, sent, parsed, read, expected }) => {
    const { url } = await serveHandler(async (req, res) => {
      const raw = await drain(req);
      const left = parsed(raw);
      if ('reqBody' in left) (req as { body?: unknown }).body = left.reqBody;
      const r = toWebRequest(req, { url: ORIGIN + req.url, res, parsedBody: 'parsedBody' in left ? left.parsedBody : undefined });
      const length = r.headers.get('content-length');
      const value = await read(r.clone());
      const bytes = (await r.arrayBuffer()).byteLength;
      await sendWebResponse(res, Response.json({ value, length, bytes }), req.method);
    });
    const { body } = await request(url, { method: 'POST', headers: { 'content-type': contentType } }, sent);
    const seen = JSON.parse(body.toString()) as { value: unknown; length: string | null; bytes: number };
    expect(seen.value).toEqual(expected);
    // Content-Length describes what the Request carries now (none for no body).
    expect(seen.length).toBe(seen.bytes === 0 ? null : String(seen.bytes));
  });

  test('a decoded (gzip) body loses Content-Encoding and gets its decoded length', async () => {
    const json = JSON.stringify({ big: 'z'.repeat(500) });
    const { url } = await serveHandler(async (req, res) => {
      (req as { body?: unknown }).body = JSON.parse(zlib.gunzipSync(await drain(req)).toString());
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const facts = { encoding: r.headers.get('content-encoding'), length: r.headers.get('content-length'), body: await r.text() };
      await sendWebResponse(res, Response.json(facts), req.method);
    });
    const gz = zlib.gzipSync(json);
    const { body } = await request(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } }, gz);
    expect(JSON.parse(body.toString())).toEqual({ encoding: null, length: String(json.length), body: json });
  });

  test('req.body without a consumed stream is ignored: the socket body wins', async () => {
    const { url } = await serveHandler(async (req, res) => {
      (req as { body?: unknown }).body = { set: 'by something that did not read the stream' };
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      await sendWebResponse(res, new Response(await r.text()), req.method);
    });
    const { body } = await request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, '{"from":"socket"}');
    expect(body.toString()).toBe('{"from":"socket"}');
  });
});

describe('text(), json() and arrayBuffer() read straight from req while the Request is unbuilt', () => {
  test('UTF-8 split across socket chunks is decoded whole, and a leading BOM is dropped, as undici does', async () => {
    const got = deferred<string>();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      got.resolve(await r.text());
      res.end('ok');
    });
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('é✓ünï', 'utf8')]);
    const socket = await connect(port);
    socket.write(`POST / HTTP/1.1\r\nHost: a\r\nContent-Length: ${bytes.length}\r\n\r\n`);
    socket.write(bytes.subarray(0, 6)); // ends inside the three bytes of "✓"
    await new Promise((resolve) => setTimeout(resolve, 20));
    socket.write(bytes.subarray(6));
    expect(await within(got.promise, 'text()')).toBe('é✓ünï');
    socket.destroy();
  });

  test('afterwards the body is used: bodyUsed, a second read and clone() behave as on a real Request; headers still read', async () => {
    const seen = deferred<unknown[]>();
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const first = r.json();
      // Asked again before the first resolved: refused at once, as undici does.
      const second = await r.json().then(() => 'resolved', (err: Error) => err.name);
      const data = await first;
      const third = await r.text().then(() => 'resolved', (err: Error) => err.name);
      let cloned = 'no throw';
      try {
        r.clone();
      } catch (err) {
        cloned = (err as Error).name;
      }
      seen.resolve([data, second, third, cloned, r.bodyUsed, r.headers.get('content-type'), r.method]);
      res.end('ok');
    });
    await request(url, { method: 'POST', headers: { 'content-type': 'application/json' } }, '{"a":[1,"ü"]}');
    expect(await within(seen.promise, 'the reads')).toEqual([{ a: [1, 'ü'] }, 'TypeError', 'TypeError', 'TypeError', true, 'application/json', 'POST']);
  });

  test('builds no Request for it (one is built only when something else is asked for)', async () => {
    const NodeRequest = globalThis.Request;
    let built = 0;
    globalThis.Request = class extends NodeRequest {
      constructor(...args: ConstructorParameters<typeof Request>) {
        super(...args);
        built++;
      }
    };
    try {
      // Loaded again under the counting Request: the Request the bridge builds (a subclass) counts too.
      let toWebRequestCounted!: typeof toWebRequest;
      jest.isolateModules(() => {
        toWebRequestCounted = (require('../../lib/node/request') as { toWebRequest: typeof toWebRequest }).toWebRequest;
      });
      built = 0;
      const seen = deferred<number[]>();
      const { url } = await serveHandler(async (req, res) => {
        const r = toWebRequestCounted(req, { url: ORIGIN + req.url, res });
        const data = (await r.json()) as { n: number };
        const before = built;
        void r.headers;
        seen.resolve([data.n, before, built]);
        res.end('ok');
      });
      await request(url, { method: 'POST' }, '{"n":7}');
      // Lazy: nothing built by json(), one Request once headers are asked for. Where undici
      // takes no stand-in (Node 24+) the Request exists from the start, and json() reads it.
      expect(await within(seen.promise, 'json()')).toEqual(LAZY_REQUEST ? [7, 0, 1] : [7, 1, 1]);
    } finally {
      globalThis.Request = NodeRequest;
    }
  });

  test('the Request built afterwards has the headers the client sent, no more', async () => {
    const seen = deferred<unknown[]>();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const text = await r.text();
      seen.resolve([text, [...r.headers].map(([name]) => name).sort()]);
      res.end('ok');
    });
    const socket = await connect(port);
    socket.write('POST / HTTP/1.1\r\nHost: a\r\nX-Only: 1\r\nContent-Length: 4\r\n\r\nbody');
    expect(await within(seen.promise, 'text()')).toEqual(['body', ['content-length', 'host', 'x-only']]);
    socket.destroy();
  });

  test('a req that Node code paused is resumed, not waited on forever', async () => {
    const seen = deferred<string>();
    const { url } = await serveHandler(async (req, res) => {
      req.pause();
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      seen.resolve(await within(r.text(), 'text() of a paused req'));
      res.end('ok');
    });
    await request(url, { method: 'POST' }, 'paused body');
    expect(await within(seen.promise, 'text()')).toBe('paused body');
  });

  test('invalid JSON rejects with InvalidRequestBody (status 400: the client sent it), not a SyntaxError', async () => {
    const seen = deferred<string>();
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      seen.resolve(await r.json().then(() => 'resolved', (err: Error & { status?: number }) => `${err.name} ${err.status}`));
      res.end('ok');
    });
    await request(url, { method: 'POST' }, '{"a":');
    expect(await within(seen.promise, 'json()')).toBe('InvalidRequestBody 400');
  });

  test('arrayBuffer() is an ArrayBuffer of exactly the body, empty for an empty body', async () => {
    const sizes: number[] = [];
    const { url } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      const buffer = await r.arrayBuffer();
      sizes.push(buffer instanceof ArrayBuffer ? buffer.byteLength : -1);
      res.end(Buffer.from(buffer));
    });
    const payload = randomBytes(200 * 1024);
    const { body } = await request(url, { method: 'POST' }, payload);
    expect(body.equals(payload)).toBe(true);
    await request(url, { method: 'POST' }, '');
    expect(sizes).toEqual([payload.length, 0]);
  });

  test('a read still waiting when the response is sent rejects, and the kept-alive connection serves the next request', async () => {
    const outcome = deferred<string>();
    const sockets: unknown[] = [];
    const { url } = await serveHandler(async (req, res) => {
      sockets.push(req.socket);
      if (req.method !== 'POST') return void res.end('GET ok');
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      r.text().then(
        () => outcome.resolve('resolved'),
        (err: Error) => outcome.resolve(`rejected: ${err.message}`),
      );
      res.end('POST ok');
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const first = await within(request(url, { method: 'POST', agent }, Buffer.alloc(1024 * 1024, 'p')), 'the POST');
      const second = await within(request(url, { agent }), 'the next request on the connection');
      expect([first.body.toString(), second.body.toString()]).toEqual(['POST ok', 'GET ok']);
      expect(sockets[1]).toBe(sockets[0]);
      expect(await within(outcome.promise, 'text()')).toBe('rejected: The response was sent before the request body was read.');
    } finally {
      agent.destroy();
    }
  });

  test('a read started after the response was sent rejects, never resolving with the part of the body still to come', async () => {
    const outcome = deferred<string>();
    const reading = deferred();
    const { port } = await serveHandler(async (req, res) => {
      const r = toWebRequest(req, { url: ORIGIN + req.url, res });
      await sendWebResponse(res, new Response('sent'), req.method);
      if (!res.writableFinished) await new Promise((resolve) => res.once('finish', resolve));
      r.text().then(
        (text) => outcome.resolve(`resolved with ${JSON.stringify(text)}`),
        (err: Error) => outcome.resolve(`rejected: ${err.message}`),
      );
      reading.resolve();
    });
    const socket = await connect(port);
    socket.write('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 20\r\n\r\nfirst half');
    await within(reading.promise, 'the response');
    socket.write('second hal'); // arrives while text() is pending: Node discards it, so must we
    expect(await within(outcome.promise, 'text()')).toBe('rejected: The response was sent before the request body was read.');
    socket.destroy();
  });

  test('readBody() of a body Node code already read to the end is empty', async () => {
    const seen = deferred<number>();
    const { url } = await serveHandler(async (req, res) => {
      await drain(req);
      seen.resolve((await readBody(req, res)).byteLength);
      res.end('ok');
    });
    await request(url, { method: 'POST' }, 'gone');
    expect(await within(seen.promise, 'readBody()')).toBe(0);
  });
});
