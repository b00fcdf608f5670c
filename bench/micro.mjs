#!/usr/bin/env node
// A low-noise companion to run.mjs for optimisation work: drives one variant's real Express/Koa
// app in-process with real `IncomingMessage`/`ServerResponse` objects on an in-memory socket
// (no network, no load generator competing for the cores), one request at a time, and reports
// the CPU time per request as the minimum and median over many batches. Each variant runs in its
// own long-lived process (so a peer that swaps globals cannot affect another), and the batches
// alternate between the variants A B C … A B C. Not the measurement (that is run.mjs over loopback), but its differences
// are stable to a few µs where run.mjs's are not, so it tells whether a change helped.
//
//   node bench/micro.mjs [--scenario hello] [--variants express-raw,astro-express] [--rounds 30] [--batch 1000]
import { fork } from 'node:child_process';
import { Duplex } from 'node:stream';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { postBody } from './shared.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const REQUESTS = {
  hello: { method: 'GET', url: '/hello?name=x', headers: {} },
  middleware: {
    method: 'GET',
    url: '/api/me',
    headers: { cookie: 'session=s3cr3t; theme=dark; _ga=GA1.2.3456.7890', 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5' },
  },
  stream: { method: 'GET', url: '/stream', headers: {} },
  post: (() => {
    const body = Buffer.from(postBody().text);
    return { method: 'POST', url: '/echo', headers: { 'content-type': 'application/json', 'content-length': String(body.length) }, body };
  })(),
  fallthrough: { method: 'GET', url: '/ft', headers: {} },
};

function options(argv) {
  const o = { scenario: 'hello', variants: 'express-raw,hono-express,astro-express,koa,astro-koa', rounds: 30, batch: 1000 };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const key = flag.replace(/^--/, '');
    if (!(key in o)) throw new Error(`unknown option ${flag}`);
    const value = inline ?? argv[++i];
    o[key] = typeof o[key] === 'number' ? Number(value) : value;
  }
  return o;
}

/** A socket that swallows what is written and never reads: enough for ServerResponse. */
function nullSocket() {
  const socket = new Duplex({
    // Never full: ServerResponse's 'drain' comes from node:http's connection listener, absent here.
    writableHighWaterMark: 1 << 30,
    read() {},
    write(_chunk, _enc, cb) {
      cb();
    },
    writev(_chunks, cb) {
      cb();
    },
  });
  socket.remoteAddress = '127.0.0.1';
  socket.remotePort = 50000;
  socket.encrypted = false;
  socket.setKeepAlive = () => socket;
  socket.setTimeout = () => socket;
  return socket;
}

function once(listener, spec, socket) {
  return new Promise((resolve, reject) => {
    const req = new IncomingMessage(socket);
    req.method = spec.method;
    req.url = spec.url;
    req.httpVersionMajor = 1;
    req.httpVersionMinor = 1;
    req.httpVersion = '1.1';
    req.headers = { host: '127.0.0.1:3000', connection: 'keep-alive', 'user-agent': 'micro', ...spec.headers };
    req.rawHeaders = Object.entries(req.headers).flat();
    req.complete = true;
    if (spec.body) req.push(spec.body);
    req.push(null);
    const res = new ServerResponse(req);
    res.shouldKeepAlive = true;
    res.assignSocket(socket);
    res.on('finish', () => {
      res.detachSocket(socket);
      resolve();
    });
    res.on('error', reject);
    listener(req, res);
  });
}

/** Loads `variant` for `scenario`; resolves with `batch(count)` → CPU µs per request (also used by instructions.mjs). */
export async function setUp(variant, scenario) {
  globalThis.__bench = { originalRequest: globalThis.Request, originalResponse: globalThis.Response };
  // A name, or a path to a variant module of your own (ablation experiments).
  const { create } = await import(variant.endsWith('.mjs') ? path.resolve(variant) : `./variants/${variant}.mjs`);
  const app = await create(scenario);
  const listener = typeof app.callback === 'function' ? app.callback() : app;
  const spec = REQUESTS[scenario];
  const socket = nullSocket();
  /** CPU µs per request over `count` requests. */
  return async function batch(count) {
    const start = process.cpuUsage();
    for (let i = 0; i < count; i++) await once(listener, spec, socket);
    const used = process.cpuUsage(start);
    return (used.user + used.system) / count;
  };
}

// A child serving the orchestrator: `{ batch: n }` → `{ us }`, until it is killed.
async function serveBatches(variant, scenario) {
  const batch = await setUp(variant, scenario);
  process.on('message', async (message) => {
    process.send({ us: await batch(message.batch) });
  });
  process.send({ ready: true });
}

// Run directly (`node --cpu-prof bench/micro.mjs --child astro-express hello 40 1000`) to profile one variant.
async function child(variant, scenario, batches, count) {
  const batch = await setUp(variant, scenario);
  await batch(count * 3);
  const perRequest = [];
  for (let b = 0; b < batches; b++) perRequest.push(await batch(count));
  perRequest.sort((a, b) => a - b);
  console.log({ min: perRequest[0], median: perRequest[Math.floor(perRequest.length / 2)] });
}

/**
 * Runs `variants` on `scenario` in-process, each in its own long-lived process. After a warm-up,
 * the batches alternate between the variants (A B C … A B C, `rounds` times), so a burst of
 * noise on the machine hits them all alike. Resolves with each variant's minimum and median
 * batch (CPU µs per request).
 */
export async function runMicro({ scenario, variants, rounds = 30, batch = 1000, log = () => {} }) {
  const procs = new Map();
  const ask = (proc, message) =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`a micro-benchmark child exited with ${code}`));
      proc.once('exit', onExit);
      proc.once('message', (reply) => {
        proc.off('exit', onExit);
        resolve(reply);
      });
      if (message) proc.send(message);
    });
  try {
    for (const variant of variants) {
      const proc = fork(fileURLToPath(import.meta.url), ['--serve', variant, scenario], { cwd: path.dirname(HERE) });
      procs.set(variant, proc);
      await ask(proc);
    }
    const samples = Object.fromEntries(variants.map((v) => [v, []]));
    for (const variant of variants) await ask(procs.get(variant), { batch: batch * 3 }); // warm-up
    for (let round = 0; round < rounds; round++) {
      for (const variant of variants) samples[variant].push((await ask(procs.get(variant), { batch })).us);
    }
    const out = {};
    for (const variant of variants) {
      const sorted = samples[variant].sort((a, b) => a - b);
      out[variant] = { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)] };
      log(`${variant.padEnd(16)} min ${out[variant].min.toFixed(1).padStart(7)} µs  median ${out[variant].median.toFixed(1).padStart(7)} µs`);
    }
    return out;
  } finally {
    for (const proc of procs.values()) proc.kill();
  }
}

async function main() {
  const o = options(process.argv.slice(2));
  const variants = o.variants.split(',');
  const best = await runMicro({ scenario: o.scenario, variants, rounds: o.rounds, batch: o.batch, log: console.log });
  console.log('\nmin / median µs per request:');
  for (const v of variants) console.log(`  ${v.padEnd(16)} ${best[v].min.toFixed(1).padStart(7)} ${best[v].median.toFixed(1).padStart(7)}`);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--serve') {
  await serveBatches(process.argv[3], process.argv[4]);
} else if (isMain && process.argv[2] === '--child') {
  const [, , , variant, scenario, batches, batch] = process.argv;
  await child(variant, scenario, Number(batches), Number(batch));
} else if (isMain) {
  await main();
}
