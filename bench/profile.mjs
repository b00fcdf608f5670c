#!/usr/bin/env node
// Profiles one variant serving one scenario: runs its server under `node --cpu-prof`, loads it
// with autocannon, and prints the functions with the most self time (and their total time) from
// the .cpuprofile, plus a split by package.
//
//   node bench/profile.mjs [variant=astro-express] [scenario=hello] [--seconds 6] [--top 15]
//   node bench/profile.mjs --file some.cpuprofile [--requests N] [--top 15]
//
// The profile is kept in bench/profiles/ (open it in Chrome DevTools → Performance, or VS Code).
// Profiles the built package: run `npm run build` first if lib/ changed.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { startServer, killAll } from './harness.mjs';
import { VARIANTS, applies } from './matrix.mjs';
import { PATHS } from './shared.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

const positional = [];
const opts = { seconds: 6, warmup: 1, top: 15, interval: 1000, connections: 10 };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [flag, inline] = argv[i].split('=', 2);
  const value = () => Number(inline ?? argv[++i]);
  if (flag === '--seconds') opts.seconds = value();
  else if (flag === '--warmup') opts.warmup = value();
  else if (flag === '--top') opts.top = value();
  else if (flag === '--interval') opts.interval = value();
  else if (flag === '--connections') opts.connections = value();
  else if (flag === '--file') opts.file = inline ?? argv[++i];
  else if (flag === '--requests') opts.requests = value();
  else if (flag.startsWith('--')) throw new Error(`unknown option ${flag}`);
  else positional.push(argv[i]);
}
// `--file x.cpuprofile [--requests N]`: only summarise a profile taken elsewhere (bench/micro.mjs).
if (opts.file) {
  summarize(JSON.parse(readFileSync(opts.file, 'utf8')), opts.top, opts.requests);
  process.exit(0);
}
const [variant = 'astro-express', scenario = 'hello'] = positional;
if (!VARIANTS.some((v) => v.name === variant)) throw new Error(`unknown variant ${variant}`);
if (!applies(variant, scenario) || scenario === 'rss') throw new Error(`${variant} does not run ${scenario}`);

// The same requests as run.mjs.
const REQUESTS = {
  hello: { path: `${PATHS.hello}?name=x` },
  middleware: {
    path: PATHS.middleware,
    headers: { cookie: 'session=s3cr3t; theme=dark; _ga=GA1.2.3456.7890', 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5' },
  },
  stream: { path: PATHS.stream },
  post: { path: PATHS.post, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: Array.from({ length: 200 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['alpha', 'beta'], price: i * 1.25 })) }) },
  fallthrough: { path: PATHS.fallthrough },
};

const dir = path.join(os.tmpdir(), `astro-bridge-prof-${process.pid}`);
mkdirSync(dir, { recursive: true });
try {
  const server = await startServer(variant, scenario, {
    execArgv: ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${opts.interval}`],
  });
  const spec = REQUESTS[scenario];
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}${spec.path}`,
    method: spec.method ?? 'GET',
    headers: spec.headers,
    body: spec.body,
    connections: opts.connections,
    duration: opts.warmup + opts.seconds,
  });
  await server.call('exit').catch(() => {});
  await Promise.race([once(server.child, 'exit'), sleep(15_000)]);
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no .cpuprofile written');
  const keepDir = path.join(HERE, 'profiles');
  mkdirSync(keepDir, { recursive: true });
  const kept = path.join(keepDir, `${variant}-${scenario}.cpuprofile`);
  renameSync(path.join(dir, file), kept);
  console.log(`${variant} / ${scenario}: ${Math.round(result.requests.total / result.duration)} req/s over ${result.duration} s (profiling slows it down); profile: ${path.relative(process.cwd(), kept)}\n`);
  summarize(JSON.parse(readFileSync(kept, 'utf8')), opts.top, result.requests.total);
} finally {
  killAll();
  rmSync(dir, { recursive: true, force: true });
}

/** Self and total time per function (and per package) from a Chrome .cpuprofile. */
function summarize(profile, top, requests) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n) => {
    const f = n.callFrame;
    return `${f.functionName || '(anonymous)'}\t${shorten(f.url)}${f.url ? `:${f.lineNumber + 1}` : ''}`;
  };
  const self = new Map();
  const total = new Map();
  const areas = new Map();
  let busy = 0;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    // A sample stands for the time until the next one.
    const dt = (timeDeltas[i + 1] ?? timeDeltas[i] ?? 0) / 1000; // ms
    const node = byId.get(samples[i]);
    const name = node.callFrame.functionName;
    if (name === '(idle)') continue;
    busy += dt;
    const k = key(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const area = areaOf(node.callFrame);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const kk = key(byId.get(id));
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  const pct = (ms) => `${((100 * ms) / busy).toFixed(1).padStart(5)} %`;
  console.log(`busy (non-idle) time ${busy.toFixed(0)} ms${requests ? `, ≈ ${((busy * 1000) / requests).toFixed(1)} µs per request served` : ''}\n`);
  console.log(`top ${top} by self time:`);
  console.log(`${'self ms'.padStart(9)} ${'self'.padStart(7)} ${'total'.padStart(7)}  function  location`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    const [fn, loc] = k.split('\t');
    console.log(`${ms.toFixed(1).padStart(9)} ${pct(ms)} ${pct(total.get(k) ?? 0)}  ${fn}  ${loc}`);
  }
  const ours = [...self].filter(([k]) => k.includes('\tdist/')).sort((a, b) => b[1] - a[1]).slice(0, 10);
  if (ours.length) {
    console.log(`\nastro-bridge's own functions (dist/), top ${ours.length} by self time:`);
    for (const [k, ms] of ours) {
      const [fn, loc] = k.split('\t');
      console.log(`${ms.toFixed(1).padStart(9)} ${pct(ms)} ${pct(total.get(k) ?? 0)}  ${fn}  ${loc}`);
    }
  }
  console.log('\nself time by package:');
  for (const [area, ms] of [...areas].sort((a, b) => b[1] - a[1])) if (ms / busy >= 0.001) console.log(`${pct(ms)}  ${area}`);
}

function shorten(url) {
  if (!url) return '';
  let u = url.replace(/^file:\/\//, '');
  if (u.startsWith(`${ROOT}/`)) u = u.slice(ROOT.length + 1);
  return u.replace(/^node_modules\//, '');
}

function areaOf(frame) {
  const u = shorten(frame.url);
  if (!u) return frame.functionName.startsWith('(') ? frame.functionName : '(native / V8 builtins)';
  if (u.startsWith('dist/')) return 'astro-bridge (dist/)';
  if (u.startsWith('bench/')) return 'bench code (handlers, harness)';
  if (u.startsWith('node:')) return 'Node core (node:*)';
  const m = /^((?:@[^/]+\/)?[^/]+)\//.exec(u);
  return m ? m[1] : u;
}
