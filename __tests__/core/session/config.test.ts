import memoryDriver from 'unstorage/drivers/memory';
import { isAstroBridgeError } from '../../../lib/core/errors/errors';
import { DEFAULT_COOKIE_NAME, DEFAULT_TIMEOUT, resolveSessionConfig, type SessionConfig } from '../../../lib/core/session';

function invalid(config: unknown): Error {
  try {
    resolveSessionConfig(config as SessionConfig);
  } catch (error) {
    expect(isAstroBridgeError(error)).toBe(true);
    expect((error as Error).name).toBe('InvalidOption');
    return error as Error;
  }
  throw new Error('expected resolveSessionConfig to throw');
}

describe('resolveSessionConfig', () => {
  it('is off for undefined and false', () => {
    expect(resolveSessionConfig(undefined)).toBeUndefined();
    expect(resolveSessionConfig(false)).toBeUndefined();
  });

  it.each([[true], [{}]])('defaults to the memory driver for %p', (config) => {
    expect(resolveSessionConfig(config as SessionConfig)).toEqual({
      driver: 'memory',
      driverName: 'memory',
      options: {},
      cookieName: DEFAULT_COOKIE_NAME,
      cookieOptions: { sameSite: 'lax', path: '/', httpOnly: true },
      secure: undefined,
      ttl: undefined,
      timeout: DEFAULT_TIMEOUT,
    });
    expect(DEFAULT_COOKIE_NAME).toBe('astro-session');
    expect(DEFAULT_TIMEOUT).toBe(2000);
  });

  it.each(['fs', 'fs-lite', 'fsLite'])('maps %s to fs-lite with the default base .astro/session', (driver) => {
    const resolved = resolveSessionConfig({ driver: driver as SessionConfig['driver'] });
    expect(resolved.driver).toBe('fs-lite');
    expect(resolved.options).toEqual({ base: '.astro/session' });
    expect(resolveSessionConfig({ driver: 'fs', options: { base: '/tmp/x' } }).options.base).toBe('/tmp/x');
  });

  it('accepts redis by name, with its options', () => {
    const resolved = resolveSessionConfig({ driver: 'redis', options: { url: 'redis://localhost:6379', base: 'app' } });
    expect(resolved).toMatchObject({ driver: 'redis', driverName: 'redis', options: { url: 'redis://localhost:6379', base: 'app' } });
  });

  it('accepts an unstorage driver object and a driver factory', () => {
    const driver = memoryDriver();
    expect(resolveSessionConfig({ driver })).toMatchObject({ driver, driverName: 'memory' });
    expect(resolveSessionConfig({ driver: memoryDriver as never, options: {} }).driver).toBe(memoryDriver);
  });

  it('rejects an unknown driver name with what to use instead', () => {
    const error = invalid({ driver: 'mongodb' });
    expect(error.message).toContain('`session.driver`');
    expect(error.message).toContain('unknown driver "mongodb"');
    expect(error.message).toContain("'memory', 'fs' or 'redis'");
  });

  it('rejects a driver object that cannot write or remove', () => {
    expect(invalid({ driver: { getItem: () => null } }).message).toContain('no setItem, removeItem method');
    expect(invalid({ driver: 42 }).message).toContain('got number');
  });

  it.each([[0], [-1], [Number.NaN], [Infinity], ['60']])('rejects ttl %p', (ttl) => {
    expect(invalid({ ttl }).message).toContain('`session.ttl`');
  });

  it('accepts a fractional ttl (seconds)', () => {
    expect(resolveSessionConfig({ ttl: 0.5 }).ttl).toBe(0.5);
  });

  it.each([[0], [-5], ['1s']])('rejects timeout %p', (timeout) => {
    expect(invalid({ timeout }).message).toContain('`session.timeout`');
  });

  it('rejects options that are not an object, and a config that is not one', () => {
    expect(invalid({ options: 'x' }).message).toContain('`session.options`');
    expect(invalid('memory').message).toContain('`session`');
  });

  describe('cookie', () => {
    it('takes a string as the name; an empty one means the default', () => {
      expect(resolveSessionConfig({ cookie: 'sid' }).cookieName).toBe('sid');
      expect(resolveSessionConfig({ cookie: '' }).cookieName).toBe('astro-session');
      expect(resolveSessionConfig({ cookie: { name: '' } }).cookieName).toBe('astro-session');
    });

    it.each(['bad name', 'a;b', 'sess=1', 'séance', 'a.b'])('rejects the name %p synchronously, with Astro’s wording', (name) => {
      for (const cookie of [name, { name }]) {
        const error = invalid({ cookie });
        expect(error.message).toContain('Cookie names can only contain letters, numbers, and dashes.');
      }
    });

    it('keeps the attributes given, forces HttpOnly and defaults Path and SameSite', () => {
      const resolved = resolveSessionConfig({
        cookie: { name: 'sid', maxAge: 3600, sameSite: 'strict', secure: false, path: '/app', domain: 'example.com', httpOnly: false } as never,
      });
      expect(resolved.cookieOptions).toEqual({ sameSite: 'strict', path: '/app', httpOnly: true, domain: 'example.com', maxAge: 3600 });
      expect(resolved.secure).toBe(false);
    });

    it.each([
      [{ maxAge: 1.5 }, 'maxAge'],
      [{ sameSite: 'sometimes' }, 'sameSite'],
      [{ domain: 'bad domain' }, 'domain'],
      [{ path: '/a;b' }, 'path'],
      [{ secure: 'yes' }, 'secure'],
    ])('rejects the attributes %p at start-up', (cookie, attribute) => {
      expect(invalid({ cookie }).message.toLowerCase()).toContain(attribute.toLowerCase());
    });
  });
});
