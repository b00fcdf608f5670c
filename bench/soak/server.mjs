// The app under soak, in its own process (forked by bench/soak/run.mjs): Express 5 with
// astro-bridge from dist/, on 127.0.0.1. Reports its counters, RSS, heap and live resources
// over IPC on request ('stats'; with 'gc' first when run with --expose-gc). With
// SOAK_REDIS_URL set, sessions live in that Redis (`timeout`: SOAK_SESSION_TIMEOUT ms) for the
// Redis stop/restart run (bench/soak/redis-outage.mjs).
import http from 'node:http';
import express from 'express';
import { renderer } from '../../dist/express.mjs';
import { sequence } from '../../dist/index.mjs';

const counters = { started: 0, cancelled: 0, finished: 0 };
const CHUNK = new Uint8Array(64 * 1024).fill(97);

// A stream that makes a chunk only when pulled, and counts its cancellation.
function counted(total) {
  let sent = 0;
  counters.started++;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) {
        counters.finished++;
        return controller.close();
      }
      sent += CHUNK.byteLength;
      controller.enqueue(CHUNK);
    },
    cancel() {
      counters.cancelled++;
    },
  }, { highWaterMark: 0 });
}

const guard = (context, next) => {
  if (context.url.pathname.startsWith('/admin')) return new Response('no', { status: 403 });
  // Middleware that never resolves: the `timeout` option answers 503 for it.
  if (context.url.pathname === '/stuck') return new Promise(() => {});
  return next();
};
const decorate = async (context, next) => {
  context.locals.seen = (context.cookies.get('visits')?.number() ?? 0) + 1;
  const response = await next();
  response.headers.set('x-seen', String(context.locals.seen));
  return response;
};

const routes = {
  '/stream/[size]': { GET: ({ params }) => new Response(counted(Number(params.size)), { headers: { 'content-type': 'application/octet-stream' } }) },
  '/throw-before': { GET: () => { throw new Error('thrown before headers'); } },
  '/throw-after': {
    GET: () => {
      let n = 0;
      return new Response(new ReadableStream({ pull(c) { if (n++ === 0) c.enqueue(CHUNK); else c.error(new Error('stream failed mid-way')); } }));
    },
  },
  '/[lang]/page': {
    GET: async (context) => {
      context.cookies.set('visits', String(context.locals.seen), { path: '/' });
      const count = ((await context.session.get('count')) ?? 0) + 1;
      context.session.set('count', count);
      return Response.json({ lang: context.params.lang, locale: context.preferredLocale, count });
    },
  },
  '/form': { POST: async ({ request }) => Response.json(Object.fromEntries(await request.formData())) },
  // One write per request into the caller's session (a read-merge-write of the whole record).
  '/session/write/[key]': { POST: ({ session, params }) => (session.set(params.key, 1), new Response('saved')) },
  '/session/keys': { GET: async ({ session }) => Response.json([...(await session.keys())]) },
};

const app = express();
app.use(renderer({
  routes,
  middleware: sequence(guard, decorate),
  session: process.env.SOAK_REDIS_URL
    ? { driver: 'redis', options: { url: process.env.SOAK_REDIS_URL, base: 'soak' }, timeout: Number(process.env.SOAK_SESSION_TIMEOUT ?? 1000) }
    : { driver: 'memory' },
  timeout: 200,
  i18n: { locales: ['en', 'fr', 'de'], defaultLocale: 'en', routing: 'manual' },
}));
app.get('/host', (_req, res) => res.send('host'));
// Express's own error page would print stacks to stderr: count instead.
let hostErrors = 0;
app.use((err, _req, res, _next) => {
  hostErrors++;
  if (res.headersSent) return res.destroy();
  res.status(err.status ?? 500).end(err.name);
});

const server = http.createServer(app);
server.keepAliveTimeout = 5000;
server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));

process.on('message', (message) => {
  if (message === 'gc') globalThis.gc?.();
  if (message === 'stats' || message === 'gc') {
    const memory = process.memoryUsage();
    process.send({
      counters: { ...counters, hostErrors },
      rss: memory.rss,
      heapUsed: memory.heapUsed,
      heapTotal: memory.heapTotal,
      external: memory.external,
      arrayBuffers: memory.arrayBuffers,
      resources: process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap').length,
      connections: server._connections,
    });
  }
  if (message === 'exit') server.close(() => process.exit(0));
});
