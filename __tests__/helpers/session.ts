import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Driver } from 'unstorage';
import memoryDriver from 'unstorage/drivers/memory';
import { AstroCookies } from '../../lib/core/cookies';
import {
  AstroSession,
  createSessionStorage,
  resolveSessionConfig,
  type ResolvedSessionConfig,
  type SessionConfig,
  type SessionStorage,
} from '../../lib/core/session';

/** Every storage a test opened, closed after each test so jest exits without open handles. */
const opened: SessionStorage[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((storage) => storage.close()));
});

/** A resolved config and its storage, closed after the test. */
export function setup(config: SessionConfig = {}): { config: ResolvedSessionConfig; storage: SessionStorage } {
  const resolved = resolveSessionConfig(config);
  const storage = createSessionStorage(resolved);
  opened.push(storage);
  return { config: resolved, storage };
}

/** The Set-Cookie lines a jar holds for the session cookie `name`. */
export function sessionCookies(jar: AstroCookies, name = 'astro-session'): string[] {
  return [...jar.headers()].filter((line) => line.startsWith(`${name}=`));
}

/**
 * A browser for one app (one storage): keeps the session cookie between requests, sends it,
 * runs `fn` with a fresh jar and session, persists at the end and applies the Set-Cookie lines.
 */
export class Browser {
  cookie: string | undefined;
  lastSetCookie: string[] = [];
  constructor(
    readonly config: ResolvedSessionConfig,
    readonly storage: SessionStorage,
    readonly isHttps = false,
  ) {}

  open(): { jar: AstroCookies; session: AstroSession } {
    const name = this.config.cookieName;
    const jar = new AstroCookies(() => (this.cookie === undefined ? undefined : `${name}=${this.cookie}`));
    const session = new AstroSession(jar, this.config, () => this.storage, { isHttps: this.isHttps });
    return { jar, session };
  }

  /** Takes the jar's Set-Cookie lines into the browser's cookie. */
  receive(jar: AstroCookies): void {
    const name = this.config.cookieName;
    this.lastSetCookie = sessionCookies(jar, name);
    for (const line of this.lastSetCookie) {
      const value = line.slice(name.length + 1).split(';')[0]!;
      this.cookie = /Expires=Thu, 01 Jan 1970/.test(line) ? undefined : value;
    }
  }

  async request<T>(fn: (session: AstroSession) => T | Promise<T>): Promise<T> {
    const { jar, session } = this.open();
    try {
      return await fn(session);
    } finally {
      await session.persist();
      this.receive(jar);
    }
  }
}

/** A memory driver that counts calls per method. */
export function countingDriver(inner: Driver = memoryDriver()): Driver & { calls: Record<string, number>; total(): number } {
  const calls: Record<string, number> = {};
  const wrapped: Record<string, unknown> = { name: 'counting' };
  for (const method of ['hasItem', 'getItem', 'setItem', 'removeItem', 'getKeys', 'clear', 'dispose'] as const) {
    const fn = inner[method] as ((...args: unknown[]) => unknown) | undefined;
    if (fn === undefined) continue;
    wrapped[method] = (...args: unknown[]) => {
      calls[method] = (calls[method] ?? 0) + 1;
      return fn.apply(inner, args);
    };
  }
  return Object.assign(wrapped as unknown as Driver, {
    calls,
    total: () => Object.entries(calls).filter(([m]) => m !== 'dispose').reduce((sum, [, n]) => sum + n, 0),
  });
}

/** A driver whose every call never settles (a storage that hangs). */
export function hangingDriver(): Driver {
  const never = () => new Promise<never>(() => {});
  return { name: 'hanging', hasItem: never, getItem: never, getKeys: never, setItem: never, removeItem: never };
}

/** A temporary directory, removed after the test file. */
export function tempDir(prefix = 'astro-bridge-session-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
