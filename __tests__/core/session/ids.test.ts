import { isSessionId, newSessionId } from '../../../lib/core/session';
import { Browser, countingDriver, setup, UUID } from '../../helpers/session';

function app() {
  const driver = countingDriver();
  const { config, storage } = setup({ driver });
  const keys = () => [...((driver.getInstance?.() as Map<string, unknown> | undefined)?.keys() ?? [])];
  return { driver, storage, config, browser: new Browser(config, storage), keys };
}

// The inner memory driver's Map, through the counting wrapper.
function spyKeys(driver: ReturnType<typeof countingDriver>): string[] {
  const seen: string[] = [];
  for (const method of ['getItem', 'setItem', 'removeItem'] as const) {
    const fn = driver[method]!;
    (driver as unknown as Record<string, unknown>)[method] = (key: string, ...rest: unknown[]) => {
      seen.push(key);
      return (fn as (...args: unknown[]) => unknown)(key, ...rest);
    };
  }
  return seen;
}

describe('session IDs', () => {
  it('are v4 UUIDs, unique', () => {
    const ids = new Set(Array.from({ length: 1000 }, newSessionId));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(isSessionId(id)).toBe(true);
  });

  it('a well-formed but unknown (forged) ID is never adopted: the data goes to a new ID', async () => {
    const { browser, storage, driver } = app();
    const forged = '11111111-1111-4111-8111-111111111111';
    browser.cookie = forged;
    await browser.request((s) => s.set('user', 'victim'));
    expect(browser.cookie).toMatch(UUID);
    expect(browser.cookie).not.toBe(forged);
    expect(await storage.getItem(forged)).toBeNull();
    expect(await storage.getItem(browser.cookie!)).not.toBeNull();
    expect(driver.calls.setItem).toBe(1);
    // The attacker holding the forged ID sees nothing.
    const attacker = new Browser(browser.config, storage);
    attacker.cookie = forged;
    expect(await attacker.request((s) => s.get('user'))).toBeUndefined();
  });

  it('an unknown ID found on a read is replaced in the same request (cookie rewritten if it was written)', async () => {
    const { browser } = app();
    const forged = '22222222-2222-4222-8222-222222222222';
    browser.cookie = forged;
    await browser.request(async (s) => {
      s.set('a', 1); // writes the cookie with the (unchecked) cookie ID, as Astro does
      expect(s.id).toBe(forged);
      expect(await s.get('a')).toBe(1); // the read finds no record: new ID
      expect(s.id).not.toBe(forged);
      expect(s.id).toMatch(UUID);
    });
    expect(browser.lastSetCookie).toHaveLength(1); // the jar replaced the first line
    expect(browser.cookie).not.toBe(forged);
    expect(await browser.request((s) => s.get('a'))).toBe(1);
  });

  it('an unknown ID on a read-only request sets no cookie', async () => {
    const { browser } = app();
    browser.cookie = '33333333-3333-4333-8333-333333333333';
    expect(await browser.request((s) => s.get('a'))).toBeUndefined();
    expect(browser.lastSetCookie).toEqual([]);
  });

  it.each([
    ['a short token', 'sessionid'],
    ['a path', '../../../etc/passwd'],
    ['a Redis-style key', 'other:app:key'],
    ['an uppercase UUID', '0B7A4F4E-5D8C-4F6E-9A1B-2C3D4E5F6A7B'],
    ['a v1 UUID', 'a8098c1a-f86e-11da-bd1a-00112444be1e'],
    ['a long value', 'a'.repeat(5000)],
    ['an empty value', ''],
  ])('a malformed ID (%s) is never used as a storage key', async (_label, value) => {
    const { browser, driver } = app();
    const keys = spyKeys(driver);
    browser.cookie = encodeURIComponent(value);
    await browser.request(async (s) => {
      expect(await s.get('a')).toBeUndefined();
      s.set('a', 1);
      s.destroy();
      s.set('b', 2);
    });
    expect(keys.every((key) => UUID.test(key))).toBe(true);
    expect(browser.cookie).toMatch(UUID);
  });

  it('a known ID is adopted', async () => {
    const { browser } = app();
    await browser.request((s) => s.set('a', 1));
    const id = browser.cookie;
    await browser.request(async (s) => {
      expect(await s.get('a')).toBe(1);
      expect(s.id).toBe(id);
      s.set('b', 2);
    });
    expect(browser.cookie).toBe(id);
  });

  it('an ID whose data all expired is unknown', async () => {
    const { browser } = app();
    await browser.request((s) => s.set('a', 1, { ttl: 0.05 }));
    const id = browser.cookie;
    await new Promise((r) => setTimeout(r, 120));
    await browser.request((s) => s.set('b', 2));
    expect(browser.cookie).not.toBe(id);
  });

  it('load() never adopts a malformed or unknown ID', async () => {
    const { browser, driver } = app();
    const keys = spyKeys(driver);
    await browser.request(async (s) => {
      await s.load('not-an-id');
      expect(s.id).toMatch(UUID);
      await s.load('44444444-4444-4444-8444-444444444444');
      expect(s.id).not.toBe('44444444-4444-4444-8444-444444444444');
      expect(s.id).toMatch(UUID);
    });
    expect(keys).toEqual(['44444444-4444-4444-8444-444444444444']);
    expect(browser.cookie).toMatch(UUID);
  });

  it('the cookie holds only the ID', async () => {
    const { browser } = app();
    await browser.request((s) => s.set('secret', 'do not leak'));
    expect(browser.lastSetCookie[0]).toMatch(/^astro-session=[0-9a-f-]{36}; /);
    expect(browser.lastSetCookie[0]).not.toContain('leak');
  });
});
