import http from 'node:http';
import { captureResponse, type Capture } from '../../lib/node/capture';
import { respond } from '../../lib/node/respond';
import { close, listen } from '../helpers/hosts';

// lib/node/capture.ts on a real server: a host's writes to `res` become a streamed Response.

interface ClientResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: string;
}

/**
 * Runs `handler(req, res)` for one GET on a fresh server and resolves with what the handler
 * returned (or threw) and what the client received.
 */
async function exchange<T>(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<T>): Promise<{ value: T; client: ClientResult }> {
  let outcome!: Promise<T>;
  const server = http.createServer((req, res) => {
    outcome = handler(req, res);
    outcome.catch(() => res.destroy());
  });
  const base = await listen(server);
  try {
    const client = await new Promise<ClientResult>((resolve, reject) => {
      const req = http.get(`${base}/`, { agent: false }, (res) => {
        let body = '';
        res.setEncoding('latin1');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, rawHeaders: res.rawHeaders, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
    });
    return { value: await outcome, client };
  } finally {
    await close(server);
  }
}

const KiB = 1024;
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('captureResponse', () => {
  it('write() returns false once ~64 KiB are queued; reading the body emits drain', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      const returns: boolean[] = [];
      for (let i = 0; i < 4; i++) returns.push(res.write(Buffer.alloc(16 * KiB, 97 + i)));
      let drains = 0;
      res.on('drain', () => drains++);
      await tick();
      const drainsBeforeRead = drains;
      const response = await capture.response;
      const reader = response.body!.getReader();
      const first = await reader.read();
      const drainsAfterRead = drains;
      res.end('end');
      let rest = 0;
      for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value.byteLength;
      await respond(res, new Response('final'), 'GET', capture);
      return { returns, drainsBeforeRead, drainsAfterRead, first: first.value!.byteLength, rest };
    });
    expect(value.returns).toEqual([true, true, true, false]);
    expect(value.drainsBeforeRead).toBe(0);
    expect(value.drainsAfterRead).toBe(1);
    expect(value.first).toBe(16 * KiB);
    expect(value.rest).toBe(48 * KiB + 3);
    expect(client.body).toBe('final');
  });

  it('write callbacks run, and end(cb) callbacks run once the response really finished', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      const order: string[] = [];
      res.write('a', () => order.push('write cb'));
      res.write('b', 'utf8', () => order.push('write cb (encoding)'));
      res.end('c', () => order.push('end cb'));
      await tick();
      const beforeSend = [...order];
      const response = await capture.response;
      await respond(res, response, 'GET', capture);
      await tick();
      return { beforeSend, after: order };
    });
    expect(value.beforeSend).toEqual(['write cb', 'write cb (encoding)']);
    expect(value.after).toEqual(['write cb', 'write cb (encoding)', 'end cb']);
    expect(client.body).toBe('abc');
  });

  it('writeHead with a flat array of headers keeps repeated names (two Set-Cookie lines)', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      const returned = res.writeHead(201, 'Made It', ['X-A', '1', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2']);
      res.end('body');
      const response = await capture.response;
      const seen = { status: response.status, statusText: response.statusText, a: response.headers.get('x-a'), cookies: response.headers.getSetCookie() };
      await respond(res, response, 'GET', capture);
      return { seen, chained: returned === res };
    });
    expect(value.chained).toBe(true);
    expect(value.seen).toEqual({ status: 201, statusText: 'Made It', a: '1', cookies: ['a=1', 'b=2'] });
    expect(client.status).toBe(201);
    expect(client.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(client.body).toBe('body');
  });

  it('writeHead with an object of headers, after setHeader: both kinds end up in the Response', async () => {
    const { value } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      res.setHeader('x-set', 'early');
      res.writeHead(200, { 'x-obj': '2', 'set-cookie': ['c=3', 'd=4'] }).end();
      const response = await capture.response;
      const seen = [...response.headers].filter(([n]) => n.startsWith('x-') || n === 'set-cookie');
      await respond(res, response, 'GET', capture);
      return seen;
    });
    expect(value).toEqual([
      ['set-cookie', 'c=3'],
      ['set-cookie', 'd=4'],
      ['x-obj', '2'],
      ['x-set', 'early'],
    ]);
  });

  it('headersSent is true once the host wrote a head (captured, not yet sent), and stays true after sending', async () => {
    const { value } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      const before = res.headersSent;
      res.writeHead(200, { 'content-type': 'text/plain' });
      const afterCapturedHead = res.headersSent;
      const reallySent = Boolean((res as unknown as { _header?: unknown })._header);
      res.end('x');
      await respond(res, await capture.response, 'GET', capture);
      return { before, afterCapturedHead, reallySent, afterSend: res.headersSent };
    });
    expect(value).toEqual({ before: false, afterCapturedHead: true, reallySent: false, afterSend: true });
  });

  it("discard(): the host's later writes and end are no-ops (callbacks still run); the final response goes out alone", async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      res.setHeader('set-cookie', 'host=1');
      res.write('host part 1, ');
      await capture.response;
      capture.discard();
      const results: unknown[] = [];
      let writeCb = false;
      let endCb = false;
      results.push(res.write('host part 2', () => (writeCb = true)));
      res.writeHead(418);
      results.push(res.end(() => (endCb = true)) === res);
      await tick();
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      await respond(res, new Response('middleware answer', { status: 203 }), 'GET', capture);
      return { results, writeCb, endCb };
    });
    expect(value).toEqual({ results: [true, true], writeCb: true, endCb: true });
    expect(client.status).toBe(203);
    expect(client.body).toBe('middleware answer');
    expect(client.headers['set-cookie']).toBeUndefined();
  });

  it('a null-body status (204) is a Response without a body, passed through with none', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      res.writeHead(204, { 'x-a': '1' });
      res.end();
      const response = await capture.response;
      const body = response.body;
      await respond(res, response, 'GET', capture);
      return body;
    });
    expect(value).toBeNull();
    expect(client.status).toBe(204);
    expect(client.headers['x-a']).toBe('1');
    expect(client.body).toBe('');
  });

  it('string chunks keep their encoding (latin1, hex) and an implicit 200 head comes from the first write', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      res.statusCode = 202;
      res.write('caf\xe9 ', 'latin1');
      res.end('4f4b', 'hex');
      const response = await capture.response;
      const bytes = Buffer.from(await response.clone().arrayBuffer());
      await respond(res, response, 'GET', capture);
      return { status: response.status, bytes: bytes.toString('latin1') };
    });
    expect(value).toEqual({ status: 202, bytes: 'caf\xe9 OK' });
    expect(client.status).toBe(202);
    expect(client.body).toBe('caf\xe9 OK');
  });

  it('a client that leaves before the host answers rejects the response with an AbortError', async () => {
    const server = http.createServer();
    const base = await listen(server);
    try {
      const captured = new Promise<Capture>((resolve) => server.once('request', (_req, res: http.ServerResponse) => resolve(captureResponse(res))));
      const req = http.get(`${base}/`, { agent: false });
      req.on('error', () => {});
      const capture = await captured;
      req.destroy();
      await expect(capture.response).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await close(server);
    }
  });
});

