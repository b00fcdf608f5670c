import type { SessionDriver } from './driver-type';
import { AstroCookies, type AstroCookieSetOptions } from '../cookies';
import { InvalidOption } from '../errors/catalog';
import { createError } from '../errors/errors';

/** The unstorage drivers `session.driver` accepts by name (`fs` and `fsLite` mean `fs-lite`, as in Astro). */
export type SessionDriverName = 'memory' | 'fs' | 'fs-lite' | 'fsLite' | 'redis';

/** An unstorage driver factory, e.g. the default export of `unstorage/drivers/lru-cache`. */
export type SessionDriverFactory = (options: any) => SessionDriver;

/**
 * Astro 6's driver object (`sessionDrivers.redis({ url })`): the driver's module and its options.
 * `entrypoint` is an unstorage driver name (`'redis'`, `'fs'`, `'lruCache'`), its module
 * (`'unstorage/drivers/redis'`), or any module (path or URL) whose default export is a driver factory.
 */
export interface SessionDriverConfig {
  entrypoint: string | URL;
  config?: Record<string, any> | undefined;
}

/** The session cookie's attributes: Astro's `session.cookie` object. `HttpOnly` is always set. */
export interface SessionCookieConfig {
  /** The cookie name; default `astro-session`. Letters, digits, `_` and `-` only. */
  name?: string;
  domain?: string;
  /** Default `/`. */
  path?: string;
  /** Lifetime in seconds; without it the cookie lasts as long as the browser session. */
  maxAge?: number;
  /** Default `'lax'`. */
  sameSite?: 'strict' | 'lax' | 'none' | boolean;
  /** Default: `true` for HTTPS requests, `false` otherwise. */
  secure?: boolean;
  partitioned?: boolean;
}

/**
 * The `session` option: Astro's `session` config, with unstorage drivers.
 *
 * @example
 * session: { driver: 'redis', options: { url: process.env.REDIS_URL }, ttl: 3600 }
 */
export interface SessionConfig {
  /**
   * `'memory'` (default: in-process, lost on restart, one instance only), `'fs'` (files under
   * `options.base`, default `.astro/session`), `'redis'` (`options` go to unstorage's redis driver
   * and ioredis: `url`, `base`, …), or any unstorage driver, created (`lruCache({ max: 1000 })`) or as
   * its factory (then called with `options`).
   */
  driver?: SessionDriverName | SessionDriverConfig | SessionDriver | SessionDriverFactory;
  /** Options of the named driver (or of the factory); with a driver object, its `config` instead. */
  options?: Record<string, any>;
  /** The cookie name, or its name and attributes. */
  cookie?: string | SessionCookieConfig;
  /** Default lifetime, in seconds, of each value set (`session.set(key, value, { ttl })` overrides it). */
  ttl?: number;
  /** How long (ms) one storage call may take before it fails with `SessionStorageUnavailable`. Default 2000. */
  timeout?: number;
}

/** `resolveSessionConfig()`'s output: validated, with every default applied. */
export interface ResolvedSessionConfig {
  /** A builtin driver name, a module to import (its default export is the factory), or the driver (or factory) the user passed. */
  driver: 'memory' | 'fs-lite' | 'redis' | { module: string } | SessionDriver | SessionDriverFactory;
  /** For messages: `memory`, `fs-lite`, `redis`, or the custom driver's `name` (else `custom`). */
  driverName: string;
  options: Record<string, any>;
  cookieName: string;
  /** Attributes of the session cookie, `secure` excepted (decided per request unless configured). */
  cookieOptions: Omit<AstroCookieSetOptions, 'secure' | 'signed' | 'encode' | 'expires' | 'priority'>;
  /** The configured `cookie.secure`, if any. */
  secure: boolean | undefined;
  ttl: number | undefined;
  timeout: number;
}

export const DEFAULT_COOKIE_NAME = 'astro-session';
export const DEFAULT_TIMEOUT = 2000;
const VALID_COOKIE_NAME = /^[\w-]+$/;
const FS_NAMES = new Set(['fs', 'fs-lite', 'fsLite']);

const invalid = (option: string, reason: string) => createError(InvalidOption, `session.${option}`, reason);

/**
 * Validates the `session` option once, at `renderer()` time, so a bad driver name, ttl or cookie
 * fails at start-up with `InvalidOption`. `true` or `{}` mean the in-process memory driver.
 * `undefined` and `false` mean sessions are off (`undefined` is returned).
 */
export function resolveSessionConfig(config: SessionConfig | true): ResolvedSessionConfig;
export function resolveSessionConfig(config: SessionConfig | boolean | undefined): ResolvedSessionConfig | undefined;
export function resolveSessionConfig(config: SessionConfig | boolean | undefined): ResolvedSessionConfig | undefined {
  if (config === undefined || config === false) return undefined;
  if (config === true) config = {};
  if (typeof config !== 'object' || config === null) throw createError(InvalidOption, 'session', 'expected an object such as `{ driver: "memory" }`');
  const shape = driverConfig(config.driver);
  if (shape !== undefined && config.options !== undefined) throw invalid('options', 'give the options in the driver object (`sessionDrivers.redis({ url })`), not beside it');
  const options = (shape === undefined ? config.options : shape.config) ?? {};
  if (typeof options !== 'object' || options === null) throw invalid(shape === undefined ? 'options' : 'driver.config', 'expected an object');
  const { driver, driverName } = shape === undefined ? resolveDriver(config.driver as Exclude<SessionConfig['driver'], SessionDriverConfig>) : resolveEntrypoint(shape.entrypoint);
  const resolvedOptions = driver === 'fs-lite' ? { base: '.astro/session', ...options } : { ...options };
  const ttl = positive('ttl', config.ttl, 'a number of seconds greater than 0');
  const timeout = positive('timeout', config.timeout, 'a number of milliseconds greater than 0') ?? DEFAULT_TIMEOUT;
  return { driver, driverName, options: resolvedOptions, ...resolveCookie(config.cookie), ttl, timeout };
}

