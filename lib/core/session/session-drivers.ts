import type { SessionDriverConfig } from './config';

/** Makes Astro 6's driver object for one unstorage driver, with that driver's options. */
export type SessionDriverFunction = (config?: Record<string, any>) => SessionDriverConfig;

/** `sessionDrivers.<name>(options)` for every unstorage driver (`memory`, `fs`, `redis`, `lruCache`, …). */
export type SessionDrivers = { memory: SessionDriverFunction; fs: SessionDriverFunction; fsLite: SessionDriverFunction; redis: SessionDriverFunction } & Record<
  string,
  SessionDriverFunction
>;

/**
 * Astro 6's `sessionDrivers` (`import { sessionDrivers } from 'astro/config'`), for the
 * `session.driver` option: `sessionDrivers.redis({ url })` is `{ entrypoint: 'redis', config:
 * { url } }`. Any unstorage driver name works; its module is imported on the first session use.
 *
 * @example
 * renderer({ session: { driver: sessionDrivers.redis({ url: process.env.REDIS_URL }), ttl: 3600 } })
 */
export const sessionDrivers: SessionDrivers = new Proxy({} as SessionDrivers, {
  get(_target, name) {
    // Not a thenable, not a symbol-keyed protocol: only driver names.
    if (typeof name !== 'string' || name === 'then') return undefined;
    return (config?: Record<string, any>): SessionDriverConfig => ({ entrypoint: name, config });
  },
});