describe('captureResponse and res wrappers of other middleware', () => {
  /** A compression-style wrapper: an own `write`/`end` on `res` that transforms chunks, then calls the previous ones. */
  function wrap(res: http.ServerResponse, tag: string, seen: string[]) {
    const write = res.write;
    const end = res.end;
    const tagged = (chunk: unknown) => (chunk === undefined || typeof chunk === 'function' ? chunk : `${tag}(${String(chunk)})`);
    const wrappedWrite = function (this: http.ServerResponse, chunk: unknown, ...rest: unknown[]) {
      seen.push(String(chunk));
      return (write as (...a: unknown[]) => boolean).call(this, tagged(chunk), ...rest);
    };
    const wrappedEnd = function (this: http.ServerResponse, chunk?: unknown, ...rest: unknown[]) {
      if (chunk !== undefined && typeof chunk !== 'function') seen.push(String(chunk));
      return (end as (...a: unknown[]) => http.ServerResponse).call(this, tagged(chunk), ...rest);
    };
    res.write = wrappedWrite as typeof res.write;
    res.end = wrappedEnd as typeof res.end;
    return { wrappedWrite, wrappedEnd };
  }

  it('passThrough restores a wrapper installed before capture; queued and later chunks go through it', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const seen: string[] = [];
      const { wrappedWrite, wrappedEnd } = wrap(res, 'gz', seen);
      const capture = captureResponse(res);
      res.write('one');
      const response = await capture.response;
      const passing = respond(res, response, 'GET', capture);
      const restored = res.write === wrappedWrite && res.end === wrappedEnd && Object.prototype.hasOwnProperty.call(res, 'write');
      res.write('two');
      res.end('three');
      await passing;
      return { restored, seen };
    });
    expect(value.restored).toBe(true);
    expect(value.seen).toEqual(['one', 'two', 'three']);
    expect(client.body).toBe('gz(one)gz(two)gz(three)');
  });

  it('passThrough keeps a wrapper installed after capture (by a handler after the renderer) for later writes', async () => {
    const { value, client } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      const seen: string[] = [];
      const { wrappedWrite } = wrap(res, 'gz', seen);
      res.write('one');
      const response = await capture.response;
      const passing = respond(res, response, 'GET', capture);
      const kept = res.write === wrappedWrite;
      res.write('two');
      res.end('three');
      await passing;
      return { kept, seen };
    });
    expect(value.kept).toBe(true);
    expect(value.seen).toEqual(['one', 'two', 'three']);
    expect(client.body).toBe('gz(one)gz(two)gz(three)');
  });

  it('without any wrapper, passThrough leaves no own write/end/writeHead/headersSent on res', async () => {
    const { value } = await exchange(async (_req, res) => {
      const capture = captureResponse(res);
      res.end('x');
      await respond(res, await capture.response, 'GET', capture);
      return ['write', 'end', 'writeHead', 'headersSent'].filter((k) => Object.prototype.hasOwnProperty.call(res, k));
    });
    expect(value).toEqual([]);
  });
});