/** Astro 6's `{ entrypoint, config }` shape (an unstorage driver has `getItem` instead). */
function driverConfig(driver: SessionConfig['driver']): SessionDriverConfig | undefined {
  if (typeof driver !== 'object' || driver === null || !('entrypoint' in driver)) return undefined;
  return driver as SessionDriverConfig;
}

const UNSTORAGE_DRIVERS = 'unstorage/drivers/';

function resolveEntrypoint(entrypoint: unknown): Pick<ResolvedSessionConfig, 'driver' | 'driverName'> {
  if (entrypoint instanceof URL) return { driver: { module: entrypoint.href }, driverName: entrypoint.href };
  if (typeof entrypoint !== 'string' || entrypoint === '') throw invalid('driver.entrypoint', 'expected a driver name, a module specifier or a URL');
  const name = entrypoint.startsWith(UNSTORAGE_DRIVERS) ? entrypoint.slice(UNSTORAGE_DRIVERS.length) : entrypoint;
  if (name === 'memory' || name === 'redis') return { driver: name, driverName: name };
  if (FS_NAMES.has(name)) return { driver: 'fs-lite', driverName: 'fs-lite' };
  // Another unstorage driver by name (`lruCache`) or module, or a module of your own.
  return { driver: { module: entrypoint }, driverName: name };
}

function resolveDriver(driver: Exclude<SessionConfig['driver'], SessionDriverConfig>): Pick<ResolvedSessionConfig, 'driver' | 'driverName'> {
  if (driver === undefined) return { driver: 'memory', driverName: 'memory' };
  if (typeof driver === 'string') {
    if (driver === 'memory' || driver === 'redis') return { driver, driverName: driver };
    if (FS_NAMES.has(driver)) return { driver: 'fs-lite', driverName: 'fs-lite' };
    throw invalid(
      'driver',
      `unknown driver ${JSON.stringify(driver)}: use 'memory', 'fs' or 'redis', or pass any unstorage driver ` +
        "(e.g. `import lruCache from 'unstorage/drivers/lru-cache'` and `driver: lruCache({ max: 1000 })`)",
    );
  }
  if (typeof driver === 'function') return { driver, driverName: driver.name || 'custom' };
  if (typeof driver === 'object' && driver !== null) {
    const missing = (['getItem', 'setItem', 'removeItem'] as const).filter((m) => typeof driver[m] !== 'function');
    if (missing.length > 0) {
      throw invalid('driver', `the driver object has no ${missing.join(', ')} method (sessions need to read, write and remove; or give Astro 6's \`{ entrypoint, config }\`)`);
    }
    return { driver, driverName: driver.name || 'custom' };
  }
  throw invalid('driver', `expected a driver name or an unstorage driver, got ${typeof driver}`);
}

function resolveCookie(cookie: SessionConfig['cookie']): Pick<ResolvedSessionConfig, 'cookieName' | 'cookieOptions' | 'secure'> {
  const given: SessionCookieConfig = typeof cookie === 'string' ? { name: cookie } : cookie ?? {};
  if (typeof given !== 'object' || given === null) throw invalid('cookie', 'expected a cookie name or `{ name, path, domain, maxAge, sameSite, secure }`');
  const cookieName = given.name || DEFAULT_COOKIE_NAME;
  if (typeof cookieName !== 'string' || !VALID_COOKIE_NAME.test(cookieName)) {
    throw invalid('cookie', `${JSON.stringify(cookieName)} is not a valid name. Cookie names can only contain letters, numbers, and dashes.`);
  }
  if (given.secure !== undefined && typeof given.secure !== 'boolean') throw invalid('cookie.secure', 'expected true or false');
  const { domain, path = '/', maxAge, sameSite = 'lax', partitioned } = given;
  const cookieOptions: ResolvedSessionConfig['cookieOptions'] = { sameSite, path, httpOnly: true };
  if (domain !== undefined) cookieOptions.domain = domain;
  if (maxAge !== undefined) cookieOptions.maxAge = maxAge;
  if (partitioned !== undefined) cookieOptions.partitioned = partitioned;
  try {
    // The jar serializes eagerly: a bad domain, path, maxAge or sameSite throws here, not per request.
    new AstroCookies(() => undefined).set(cookieName, 'x', { ...cookieOptions, secure: given.secure });
  } catch (error) {
    throw invalid('cookie', (error as Error).message);
  }
  return { cookieName, cookieOptions, secure: given.secure };
}

function positive(option: string, value: unknown, expected: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw invalid(option, `expected ${expected}, got ${String(value)}`);
  return value;
}
