// Starting variant servers (bench/server.mjs) as child processes, and killing every one of them
// on the way out, whatever the way out is.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.dirname(HERE);

const children = new Set();
export function killAll() {
  for (const child of children) {
    try {
      child.kill('SIGKILL');
    } catch {}
  }
  children.clear();
}
process.on('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    killAll();
    process.exit(130);
  });
}
process.on('uncaughtException', (err) => {
  console.error(err);
  killAll();
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  console.error(err);
  killAll();
  process.exit(1);
});

/** Starts `variant` serving `scenario` in its own process; resolves once it listens. */
export async function startServer(variant, scenario, { execArgv = [] } = {}) {
  const child = fork(path.join(HERE, 'server.mjs'), [variant, scenario], {
    cwd: ROOT,
    execArgv,
    stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
  });
  children.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
    if (stderr.length > 8000) stderr = stderr.slice(-8000);
  });
  let nextId = 0;
  const pending = new Map();
  let exited = false;
  child.on('message', (msg) => {
    const p = pending.get(msg.id);
    if (p) {
      pending.delete(msg.id);
      p.resolve(msg);
    }
  });
  child.on('exit', (code, signal) => {
    exited = true;
    children.delete(child);
    for (const p of pending.values()) p.reject(new Error(`${variant}/${scenario} exited (${signal ?? code}): ${stderr.trim().slice(-2000)}`));
    pending.clear();
  });
  const ready = await Promise.race([
    new Promise((resolve) => child.on('message', (m) => m.ready && resolve(m))),
    once(child, 'exit').then(([code, signal]) => {
      throw new Error(`${variant}/${scenario} exited before listening (${signal ?? code}): ${stderr.trim().slice(-2000)}`);
    }),
    sleep(20_000).then(() => {
      throw new Error(`${variant}/${scenario} did not listen within 20 s`);
    }),
  ]);
  return {
    variant,
    scenario,
    port: ready.port,
    child,
    get exited() {
      return exited;
    },
    call(cmd) {
      if (exited) return Promise.reject(new Error(`${variant}/${scenario} has exited: ${stderr.trim().slice(-2000)}`));
      const id = ++nextId;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, cmd });
      });
    },
    async stop() {
      if (exited) return;
      child.kill('SIGKILL');
      await once(child, 'exit').catch(() => {});
    },
  };
}

