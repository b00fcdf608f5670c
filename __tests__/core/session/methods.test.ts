import fs from 'node:fs';
import path from 'node:path';
import { Browser, countingDriver, sessionCookies, setup, tempDir, UUID } from '../../helpers/session';
import type { SessionConfig } from '../../../lib/core/session';

const base = tempDir();
let run = 0;
// A fresh fs directory per test, so tests never see each other's records.
const drivers: Array<[string, () => SessionConfig]> = [
  ['memory', () => ({ driver: 'memory' })],
  ['fs', () => ({ driver: 'fs', options: { base: path.join(base, `t${++run}`) } })],
];

describe.each(drivers)('AstroSession methods with the %s driver', (name, config) => {
  const app = () => {
    const { config: resolved, storage } = setup(config());
    return { storage, browser: new Browser(resolved, storage), dir: resolved.options.base as string | undefined };
  };

  it('set() is synchronous and visible at once; get() reads it back in a later request', async () => {
    const { browser } = app();
    await browser.request(async (session) => {
      expect(session.set('user', { id: 1, name: 'Ada' })).toBeUndefined();
      expect(await session.get('user')).toEqual({ id: 1, name: 'Ada' });
    });
    expect(browser.cookie).toMatch(UUID);
    expect(await browser.request((s) => s.get('user'))).toEqual({ id: 1, name: 'Ada' });
    expect(await browser.request((s) => s.get('missing'))).toBeUndefined();
  });

  it('has(), keys(), values() and entries() see stored and pending values', async () => {
    const { browser } = app();
    await browser.request((s) => {
      s.set('a', 1);
      s.set('b', 'two');
    });
    await browser.request(async (s) => {
      s.set('c', [3]);
      expect(await s.has('a')).toBe(true);
      expect(await s.has('z')).toBe(false);
      expect([...(await s.keys())].sort()).toEqual(['a', 'b', 'c']);
      expect((await s.values()).length).toBe(3);
      expect(Object.fromEntries(await s.entries())).toEqual({ a: 1, b: 'two', c: [3] });
    });
  });

  it('saves once at the end of the request however many times set() is called', async () => {
    const driver = countingDriver();
    const { config: resolved, storage } = setup({ driver });
    const browser = new Browser(resolved, storage);
    await browser.request((s) => {
      for (let i = 0; i < 10; i++) s.set('counter', i);
      s.set('other', true);
    });
    expect(driver.calls.setItem).toBe(1);
    expect(browser.lastSetCookie).toHaveLength(1);
    expect(await browser.request((s) => s.get('counter'))).toBe(9);
    // A second persist() with nothing new does nothing.
    const { session } = browser.open();
    session.set('x', 1);
    await session.persist();
    await session.persist();
    expect(driver.calls.setItem).toBe(2);
  });

  it('delete() is persisted, even without a read in that request', async () => {
    const { browser } = app();
    await browser.request((s) => {
      s.set('keep', 1);
      s.set('drop', 2);
    });
    await browser.request((s) => s.delete('drop')); // blind delete (Astro 5.18.2 loses it)
    await browser.request(async (s) => {
      expect(await s.get('drop')).toBeUndefined();
      expect(await s.get('keep')).toBe(1);
    });
  });

  it('deleting every key removes the record', async () => {
    const { browser, storage } = app();
    await browser.request((s) => s.set('only', 1));
    const id = browser.cookie!;
    await browser.request((s) => s.delete('only'));
    expect(await storage.getItem(id)).toBeNull();
  });

  it('destroy() removes the record from storage and clears the cookie', async () => {
    const { browser, storage, dir } = app();
    await browser.request((s) => s.set('user', 'ada'));
    const id = browser.cookie!;
    expect(await storage.getItem(id)).not.toBeNull();
    if (dir) expect(fs.existsSync(path.join(dir, id))).toBe(true);
    await browser.request((s) => s.destroy());
    expect(browser.lastSetCookie[0]).toMatch(/^astro-session=deleted; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax$/);
    expect(browser.cookie).toBeUndefined();
    expect(await storage.getItem(id)).toBeNull();
    if (dir) expect(fs.existsSync(path.join(dir, id))).toBe(false);
    // Replaying the old cookie finds nothing.
    browser.cookie = id;
    expect(await browser.request((s) => s.get('user'))).toBeUndefined();
  });

  it('destroy() then set() starts a new session under a new ID in the same request', async () => {
    const { browser, storage } = app();
    await browser.request((s) => s.set('a', 1));
    const oldId = browser.cookie!;
    await browser.request(async (s) => {
      expect(await s.get('a')).toBe(1);
      s.destroy();
      expect(s.id).toBeUndefined();
      expect(await s.get('a')).toBeUndefined();
      s.set('b', 2);
    });
    expect(browser.cookie).toMatch(UUID);
    expect(browser.cookie).not.toBe(oldId);
    expect(await storage.getItem(oldId)).toBeNull();
    expect(await browser.request((s) => s.entries())).toEqual([['b', 2]]);
  });

  it('regenerate() gives a new ID, keeps the data under it and removes the old record', async () => {
    const { browser, storage } = app();
    await browser.request((s) => s.set('cart', ['book']));
    const oldId = browser.cookie!;
    let during: string | undefined;
    await browser.request(async (s) => {
      await s.regenerate(); // and nothing else: Astro 5.18.2 loses the data here
      during = s.id;
    });
    expect(browser.cookie).toBe(during);
    expect(browser.cookie).not.toBe(oldId);
    expect(await storage.getItem(oldId)).toBeNull();
    expect(await storage.getItem(browser.cookie!)).not.toBeNull();
    expect(await browser.request((s) => s.get('cart'))).toEqual(['book']);
    // The old ID (a fixated one, say) gives nothing.
    const other = new Browser(browser.config, storage);
    other.cookie = oldId;
    expect(await other.request((s) => s.get('cart'))).toBeUndefined();
  });

  it('regenerate() keeps changes made before and after it', async () => {
    const { browser } = app();
    await browser.request((s) => s.set('a', 1));
    await browser.request(async (s) => {
      s.set('b', 2);
      await s.regenerate();
      s.set('c', 3);
      s.delete('a');
      await s.regenerate(); // twice: the record still moves once, from the original ID
    });
    expect(Object.fromEntries(await browser.request((s) => s.entries()))).toEqual({ b: 2, c: 3 });
  });

  it('load(id) switches to another stored session and points the cookie at it', async () => {
    const { browser, storage } = app();
    const owner = new Browser(browser.config, storage);
    await owner.request((s) => s.set('cart', ['pen']));
    await browser.request(async (s) => {
      s.set('discarded', true);
      await s.load(owner.cookie!);
      expect(s.id).toBe(owner.cookie);
      expect(await s.get('cart')).toEqual(['pen']);
      expect(await s.get('discarded')).toBeUndefined();
    });
    expect(browser.cookie).toBe(owner.cookie);
  });

  it('id (and sessionID) is undefined until the session is used', async () => {
    const { browser } = app();
    const { session, jar } = browser.open();
    expect(session.id).toBeUndefined();
    expect(session.sessionID).toBeUndefined();
    session.set('a', 1);
    expect(session.id).toMatch(UUID);
    expect(session.sessionID).toBe(session.id);
    await session.persist();
    expect(sessionCookies(jar)[0]).toContain(session.id);
  });

  it('keeps separate sessions apart', async () => {
    const { storage, browser: alice } = app();
    const bob = new Browser(alice.config, storage);
    await alice.request((s) => s.set('name', 'alice'));
    await bob.request((s) => s.set('name', 'bob'));
    expect(alice.cookie).not.toBe(bob.cookie);
    expect(await alice.request((s) => s.get('name'))).toBe('alice');
    expect(await bob.request((s) => s.get('name'))).toBe('bob');
  });

  it(`stores records under the ID only (${name})`, async () => {
    const { browser, storage } = app();
    await browser.request((s) => s.set('k', 'v'));
    const raw = await storage.getItem(browser.cookie!);
    expect(Array.isArray(raw)).toBe(true); // devalue, JSON-parsed by unstorage
  });
});
