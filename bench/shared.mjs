// What every variant serves, and the raw node:http handlers that raw node:http and
// "Express + raw res.writeHead/end" (Express's base cost) share.
import { parse as parseCookie } from 'cookie';
import Negotiator from 'negotiator';
import { Readable } from 'node:stream';

export const LOCALES = ['en', 'fr', 'de'];
export const USER = { id: 42, name: 'Ada', roles: ['admin', 'editor'] };

/** Scenario 3: 1 MiB in 64 KiB chunks (one shared, pre-filled chunk: the bench measures the plumbing). */
export const CHUNK_SIZE = 64 * 1024;
export const STREAM_CHUNKS = 16;
export const CHUNK = Buffer.alloc(CHUNK_SIZE, 0x61);

/** The slow-client scenario: 10 MiB in 64 KiB chunks, each a fresh allocation (so what is retained shows in RSS). */
export const BIG_CHUNKS = 160;
export function freshChunk() {
  return Buffer.alloc(CHUNK_SIZE, 0x62);
}

/** Chunk sources, pull-based (a chunk is made only when the consumer asks for one). */
export function webStream(count, make) {
  let i = 0;
  return new ReadableStream({
    pull(controller) {
      if (globalThis.__benchAbort) return controller.error(new Error('RSS cap exceeded'));
      controller.enqueue(make());
      if (++i === count) controller.close();
    },
  });
}

export async function* chunks(count, make) {
  for (let i = 0; i < count; i++) {
    if (globalThis.__benchAbort) throw new Error('RSS cap exceeded');
    yield make();
  }
}

/** A classic node Readable (byte mode, default 16 KiB highWaterMark): what Express and Koa apps pipe. */
export function nodeStream(count, make) {
  let i = 0;
  return new Readable({
    read() {
      if (globalThis.__benchAbort) return this.destroy(new Error('RSS cap exceeded'));
      this.push(i++ < count ? make() : null);
    },
  });
}

/** Writes `count` chunks to a ServerResponse, waiting for 'drain' whenever write() says so. */
export function writeChunks(res, count, make) {
  let i = 0;
  const write = () => {
    while (i < count) {
      if (globalThis.__benchAbort) return res.destroy();
      i++;
      if (!res.write(make())) return void res.once('drain', write);
    }
    res.end();
  };
  write();
}

export const sharedChunk = () => CHUNK;

// ---------------------------------------------------------------------------------------------
// Raw node:http handlers: (req, res). Used as-is by the `node` variant and behind Express by
// `express-raw`.

export const raw = {
  hello(req, res) {
    const q = req.url.indexOf('?');
    const name = new URLSearchParams(q === -1 ? '' : req.url.slice(q + 1)).get('name');
    res.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'x-bench': 'hello',
      'set-cookie': 'seen=1; Path=/; HttpOnly',
    });
    res.end(`Hello, ${name}!`);
  },

  middleware(req, res) {
    const locals = {};
    locals.session = parseCookie(req.headers.cookie ?? '').session;
    locals.locale = new Negotiator(req).language(LOCALES) ?? 'en';
    locals.user = USER;
    const body = JSON.stringify({ session: locals.session, locale: locals.locale, user: locals.user });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  },

  stream(req, res) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    writeChunks(res, STREAM_CHUNKS, sharedChunk);
  },

  post(req, res) {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const data = JSON.parse(Buffer.concat(parts).toString('utf8'));
      const body = JSON.stringify({ received: data.items.length });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  },

  rss(req, res) {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    writeChunks(res, BIG_CHUNKS, freshChunk);
  },
};

/** The plain host route of the fall-through scenario (Express): what runs after the middleware. */
export function fallThroughRoute(req, res) {
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end('fell through');
}

/** Fetch-API versions of the scenarios, for the fetch-based peers (hono has its own). */
export function fetchHandlers(Response) {
  const text = { 'content-type': 'text/plain; charset=utf-8' };
  const octets = { 'content-type': 'application/octet-stream' };
  return {
    hello(request) {
      const name = new URL(request.url).searchParams.get('name');
      return new Response(`Hello, ${name}!`, {
        headers: { ...text, 'x-bench': 'hello', 'set-cookie': 'seen=1; Path=/; HttpOnly' },
      });
    },
    /** Three middlewares `(request, locals, next)`, composed the plain way a fetch app would. */
    middleware: compose(
      [
        (request, locals, next) => {
          locals.session = parseCookie(request.headers.get('cookie') ?? '').session;
          return next();
        },
        (request, locals, next) => {
          const header = request.headers.get('accept-language') ?? undefined;
          locals.locale = new Negotiator({ headers: { 'accept-language': header } }).language(LOCALES) ?? 'en';
          return next();
        },
        (request, locals, next) => {
          locals.user = USER;
          return next();
        },
      ],
      (request, locals) => Response.json({ session: locals.session, locale: locals.locale, user: locals.user }),
    ),
    stream: () => new Response(webStream(STREAM_CHUNKS, sharedChunk), { headers: octets }),
    async post(request) {
      const data = await request.json();
      return Response.json({ received: data.items.length });
    },
    rss: () => new Response(webStream(BIG_CHUNKS, freshChunk), { headers: octets }),
  };
}

function compose(middlewares, handler) {
  return (request) => {
    const locals = {};
    const run = (i) => (i === middlewares.length ? handler(request, locals) : middlewares[i](request, locals, () => run(i + 1)));
    return run(0);
  };
}

/** The path each scenario's requests go to. */
export const PATHS = {
  hello: '/hello',
  middleware: '/api/me',
  stream: '/stream',
  post: '/echo',
  fallthrough: '/ft',
  rss: '/big',
};

/** The POST scenario's body: JSON of exactly 16 KiB, and how many items it holds. */
export function postBody() {
  const items = [];
  let json = '';
  for (let i = 0; ; i++) {
    items.push({ id: i, name: `item-${i}`, tags: ['alpha', 'beta'], price: i * 1.25, inStock: i % 2 === 0 });
    const next = JSON.stringify({ items });
    if (next.length > 16 * 1024 - 64) break;
    json = next;
  }
  const data = JSON.parse(json);
  // Pad to exactly 16 KiB.
  const bare = JSON.stringify({ ...data, pad: '' });
  data.pad = 'x'.repeat(16 * 1024 - bare.length);
  return { text: JSON.stringify(data), count: data.items.length };
}
