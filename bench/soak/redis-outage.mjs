// Redis stopped (SIGKILL) and restarted on the same port under session load, for `npm run soak`.
// A real redis-server on a free loopback port, with an append-only file fsynced on every write
// (what a deployment that must not lose acknowledged sessions runs), so a restart comes back
// with the data. Bounded: about 25 s. Figures: latency and statuses while it is down, hangs,
// time to recover after the restart, and acknowledged writes read back afterwards.
import { fork, spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const SESSION_TIMEOUT = 1000;
const CLIENTS = 20;
const WRITES_PER_SESSION = 50; // then the client starts a new session (bounded records)
const HANG = 10_000; // a request unanswered this long counts as hung (and is abandoned)
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function hasRedis() {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function startRedis(port, dir) {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--loglevel', 'warning'], { stdio: 'ignore' });
  // Ready once it answers PING.
  for (let i = 0; i < 100; i++) {
    const pong = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => socket.write('PING\r\n'));
      socket.on('data', (d) => (socket.destroy(), resolve(d.toString().startsWith('+PONG'))));
      socket.on('error', () => resolve(false));
    });
    if (pong) return child;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

/** One request: status (0 for a connection error, -1 for hung), latency, body. */
function call(port, agent, method, target, cookie) {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: target, agent, headers: cookie ? { cookie } : {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, started, ms: performance.now() - started, body, setCookie: res.headers['set-cookie'] }));
    });
    req.setTimeout(HANG, () => req.destroy(new Error('hung')));
    req.on('error', (error) => resolve({ status: error.message === 'hung' ? -1 : 0, started, ms: performance.now() - started, body: '' }));
    req.end();
  });
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};

/**
 * Runs the scenario against a fresh server process; `say` prints a Markdown table row. Resolves
 * `true` when it held: no hang, nothing but 200/503, latency while down within the session
 * timeout plus a margin, recovery after the restart, and no acknowledged write lost.
 */
export async function redisOutage(say, { up = 3000, down = 8000, after = 8000 } = {}) {
  if (!hasRedis()) {
    say('| Redis stopped and restarted under session load | SKIPPED: no `redis-server` on PATH |');
    return true;
  }
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'soak-redis-'));
  let redis = await startRedis(port, dir);
  const server = fork(new URL('./server.mjs', import.meta.url), { env: { ...process.env, SOAK_REDIS_URL: `redis://127.0.0.1:${port}`, SOAK_SESSION_TIMEOUT: String(SESSION_TIMEOUT) } });
  const appPort = await new Promise((resolve) => server.once('message', (m) => resolve(m.port)));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });
  const results = [];
  /** Every session a client used: its cookie and the keys acknowledged (2xx) for it. */
  const sessions = [];
  let stop = false;
  let killedAt = Infinity;
  let restartedAt = Infinity;
  let readyAt = Infinity;

  const client = async (c) => {
    let session = { cookie: undefined, acked: [] };
    let n = 0;
    while (!stop) {
      if (n % WRITES_PER_SESSION === 0 && session.cookie !== undefined) session = { cookie: undefined, acked: [] };
      const key = `c${c}n${n++}`;
      const result = await call(appPort, agent, 'POST', `/session/write/${key}`, session.cookie);
      results.push(result);
      if (result.status >= 200 && result.status < 300) {
        if (session.cookie === undefined) {
          session.cookie = result.setCookie?.map((line) => line.split(';')[0]).find((pair) => pair.startsWith('astro-session='));
          sessions.push(session);
        }
        session.acked.push(key);
      }
    }
  };

  const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
  await sleep(up);
  killedAt = performance.now();
  redis.kill('SIGKILL');
  await new Promise((resolve) => redis.once('exit', resolve));
  await sleep(down);
  restartedAt = performance.now();
  redis = await startRedis(port, dir);
  readyAt = performance.now();
  await sleep(after);
  stop = true;
  await load;

  // Read every session back (after the run, Redis up): each acknowledged key must be there.
  let lost = 0;
  let checked = 0;
  let unreadable = 0;
  for (const { cookie, acked } of sessions) {
    if (cookie === undefined) continue;
    const answer = await call(appPort, agent, 'GET', '/session/keys', cookie);
    if (answer.status !== 200) {
      unreadable++;
      continue;
    }
    const keys = new Set(JSON.parse(answer.body));
    for (const key of acked) {
      checked++;
      if (!keys.has(key)) lost++;
    }
  }

  const whileDown = results.filter((r) => r.started < restartedAt && r.started + r.ms > killedAt);
  const downMs = whileDown.map((r) => r.ms);
  const statuses = (list) => {
    const counts = new Map();
    for (const r of list) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s === -1 ? 'hung' : s === 0 ? 'conn-error' : s}: ${n}`).join(', ');
  };
  const firstOk = results.filter((r) => r.started >= restartedAt && r.status === 200).reduce((min, r) => Math.min(min, r.started + r.ms), Infinity);
  const recovery = firstOk - restartedAt;
  const hung = results.filter((r) => r.status === -1).length;
  const other = results.filter((r) => r.status !== 200 && r.status !== 503).length;
  const maxDown = Math.max(0, ...downMs);
  const margin = 500;
  say(
    `| Redis (AOF, fsync always) stopped with SIGKILL for ${down / 1000} s under session load, then restarted on the same port; ${CLIENTS} clients writing one key per request into their session (session \`timeout: ${SESSION_TIMEOUT}\`) | ` +
      `${results.length} requests: ${statuses(results)}; while down (${whileDown.length} requests): ${statuses(whileDown)}, latency p50 ${percentile(downMs, 50).toFixed(0)} ms, p99 ${percentile(downMs, 99).toFixed(0)} ms, max ${maxDown.toFixed(0)} ms; hung ${hung}; ` +
      `Redis answering ${(readyAt - restartedAt).toFixed(0)} ms after the restart, first 200 ${Number.isFinite(recovery) ? `${recovery.toFixed(0)} ms` : 'never'} after it; acknowledged writes read back ${checked - lost} of ${checked} (lost ${lost}) in ${sessions.length} sessions${unreadable ? `, ${unreadable} unreadable` : ''} |`,
  );

  agent.destroy();
  server.send('exit');
  await new Promise((resolve) => server.once('exit', resolve));
  redis.kill('SIGKILL');
  await new Promise((resolve) => redis.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  return hung === 0 && other === 0 && maxDown <= SESSION_TIMEOUT + margin && Number.isFinite(recovery) && lost === 0 && unreadable === 0;
}
