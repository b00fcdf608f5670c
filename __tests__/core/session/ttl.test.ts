import path from 'node:path';
import memoryDriver from 'unstorage/drivers/memory';
import type { Driver } from 'unstorage';
import { Browser, setup, sleep, tempDir } from '../../helpers/session';
import type { SessionConfig } from '../../../lib/core/session';

const dir = tempDir();
let run = 0;
const drivers: Array<[string, () => SessionConfig]> = [
  ['memory', () => ({ driver: 'memory' })],
  ['fs', () => ({ driver: 'fs', options: { base: path.join(dir, `t${++run}`) } })],
];

describe.each(drivers)('ttl with the %s driver', (_name, config) => {
  const app = (extra: SessionConfig = {}) => {
    const { config: resolved, storage } = setup({ ...config(), ...extra });
    return { browser: new Browser(resolved, storage), storage };
  };

  it('session.ttl expires values: they read as missing afterwards', async () => {
    const { browser } = app({ ttl: 0.15 });
    await browser.request((s) => s.set('a', 1));
    expect(await browser.request((s) => s.get('a'))).toBe(1);
    await sleep(250);
    expect(await browser.request((s) => s.get('a'))).toBeUndefined();
    expect(await browser.request((s) => s.has('a'))).toBe(false);
  });

  it('set(key, value, { ttl }) overrides it per value', async () => {
    const { browser } = app({ ttl: 60 });
    await browser.request((s) => {
      s.set('short', 1, { ttl: 0.1 });
      s.set('long', 2);
    });
    await sleep(200);
    expect(Object.fromEntries(await browser.request((s) => s.entries()))).toEqual({ long: 2 });
  });

  it('without any ttl, values do not expire', async () => {
    const { browser } = app();
    await browser.request((s) => s.set('a', 1));
    await sleep(50);
    expect(await browser.request((s) => s.get('a'))).toBe(1);
  });

  it('a value that expires during the request reads as missing', async () => {
    const { browser } = app();
    await browser.request(async (s) => {
      s.set('a', 1, { ttl: 0.05 });
      expect(await s.get('a')).toBe(1);
      await sleep(100);
      expect(await s.get('a')).toBeUndefined();
      expect([...(await s.keys())]).toEqual([]);
    });
  });

  it('an expired session is gone: the record is removed and a new ID is used', async () => {
    const { browser, storage } = app({ ttl: 0.1 });
    await browser.request((s) => s.set('a', 1));
    const id = browser.cookie!;
    await sleep(200);
    await browser.request((s) => s.set('b', 2));
    expect(browser.cookie).not.toBe(id);
    expect(await storage.getItem(id)).toBeNull();
  });
});

describe('ttl reaches the driver', () => {
  it("setItem gets { ttl } in whole seconds, up to the last value's expiry, only when every value expires", async () => {
    const seen: Array<{ ttl?: number } | undefined> = [];
    const inner = memoryDriver();
    const driver: Driver = { ...inner, name: 'spy', setItem: (key, value, opts) => (seen.push(opts), inner.setItem!(key, value, opts)) };
    const { config, storage } = setup({ driver });
    const browser = new Browser(config, storage);
    await browser.request((s) => {
      s.set('a', 1, { ttl: 0.2 });
      s.set('b', 1, { ttl: 90.5 });
    });
    await browser.request((s) => s.set('c', 1)); // no ttl: the record must not expire
    expect(seen[0]).toEqual({ ttl: 91 });
    expect(seen[1]).toEqual({});
  });

  it('the memory driver drops expired records from memory', async () => {
    const { config, storage } = setup({ ttl: 0.05 });
    const browser = new Browser(config, storage);
    await browser.request((s) => s.set('a', 1));
    await sleep(1100); // the record ttl is whole seconds (1)
    expect(await storage.getItem(browser.cookie!)).toBeNull();
  });

  it('an invalid per-value ttl throws SessionStorageSaveError', async () => {
    const { config, storage } = setup();
    const { session } = new Browser(config, storage).open();
    for (const ttl of [0, -1, Number.NaN, '5' as unknown as number]) {
      expect(() => session.set('a', 1, { ttl })).toThrow(expect.objectContaining({ name: 'SessionStorageSaveError' }));
    }
  });
});
