#!/usr/bin/env node
// A low-noise companion to run.mjs for optimisation work: drives one variant's real Express/Koa
// app in-process with real `IncomingMessage`/`ServerResponse` objects on an in-memory socket
// (no network, no load generator competing for the cores), one request at a time, and reports
// the CPU time per request as the minimum and median over many batches. Each variant runs in its
// own process (so a peer that swaps globals cannot affect another), and the variants alternate
// A B C … A B C. Not the measurement (that is run.mjs over loopback), but its differences
// are stable to a few µs where run.mjs's are not, so it tells whether a change helped.
//
//   node bench/micro.mjs [--scenario hello] [--variants express-raw,astro-express] [--batches 30] [--batch 1000] [--passes 2]
import { fork } from 'node:child_process';
import { Duplex } from 'node:stream';
import { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

const REQUESTS = {
  hello: { method: 'GET', url: '/hello?name=x', headers: {} },
  middleware: {
    method: 'GET',
    url: '/api/me',
    headers: { cookie: 'session=s3cr3t; theme=dark; _ga=GA1.2.3456.7890', 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5' },
  },
  stream: { method: 'GET', url: '/stream', headers: {} },
  fallthrough: { method: 'GET', url: '/ft', headers: {} },
};

function options(argv) {
  const o = { scenario: 'hello', variants: 'express-raw,hono-express,astro-express,koa,astro-koa', batches: 30, batch: 1000, passes: 2 };
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

async function child(variant, scenario, batches, batch) {
  globalThis.__bench = { originalRequest: globalThis.Request, originalResponse: globalThis.Response };
  // A name, or a path to a variant module of your own (ablation experiments).
  const { create } = await import(variant.endsWith('.mjs') ? path.resolve(variant) : `./variants/${variant}.mjs`);
  const app = await create(scenario);
  const listener = typeof app.callback === 'function' ? app.callback() : app;
  const spec = REQUESTS[scenario];
  const socket = nullSocket();
  for (let i = 0; i < batch * 3; i++) await once(listener, spec, socket);
  const perRequest = [];
  for (let b = 0; b < batches; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) await once(listener, spec, socket);
    const used = process.cpuUsage(start);
    perRequest.push((used.user + used.system) / batch);
  }
  perRequest.sort((a, b) => a - b);
  const result = { min: perRequest[0], median: perRequest[Math.floor(perRequest.length / 2)] };
  // Run directly (`node --cpu-prof bench/micro.mjs --child astro-express hello 40 1000`) to profile one variant.
  if (process.send) process.send(result);
  else console.log(result);
}

/**
 * Runs `variants` on `scenario` in-process, each in its own process, alternating A B C … for
 * `passes` passes. Resolves with each variant's best minimum and best median (µs per request).
 */
export async function runMicro({ scenario, variants, batches = 30, batch = 1000, passes = 2, log = () => {} }) {
  const results = Object.fromEntries(variants.map((v) => [v, []]));
  for (let pass = 0; pass < passes; pass++) {
    for (const variant of variants) {
      const proc = fork(fileURLToPath(import.meta.url), ['--child', variant, scenario, String(batches), String(batch)], { cwd: path.dirname(HERE) });
      try {
        const result = await new Promise((resolve, reject) => {
          proc.once('message', resolve);
          proc.once('exit', (code) => reject(new Error(`${variant} exited with ${code}`)));
        });
        results[variant].push(result);
        log(`pass ${pass + 1} ${variant.padEnd(16)} min ${result.min.toFixed(1).padStart(7)} µs  median ${result.median.toFixed(1).padStart(7)} µs`);
      } finally {
        proc.kill();
      }
    }
  }
  return Object.fromEntries(
    variants.map((v) => [v, { min: Math.min(...results[v].map((r) => r.min)), median: Math.min(...results[v].map((r) => r.median)) }]),
  );
}

async function main() {
  const o = options(process.argv.slice(2));
  const variants = o.variants.split(',');
  const best = await runMicro({ scenario: o.scenario, variants, batches: o.batches, batch: o.batch, passes: o.passes, log: console.log });
  console.log('\nbest of passes (min / median µs per request):');
  for (const v of variants) console.log(`  ${v.padEnd(16)} ${best[v].min.toFixed(1).padStart(7)} ${best[v].median.toFixed(1).padStart(7)}`);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain && process.argv[2] === '--child') {
  const [, , , variant, scenario, batches, batch] = process.argv;
  await child(variant, scenario, Number(batches), Number(batch));
} else if (isMain) {
  await main();
}
