import type { Driver } from 'unstorage';
import { createError } from '../errors/errors';
import { InvalidSessionKey } from '../errors/catalog';
import type { ResolvedSessionConfig, SessionDriverFactory } from './config';
import { initError } from './errors';
import { newSessionId } from './id';

/** A driver ready for `createStorage()`, with what the session storage needs to know about it. */
export interface LoadedDriver {
  driver: Driver;
  /** Records live in this process only (memory): their expiry can be enforced here. */
  local: boolean;
  /** Resolves once the driver can take a command (Redis: connected); rejects if `signal` aborts first. */
  ready?: (signal: AbortSignal) => Promise<void>;
  /** The driver's last connection error, to explain a timeout. */
  lastError?: () => Error | undefined;
}

/** The part of an ioredis client (or cluster) used here; ioredis itself stays an optional peer. */
interface RedisClient {
  status: string;
  connect(): Promise<void>;
  on(event: string, listener: (...args: any[]) => void): unknown;
  off(event: string, listener: (...args: any[]) => void): unknown;
}

/**
 * Imports and creates the configured driver. Builtin drivers are imported only now, on the
 * first storage call, so an app that never touches a session never loads unstorage or ioredis.
 */
export async function loadDriver(config: ResolvedSessionConfig): Promise<LoadedDriver> {
  const { driver, driverName, options } = config;
  try {
    if (driver === 'memory') return { driver: (await import('unstorage/drivers/memory')).default(), local: true };
    if (driver === 'fs-lite') return { driver: await atomicFsDriver(options), local: false };
    if (driver === 'redis') return await redisDriver(options, config.timeout);
  } catch (error) {
    const missing = (error as { code?: string }).code?.includes('MODULE_NOT_FOUND');
    const reason = missing ? `The driver module could not be found: ${(error as Error).message}` : (error as Error).message;
    throw initError(reason, driverName, error);
  }
  let factory: SessionDriverFactory;
  if (isModule(driver)) {
    const loading = `The driver module ${JSON.stringify(driver.module)} could not be loaded`;
    let imported: SessionDriverFactory | undefined;
    try {
      imported = await importFactory(driver.module);
    } catch (error) {
      throw initError(`${loading}: ${(error as Error).message}`, driverName, error);
    }
    if (imported === undefined) throw initError(`${loading}: its default export is not a driver factory`, driverName);
    factory = imported;
  } else if (typeof driver !== 'function') {
    return { driver: driver as Driver, local: false };
  } else {
    factory = driver;
  }
  let created: Driver;
  try {
    created = factory(options) as Driver;
  } catch (error) {
    throw initError((error as Error).message, driverName, error);
  }
  if (typeof created !== 'object' || created === null || typeof created.getItem !== 'function' || typeof created.setItem !== 'function' || typeof created.removeItem !== 'function') {
    throw initError('The driver factory did not return an unstorage driver with getItem, setItem and removeItem.', driverName);
  }
  return { driver: created, local: false };
}

function isModule(driver: ResolvedSessionConfig['driver']): driver is { module: string } {
  return typeof driver === 'object' && driver !== null && typeof (driver as { module?: unknown }).module === 'string';
}

/** An unstorage driver's name (`lruCache`) through unstorage's own table, else the module itself. */
async function importFactory(specifier: string): Promise<SessionDriverFactory | undefined> {
  const { builtinDrivers } = await import('unstorage');
  const known = (builtinDrivers as Record<string, string | undefined>)[specifier];
  const ns = (await import(known ?? specifier)) as { default?: unknown };
  // An ES module's default export, or a CommonJS module.exports that is the factory (or holds it).
  const factory = typeof ns.default === 'function' ? ns.default : (ns.default as { default?: unknown } | undefined)?.default;
  return typeof factory === 'function' ? (factory as SessionDriverFactory) : undefined;
}

/**
 * unstorage's `fs-lite`, whose `setItem` writes in place: a concurrent read could see half a
 * file (and a session destroyed as corrupt). Here a write goes to a temporary file renamed over
 * the record, which is atomic on POSIX file systems.
 */
async function atomicFsDriver(options: Record<string, any>): Promise<Driver> {
  const [{ default: fsLite }, fs, path] = await Promise.all([
    import('unstorage/drivers/fs-lite'),
    import('node:fs/promises'),
    import('node:path'),
  ]);
  const driver = fsLite(options);
  const base = path.resolve(String(options.base));
  return {
    ...driver,
    async setItem(key: string, value: string) {
      if (/\.\.:|\.\.$/.test(key)) throw createError(InvalidSessionKey, key);
      const file = path.join(base, key.replace(/:/g, '/'));
      await fs.mkdir(path.dirname(file), { recursive: true });
      const temporary = `${file}.${newSessionId()}.tmp`;
      try {
        await fs.writeFile(temporary, value, 'utf8');
        await fs.rename(temporary, file);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
  };
}

/**
 * unstorage's redis driver with ioredis options that fail fast instead of queueing forever:
 * no offline queue (a command is only sent once connected, see `ready`), one retry per
 * command, and connect, command and disconnect timeouts of `session.timeout`. ioredis keeps reconnecting
 * in the background, so sessions work again as soon as Redis is back. User options win.
 */
async function redisDriver(options: Record<string, any>, timeout: number): Promise<LoadedDriver> {
  const { default: redis } = await import('unstorage/drivers/redis');
  const driver = redis({
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: timeout,
    commandTimeout: timeout,
    // A connection that does not close when told to is destroyed after `timeout`, not 2 s
    // (ioredis' default): after a failed ready check mid-outage, its timer held processes open.
    disconnectTimeout: timeout,
    ...options,
  } as Parameters<typeof redis>[0]);
  const client = driver.getInstance!() as RedisClient;
  let lastError: Error | undefined;
  // Without a listener ioredis logs every failed reconnection; the error surfaces per request instead.
  client.on('error', (error: Error) => (lastError = error));
  const whenReady = readiness(client);
  client.on('ready', () => (lastError = undefined));
  return { driver, local: false, ready: whenReady, lastError: () => lastError };
}

/**
 * Resolves once the client is connected, or rejects when `signal` aborts (the session timeout).
 * One 'ready' listener shared by every waiting request: during an outage hundreds wait at once, and
 * a listener each would trip Node's MaxListenersExceededWarning (a leak warning, which it is not).
 */
function readiness(client: RedisClient): (signal: AbortSignal) => Promise<void> {
  const waiters = new Set<() => void>();
  client.on('ready', () => {
    for (const waiter of waiters) waiter();
    waiters.clear();
  });
  return (signal) => whenReady(client, waiters, signal);
}

function whenReady(client: RedisClient, waiters: Set<() => void>, signal: AbortSignal): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  // 'end': a retryStrategy gave up, or the first connection failed with lazyConnect; try again.
  if (client.status === 'end' || client.status === 'wait') client.connect().catch(() => {});
  return new Promise((resolve, reject) => {
    const onReady = () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    const onAbort = () => {
      waiters.delete(onReady);
      reject(signal.reason);
    };
    waiters.add(onReady);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
