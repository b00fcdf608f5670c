#!/usr/bin/env node
// CPU cost per request as a count of executed instructions (valgrind's callgrind), so it does not
// depend on how loaded the machine is: wall-clock and cpuUsage() figures on a shared 2-core machine
// swing by tens of µs, instruction counts by well under 1 %.
//
// Each variant × scenario runs in its own `valgrind --tool=callgrind node` process, driving the
// variant's real Express/Koa app in-process exactly as bench/micro.mjs does (real
// IncomingMessage/ServerResponse on an in-memory socket, one request at a time). The child warms
// up, then runs two measured segments of N requests, calling a marker (`os.getPriority()`, i.e.
// libuv's `uv_os_getpriority`, which nothing else calls) before and after each; callgrind dumps
// its counters at every marker (`--dump-before=uv_os_getpriority`), so start-up, module loading
// and warm-up land in the first dump and each segment is counted on its own. Instructions per
// request = a segment's total / N; the two segments must agree (the spread is printed), which
// shows the JIT had settled. Only the JS thread is counted (`--separate-threads=yes`): under
// valgrind V8's background threads are dominated by optimizing compilation that keeps trickling
// in long after warm-up (it made two segments of one run differ by 20 %), while the JS thread's
// count repeats to ~2 %; concurrent GC marking on helper threads is left out with it, and the
// JS thread's own GC work (scavenges, finalisation) stays in.
//
//   node bench/instructions.mjs [--node 20,22,24,26] [--scenarios hello,middleware]
//        [--variants express-raw,astro-express] [--requests 1500] [--warmup 2500] [--jobs 1]
//        [--json out.json] [--keep DIR]
//   node bench/instructions.mjs --report a.json,b.json   # the tables again from saved --json runs
//
// Needs `valgrind` and a built dist/ (`npm run build`). One run takes ~20–60 s.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { applies } from './matrix.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

/** variant → the variant its added instructions are over (bases have none). */
const BASE = {
  'express-raw': undefined,
  'express-response': 'express-raw',
  express: 'express-raw',
  'hono-express': 'express-raw',
  'srvx-express': 'express-raw',
  'whatwg-express': 'express-raw',
  'astro-express': 'express-raw',
  koa: undefined,
  'whatwg-koa': 'koa',
  'astro-koa': 'koa',
};
const DEFAULT_VARIANTS = ['express-raw', 'hono-express', 'srvx-express', 'whatwg-express', 'astro-express', 'koa', 'astro-koa'];
const DEFAULT_SCENARIOS = ['hello', 'middleware', 'fallthrough', 'stream', 'post'];
/** Requests per segment relative to --requests: the 1 MiB stream is ~10× a hello. */
const SCALE = { stream: 0.25, post: 0.5 };

function options(argv) {
  const o = { node: 'current', scenarios: DEFAULT_SCENARIOS.join(','), variants: DEFAULT_VARIANTS.join(','), requests: 1500, warmup: 2500, jobs: 1, json: '', keep: '', report: '' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag.replace(/^--/, '');
    if (key === 'help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1).join('\n').split('\nimport')[0].split('\n').join('\n'));
      process.exit(0);
    }
    if (!(key in o)) throw new Error(`unknown option ${flag} (--help)`);
    const value = inline ?? argv[++i];
    o[key] = typeof o[key] === 'number' ? Number(value) : value;
  }
  return o;
}

function nodeBinary(version) {
  if (version === 'current') return process.execPath;
  return execFileSync(path.join(ROOT, 'scripts/node.sh'), [version], { encoding: 'utf8' }).trim();
}

/** Total instructions in a callgrind dump file (its `totals:` or `summary:` line). */
function totalOf(file) {
  const text = readFileSync(file, 'utf8');
  const m = /^(?:totals|summary):\s*(\d+)/m.exec(text);
  if (!m) throw new Error(`no totals in ${file}`);
  return Number(m[1]);
}

/** Runs one variant × scenario under callgrind; resolves with instructions per request. */
function measure({ bin, nodeVersion, variant, scenario, requests, warmup, dir }) {
  const n = Math.max(50, Math.round(requests * (SCALE[scenario] ?? 1)));
  const w = Math.max(50, Math.round(warmup * (SCALE[scenario] ?? 1)));
  const tag = `${nodeVersion}-${variant}-${scenario}`.replace(/[^\w.-]/g, '_');
  const out = path.join(dir, `${tag}.cg`);
  const args = [
    '--tool=callgrind',
    `--callgrind-out-file=${out}`,
    '--dump-before=uv_os_getpriority',
    '--smc-check=all-non-file', // V8 writes and rewrites machine code in anonymous memory
    '--separate-threads=yes', // marker dumps then hold the JS thread only (see the header)
    '--dump-instr=no',
    '--compress-strings=no',
    bin,
    fileURLToPath(import.meta.url),
    '--child',
    variant,
    scenario,
    String(w),
    String(n),
  ];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('valgrind', args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (Date.now() - started) / 1000;
      if (code !== 0 || !stdout.includes('instructions-child-done')) {
        return reject(new Error(`valgrind ${variant} ${scenario} exited ${code}: ${(stdout + stderr).split('\n').filter(Boolean).slice(-8).join('\n')}`));
      }
      // The JS thread's dumps: <out>.1-01 = start-up + warm-up, .2-01 = segment A, .3-01 = segment B.
      const dump = (i) => `${out}.${i}-01`;
      if (![1, 2, 3].every((i) => existsSync(dump(i)))) return reject(new Error(`expected 3 marker dumps for ${variant} ${scenario} in ${dir}`));
      const a = totalOf(dump(2)) / n;
      const b = totalOf(dump(3)) / n;
      resolve({ variant, scenario, n, warmup: w, a, b, perRequest: Math.min(a, b), spread: Math.abs(a - b) / Math.min(a, b), seconds });
    });
  });
}

