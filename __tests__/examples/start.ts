// Starts an example the way its README says (`npm run example -- <name>`, i.e. scripts/example.mjs)
// on a free port, and waits for the URL it prints. dist/ is built by `npm test` before jest.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface StartedExample {
  /** The URL the example printed, e.g. http://127.0.0.1:40123/ */
  url: string;
  stop(): Promise<void>;
}

const root = path.resolve(__dirname, '../..');

/** A loopback port nothing listens on right now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts examples/<name> with `npm run example -- <name>`'s script, or, with `direct`, its server
 * file itself (one Node process instead of two, for tests that are not about the command).
 * `timeoutMs`: give up after that long, stopping the example (a `beforeAll` timeout alone would
 * leave it running and keep jest from exiting).
 */
export async function startExample(
  name: string,
  env: Record<string, string | undefined> = {},
  { direct = false, timeoutMs }: { direct?: boolean; timeoutMs?: number } = {},
): Promise<StartedExample> {
  // A port chosen here rather than PORT=0, so the URL to wait for is known whatever words the
  // example prints around it.
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  const printed = new RegExp(`http://127\\.0\\.0\\.1:${port}(?!\\d)`);
  const dir = path.join(root, 'examples', name);
  const script = direct
    ? path.join(dir, existsSync(path.join(dir, 'server.mjs')) ? 'server.mjs' : 'server.js')
    : path.join(root, 'scripts', 'example.mjs');
  const child: ChildProcess = spawn(process.execPath, direct ? [script] : [script, name], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => void stop().then(() => reject(new Error(`example ${name} printed no URL within ${timeoutMs} ms:\n${output}`))), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (printed.test(output)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ url, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`example ${name} exited (${code}) before printing its URL:\n${output}`));
    });
  });
}

/** A tiny cookie jar for fetch(): keeps name=value of every Set-Cookie. */
export class Jar {
  readonly #cookies = new Map<string, string>();
  header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      this.#cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
  }
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...(init.headers as Record<string, string>), cookie: this.header() } });
    this.store(response);
    return response;
  }
}
