// `npm run soak`: faults and load on loopback, bounded (about 3 minutes), never part of the
// unit tests. The app runs in its own process (bench/soak/server.mjs, Express 5 + dist/);
// this one drives it and prints the figures (Markdown, for bench/RESULTS.md).
//
//   npm run build && npm run soak            SOAK_SECONDS=60 by default
import { fork } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import autocannon from 'autocannon';
import { redisOutage } from './redis-outage.mjs';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 60);
const server = fork(new URL('./server.mjs', import.meta.url), { execArgv: ['--expose-gc'] });
const port = await new Promise((resolve) => server.once('message', (m) => resolve(m.port)));
const ask = (what) => new Promise((resolve) => { server.once('message', resolve); server.send(what); });
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));
const MiB = (n) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const lines = [];
const say = (line) => { lines.push(line); console.log(line); };

/** Opens GET `path`, and destroys the socket as soon as the first body byte arrives. */
function disconnectMidStream(path) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1', 0, Math.min(chunk.length, 512));
      if (head.includes('\r\n\r\n')) socket.destroy();
    });
    socket.on('close', resolve);
    socket.on('error', () => {});
  });
}

async function pool(total, concurrency, task) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < total) await task(next++); }));
}

function get(path) {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode, complete: true }));
      res.on('error', () => resolve({ status: res.statusCode, complete: false }));
      res.on('aborted', () => resolve({ status: res.statusCode, complete: false }));
    });
    req.on('error', () => resolve({ status: 0, complete: false }));
  });
}

say(`## Soak and fault runs (\`npm run soak\`)`);
say('');
say(`- Date: ${new Date().toISOString()}; Node ${process.version}, ${process.platform} ${process.arch}; app: Express 5 + astro-bridge (dist/), middleware (guard + decorate), cookies, memory sessions, i18n; loopback only.`);
say('');

// 1. 10,000 clients disconnecting mid-stream.
const before = await ask('gc');
await pool(10_000, 100, () => disconnectMidStream('/stream/104857600'));
await settle();
const after = await ask('gc');
const started = after.counters.started - before.counters.started;
const cancelled = after.counters.cancelled - before.counters.cancelled;
say(`| run | figures |`);
say(`| --- | --- |`);
say(`| 10,000 mid-stream disconnects (100 MiB streams, 100 at a time) | streams started ${started}, cancelled ${cancelled}; heap ${MiB(before.heapUsed)} → ${MiB(after.heapUsed)}; live resources ${before.resources} → ${after.resources}; open connections ${after.connections} |`);

// 2. 1,000 slow clients on a 10 MiB stream: each reads 64 KiB, then stops reading.
const slowBefore = await ask('gc');
const sockets = [];
let peak = slowBefore.rss;
await pool(1000, 200, () => new Promise((resolve) => {
  const socket = net.connect(port, '127.0.0.1', () => socket.write(`GET /stream/10485760 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`));
  sockets.push(socket);
  let got = 0;
  socket.on('data', (chunk) => {
    got += chunk.length;
    if (got >= 64 * 1024) { socket.pause(); resolve(); }
  });
  socket.on('error', resolve);
}));
for (let i = 0; i < 6; i++) {
  await settle();
  peak = Math.max(peak, (await ask('stats')).rss);
}
for (const socket of sockets) socket.destroy();
await settle();
const slowAfter = await ask('gc');
say(`| 1,000 slow clients on 10 MiB (each read 64 KiB, then stalled for 3 s) | RSS ${MiB(slowBefore.rss)} before, peak ${MiB(peak)} (+${MiB(peak - slowBefore.rss)}), ${MiB(slowAfter.rss)} after; cancelled ${slowAfter.counters.cancelled - slowBefore.counters.cancelled} of ${slowAfter.counters.started - slowBefore.counters.started} |`);

// 3. Handlers that throw before and after the head; a body stream that errors.
const faults = { before: new Map(), after: new Map() };
await pool(1000, 50, async (i) => {
  const kind = i % 2 ? 'before' : 'after';
  const { status, complete } = await get(`/throw-${kind}`);
  const key = `${status}${complete ? '' : ' (cut)'}`;
  faults[kind].set(key, (faults[kind].get(key) ?? 0) + 1);
});
const fmt = (m) => [...m].map(([k, v]) => `${k}: ${v}`).join(', ');
const faultStats = await ask('gc');
say(`| 1,000 faulting handlers (500 throw before the head, 500 stream an error after it) | before: ${fmt(faults.before)}; after: ${fmt(faults.after)}; live resources after ${faultStats.resources}, open connections ${faultStats.connections} |`);