// The valgrind child: warm up, then two marked segments.
async function child(variant, scenario, warmup, n) {
  const { setUp } = await import('./micro.mjs');
  const batch = await setUp(variant, scenario);
  const mark = () => os.getPriority();
  await batch(warmup);
  mark();
  await batch(n);
  mark();
  await batch(n);
  mark();
  console.log('instructions-child-done');
}

const fmtK = (x) => (x === undefined ? '–' : (x / 1000).toFixed(1));
const fmtX = (x) => (x === undefined ? '–' : `${x.toFixed(2)}×`);

/** Markdown table for one Node version: rows = variants, per scenario Ir/request (k), added over base, ×base, ×hono. */
export function table(results, variants, scenarios) {
  const lines = [];
  for (const scenario of scenarios) {
    const rows = results.filter((r) => r.scenario === scenario);
    if (rows.length === 0) continue;
    const get = (v) => rows.find((r) => r.variant === v);
    const hono = get('hono-express');
    lines.push(`#### ${scenario}`, '', '| variant | kIr/request | added over base (kIr) | × base | × Hono | segments A/B spread |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const v of variants) {
      const r = get(v);
      if (!r) continue;
      const base = BASE[v] ? get(BASE[v]) : undefined;
      const addedIr = base ? r.perRequest - base.perRequest : undefined;
      lines.push(
        `| ${v}${BASE[v] ? '' : ' (base)'} | ${fmtK(r.perRequest)} | ${fmtK(addedIr)} | ${base ? fmtX(r.perRequest / base.perRequest) : ''} | ${hono && v.endsWith('express') ? fmtX(r.perRequest / hono.perRequest) : ''} | ${(r.spread * 100).toFixed(1)} % |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** `--report a.json,b.json`: the tables again from saved runs (merged per Node version). */
function report(files, variants, scenarios) {
  const byNode = new Map();
  for (const file of files) {
    for (const run of JSON.parse(readFileSync(file, 'utf8')).runs) {
      byNode.set(run.node, [...(byNode.get(run.node) ?? []), ...run.results.filter((r) => !r.error)]);
    }
  }
  for (const [node, results] of byNode) {
    console.log(`\n### ${node}: instructions per request (thousands), in-process, callgrind\n`);
    console.log(table(results, variants, scenarios));
  }
}

async function main() {
  const o = options(process.argv.slice(2));
  if (o.report) return report(o.report.split(','), o.variants.split(','), o.scenarios.split(','));
  const versions = o.node.split(',');
  const variants = o.variants.split(',');
  const scenarios = o.scenarios.split(',');
  const dir = o.keep ? (mkdirSync(o.keep, { recursive: true }), o.keep) : mkdtempSync(path.join(os.tmpdir(), 'instructions-'));
  const all = [];
  try {
    for (const version of versions) {
      const bin = nodeBinary(version);
      const nodeVersion = execFileSync(bin, ['-v'], { encoding: 'utf8' }).trim();
      const jobs = [];
      for (const scenario of scenarios) for (const variant of variants) if (variant.endsWith('.mjs') || applies(variant, scenario)) jobs.push({ variant, scenario });
      const results = [];
      let next = 0;
      const worker = async () => {
        while (next < jobs.length) {
          const job = jobs[next++];
          try {
            const r = await measure({ bin, nodeVersion, ...job, requests: o.requests, warmup: o.warmup, dir });
            results.push(r);
            if (o.json) writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), runs: [...all, { node: nodeVersion, results }] }, null, 2));
            console.error(`${nodeVersion} ${job.scenario.padEnd(11)} ${job.variant.padEnd(15)} ${fmtK(r.perRequest).padStart(8)} kIr/req  (A ${fmtK(r.a)}, B ${fmtK(r.b)}, n=${r.n}, ${r.seconds.toFixed(0)} s)`);
          } catch (error) {
            console.error(`${nodeVersion} ${job.scenario} ${job.variant}: FAILED ${error.message}`);
            results.push({ ...job, error: error.message });
          }
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, o.jobs) }, worker));
      const ok = results.filter((r) => !r.error);
      all.push({ node: nodeVersion, results });
      console.log(`\n### ${nodeVersion}: instructions per request (thousands), in-process, callgrind\n`);
      console.log(table(ok, variants, scenarios));
      if (o.json) writeFileSync(o.json, JSON.stringify({ date: new Date().toISOString(), runs: all }, null, 2));
    }
  } finally {
    if (!o.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') {
  const [, , , variant, scenario, warmup, n] = process.argv;
  await child(variant, scenario, Number(warmup), Number(n));
} else if (isMain) {
  await main();
}
