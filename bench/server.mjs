// One variant serving one scenario on 127.0.0.1, in its own process (forked by run.mjs or
// profile.mjs). It reports over IPC: its port, then on request its CPU time and requests served
// since the last reset, its RSS, and whether the global Request/Response are still Node's.
//
//   node bench/server.mjs <variant> <scenario>
import http from 'node:http';

// Captured before any variant code loads (variants are imported dynamically below).
globalThis.__bench = { originalRequest: globalThis.Request, originalResponse: globalThis.Response };

const [variant, scenario] = process.argv.slice(2);
const RSS_CAP = 1536 * 1024 * 1024; // abort a slow-client run long before the machine runs out

const { create } = await import(`./variants/${variant}.mjs`);
const listener = await create(scenario);
const server = http.createServer(listener);

let requests = 0;
server.on('request', () => {
  requests++;
});
const sockets = new Set();
server.on('connection', (socket) => {
  sockets.add(socket);
  socket.on('close', () => sockets.delete(socket));
});

let cpuBase = process.cpuUsage();
let timeBase = process.hrtime.bigint();
let rssTimer;
let rss = { idle: 0, peak: 0, samples: 0, overCap: false };

function sampleRss() {
  const m = process.memoryUsage();
  const now = m.rss;
  rss.samples++;
  if (now > rss.peak) rss.peak = now;
  if (m.arrayBuffers > rss.peakArrayBuffers) rss.peakArrayBuffers = m.arrayBuffers;
  if (now > RSS_CAP && !rss.overCap) {
    rss.overCap = true;
    globalThis.__benchAbort = true;
    for (const s of sockets) s.destroy();
  }
}

const commands = {
  reset() {
    requests = 0;
    cpuBase = process.cpuUsage();
    timeBase = process.hrtime.bigint();
    return {};
  },
  stats() {
    const cpu = process.cpuUsage(cpuBase);
    return {
      requests,
      userUs: cpu.user,
      systemUs: cpu.system,
      elapsedMs: Number(process.hrtime.bigint() - timeBase) / 1e6,
      rss: process.memoryUsage.rss(),
    };
  },
  globals() {
    return {
      requestIsNodes: globalThis.Request === globalThis.__bench.originalRequest,
      responseIsNodes: globalThis.Response === globalThis.__bench.originalResponse,
    };
  },
  rssStart() {
    globalThis.gc?.();
    globalThis.gc?.();
    const m = process.memoryUsage();
    rss = { idle: m.rss, peak: m.rss, idleArrayBuffers: m.arrayBuffers, peakArrayBuffers: m.arrayBuffers, samples: 0, overCap: false };
    requests = 0;
    rssTimer = setInterval(sampleRss, 10);
    return { idle: m.rss };
  },
  rssStop() {
    // Still under load (the clients are connected and paused): what a full GC cannot free is
    // what the server really holds on to; the rest of the peak was garbage not yet collected.
    clearInterval(rssTimer);
    sampleRss();
    globalThis.gc?.();
    const m = process.memoryUsage();
    return { ...rss, afterGcRss: m.rss, afterGcArrayBuffers: m.arrayBuffers, afterGcHeapUsed: m.heapUsed, requests, openSockets: sockets.size };
  },
  exit() {
    setImmediate(() => {
      for (const s of sockets) s.destroy();
      server.close();
      process.exit(0);
    });
    return {};
  },
};

process.on('message', (msg) => {
  const fn = commands[msg?.cmd];
  const reply = fn ? fn() : { error: `unknown command ${msg?.cmd}` };
  process.send({ id: msg.id, ...reply });
});
// The orchestrator went away (even killed): never outlive it.
process.on('disconnect', () => process.exit(0));

server.listen({ host: '127.0.0.1', port: 0, backlog: 2048 }, () => {
  process.send({ ready: true, port: server.address().port });
});