// 3b. Middleware that never resolves, with `timeout: 200`: 503s, and nothing left behind.
const stuckBefore = await ask('gc');
const stuck = new Map();
await pool(1000, 100, async () => {
  const { status } = await get('/stuck');
  stuck.set(status, (stuck.get(status) ?? 0) + 1);
});
await settle();
const stuckAfter = await ask('gc');
say(`| 1,000 requests to middleware that never resolves (\`timeout: 200\`) | ${fmt(stuck)}; heap ${MiB(stuckBefore.heapUsed)} → ${MiB(stuckAfter.heapUsed)}; live resources ${stuckBefore.resources} → ${stuckAfter.resources}, open connections ${stuckAfter.connections} |`);

// 4. A realistic app at full speed for SOAK_SECONDS. One visitor's session cookie on every page
// request (a client without cookies would make a new memory session per request: growth that is
// data, not a leak).
const session = await new Promise((resolve) => http.get({ host: '127.0.0.1', port, path: '/en/page', agent: false }, (res) => {
  res.resume();
  resolve((res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).find((c) => c.startsWith('astro-session=')));
}));
const statuses = new Map();
const run = (duration) => new Promise((resolve) => {
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: 20,
    duration,
    requests: [
      { method: 'GET', path: '/fr/page', headers: { 'accept-language': 'de;q=0.8, fr', cookie: `visits=3; ${session}` } },
      { method: 'GET', path: '/admin/x' },
      { method: 'GET', path: '/host' },
      { method: 'POST', path: '/form', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: 'a=1&b=2' },
    ],
  }, (err, result) => resolve(result));
  instance.on('response', (_client, status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
});
await run(5); // warm-up
const warm = await ask('gc');
statuses.clear();
// Memory every 5 s while it runs (no GC forced: what the process holds under load), then after
// a forced GC at the end, and again after 5 s idle: growth that a GC does not take back and that
// keeps rising from sample to sample would be a leak; a plateau is the allocators' high-water mark.
const samples = [{ t: 0, ...warm }];
const soakStart = Date.now();
const sampler = setInterval(async () => samples.push({ t: Math.round((Date.now() - soakStart) / 1000), ...(await ask('stats')) }), 5000);
const soak = await run(SOAK_SECONDS);
clearInterval(sampler);
await settle();
const end = await ask('gc');
await new Promise((resolve) => setTimeout(resolve, 5000));
const idle = await ask('gc');
const pct = (now, then) => `${now >= then ? '+' : ''}${((now / then - 1) * 100).toFixed(1)} %`;
const unexpected = [...statuses].filter(([s]) => s !== 200 && s !== 403);
say(`| ${SOAK_SECONDS} s soak, 20 connections (page reading and writing one session + cookies + i18n, guarded path, host route, form post) | ${soak.requests.total} requests (${Math.round(soak.requests.average)} req/s), statuses ${fmt(statuses)}, unexpected ${unexpected.length === 0 ? 'none' : fmt(new Map(unexpected))}, errors ${soak.errors}, timeouts ${soak.timeouts}; RSS after warm-up ${MiB(warm.rss)}, at the end ${MiB(end.rss)} (${pct(end.rss, warm.rss)}), after 5 s idle ${MiB(idle.rss)} (${pct(idle.rss, warm.rss)}); heap used after GC ${MiB(warm.heapUsed)} → ${MiB(end.heapUsed)} → ${MiB(idle.heapUsed)} |`);

// 5. Redis stopped and restarted under session load (its own server process and redis-server).
server.send('exit');
const redisHeld = await redisOutage(say);

say('');
say(`Memory during the ${SOAK_SECONDS} s soak (t = seconds after warm-up; t 0 after a forced GC, the others under load, no GC forced):`);
say('');
say('| t | RSS | heap used | heap total | external | array buffers |');
say('| --- | --- | --- | --- | --- | --- |');
const row = (label, m) => say(`| ${label} | ${MiB(m.rss)} | ${MiB(m.heapUsed)} | ${MiB(m.heapTotal)} | ${MiB(m.external)} | ${MiB(m.arrayBuffers)} |`);
for (const sample of samples) row(sample.t, sample);
row('end, after GC', end);
row('5 s idle, after GC', idle);

const ok = cancelled === started && unexpected.length === 0 && redisHeld;
process.exitCode = ok ? 0 : 1;
