import type { Storage } from 'unstorage';
import type { ResolvedSessionConfig } from './config';
import { loadDriver, type LoadedDriver } from './drivers';
import { initError, isNamedError, unavailable } from './errors';

/** What an `AstroSession` needs from its store: `SessionStorage`, or a stand-in in tests. */
export interface SessionStore {
  /** The stored record (devalue, usually JSON-parsed already), or `null`/`undefined` when there is none. */
  getItem(id: string): Promise<unknown>;
  /** Stores the devalue text of a record; `ttl` (seconds) lets the driver drop it by itself. */
  setItem(id: string, value: string, ttl?: number): Promise<void>;
  removeItem(id: string): Promise<void>;
  /** Runs `fn` while no other `withLock(id, …)` of this store runs (optional). */
  withLock?<T>(id: string, fn: () => Promise<T>): Promise<T>;
}

interface Ready {
  storage: Storage;
  loaded: LoadedDriver;
}

const SWEEP_INTERVAL = 60_000;

/**
 * The session store of one renderer: an unstorage `Storage` over the configured driver, created
 * on the first call. Every call is bounded by `session.timeout` and fails with
 * `SessionStorageUnavailable` (503) rather than hanging or losing data silently. `close()`
 * disposes the driver (Redis: disconnects) so servers and test runners can exit.
 */
export class SessionStorage implements SessionStore {
  readonly config: ResolvedSessionConfig;
  #ready: Promise<Ready> | undefined;
  #closing: Promise<void> | undefined;
  readonly #locks = new Map<string, Promise<void>>();
  // Memory driver only (its records live in this process): expiry timestamps, so expired
  // records are dropped rather than kept until the process ends.
  readonly #expiries = new Map<string, number>();
  #lastSweep = Date.now();

  constructor(config: ResolvedSessionConfig) {
    this.config = config;
  }

  /** `memory`, `fs-lite`, `redis`, or the custom driver's name. */
  get driverName(): string {
    return this.config.driverName;
  }

  getItem(id: string): Promise<unknown> {
    return this.#call('read the session', async (storage, loaded) => {
      if (loaded.local && (this.#expiries.get(id) ?? Infinity) < Date.now()) {
        this.#expiries.delete(id);
        await storage.removeItem(id);
        return null;
      }
      return storage.getItem(id);
    });
  }

  setItem(id: string, value: string, ttl?: number): Promise<void> {
    return this.#call('save the session', async (storage, loaded) => {
      await storage.setItem(id, value, ttl === undefined ? {} : { ttl });
      if (!loaded.local) return;
      if (ttl === undefined) this.#expiries.delete(id);
      else this.#expiries.set(id, Date.now() + ttl * 1000);
      await this.#sweep(storage);
    });
  }

  removeItem(id: string): Promise<void> {
    return this.#call('remove the session', async (storage) => {
      this.#expiries.delete(id);
      await storage.removeItem(id);
    });
  }

  /**
   * Serialises the read-merge-write of one session ID within this process. The whole of it, the
   * wait for an earlier save of the same ID included, fails within `session.timeout` with
   * `SessionStorageUnavailable` (503): during an outage saves fail fast instead of queueing.
   * A save that gave up waiting never runs later; the lock is held until the running one settles.
   */
  async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(id);
    let release!: () => void;
    const current = new Promise<void>((resolve) => (release = resolve));
    const tail = previous ? previous.then(() => current) : current;
    this.#locks.set(id, tail);
    const unlock = () => {
      release();
      if (this.#locks.get(id) === tail) this.#locks.delete(id);
    };
    const { timeout } = this.config;
    // Changed from the timer and the run: a holder, so the compiler does not narrow it away.
    const phase: { now: 'waiting' | 'running' | 'expired' } = { now: 'waiting' };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const reason = phase.now === 'waiting' ? `an earlier save of this session was still running after ${timeout} ms` : `no answer within ${timeout} ms`;
        phase.now = 'expired';
        reject(unavailable(this.driverName, 'save the session', reason));
      }, timeout);
    });
    const run = (async () => {
      await previous;
      if (phase.now === 'expired') throw unavailable(this.driverName, 'save the session', 'gave up waiting for an earlier save');
      phase.now = 'running';
      return fn();
    })();
    run.then(unlock, unlock);
    try {
      return await Promise.race([run, expired]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Disposes the driver (unstorage `dispose()`: Redis disconnects, memory is cleared). Idempotent. */
  close(): Promise<void> {
    return (this.#closing ??= this.#dispose());
  }

  async #dispose(): Promise<void> {
    const ready = this.#ready;
    this.#ready = undefined;
    this.#expiries.clear();
    if (!ready) return;
    const state = await ready.catch(() => undefined);
    await state?.storage.dispose();
  }

  #init(): Promise<Ready> {
    this.#ready ??= (async () => {
      const loaded = await loadDriver(this.config);
      const { createStorage } = await import('unstorage');
      try {
        return { storage: createStorage({ driver: loaded.driver }), loaded };
      } catch (error) {
        throw initError((error as Error).message || 'Unknown error', this.driverName, error);
      }
    })();
    // A failed start is retried by the next call rather than cached for the process lifetime.
    this.#ready.catch(() => (this.#ready = undefined));
    return this.#ready;
  }

  async #call<T>(operation: string, fn: (storage: Storage, loaded: LoadedDriver) => Promise<T>): Promise<T> {
    if (this.#closing) throw unavailable(this.driverName, operation, 'the session storage was closed');
    const { storage, loaded } = await this.#init();
    const { timeout } = this.config;
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const work = (async () => {
      await loaded.ready?.(controller.signal);
      return fn(storage, loaded);
    })();
    // The call may still settle after the timeout; nobody is waiting for it by then.
    work.catch(() => {});
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const cause = loaded.lastError?.();
        const reason = `no answer within ${timeout} ms${cause ? ` (${cause.message})` : ''}`;
        const error = unavailable(this.driverName, operation, reason, cause);
        controller.abort(error);
        reject(error);
      }, timeout);
    });
    try {
      return await Promise.race([work, expired]);
    } catch (error) {
      if (isNamedError(error, 'SessionStorageUnavailable')) throw error;
      throw unavailable(this.driverName, operation, (error as Error)?.message ?? String(error), error);
    } finally {
      clearTimeout(timer);
    }
  }

  async #sweep(storage: Storage): Promise<void> {
    const now = Date.now();
    if (now - this.#lastSweep < SWEEP_INTERVAL) return;
    this.#lastSweep = now;
    for (const [id, expires] of this.#expiries) {
      if (expires >= now) continue;
      this.#expiries.delete(id);
      await storage.removeItem(id);
    }
  }
}

/** Creates the session store for a resolved config. Nothing is imported or connected before its first call. */
export function createSessionStorage(config: ResolvedSessionConfig): SessionStorage {
  return new SessionStorage(config);
}
