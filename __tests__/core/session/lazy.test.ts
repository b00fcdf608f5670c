import { AstroCookies } from '../../../lib/core/cookies';
import { AstroSession, createSessions, resolveSessionConfig } from '../../../lib/core/session';
import { Browser, countingDriver, setup } from '../../helpers/session';

function app() {
  const driver = countingDriver();
  const { config, storage } = setup({ driver });
  return { driver, browser: new Browser(config, storage), config, storage };
}

describe('a session costs nothing until used', () => {
  it('a request that never touches the session does no I/O and sets no cookie', async () => {
    const { driver, browser } = app();
    browser.cookie = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
    await browser.request(() => {});
    expect(driver.total()).toBe(0);
    expect(browser.lastSetCookie).toEqual([]);
  });

  it('the driver is not even created before the first storage call', async () => {
    let created = 0;
    const factory = () => {
      created++;
      return countingDriver();
    };
    const { config, storage } = setup({ driver: factory as never });
    const browser = new Browser(config, storage);
    await browser.request(() => {});
    await browser.request((s) => void s.id);
    expect(created).toBe(0);
    await browser.request((s) => s.set('a', 1));
    expect(created).toBe(1);
    await browser.request((s) => s.get('a'));
    expect(created).toBe(1);
  });

  it('reading without a cookie does no I/O (a new ID has nothing stored) and sets no cookie', async () => {
    const { driver, browser } = app();
    await browser.request(async (s) => {
      expect(await s.get('x')).toBeUndefined();
      expect(await s.has('x')).toBe(false);
      expect([...(await s.keys())]).toEqual([]);
    });
    expect(driver.total()).toBe(0);
    expect(browser.lastSetCookie).toEqual([]);
  });

  it('reading with a cookie reads once and sets no cookie', async () => {
    const { driver, browser } = app();
    await browser.request((s) => s.set('a', 1));
    const before = { ...driver.calls };
    await browser.request(async (s) => {
      await Promise.all([s.get('a'), s.get('b'), s.has('a'), s.keys()]);
      await s.get('a');
    });
    expect((driver.calls.getItem ?? 0) - (before.getItem ?? 0)).toBe(1);
    expect(driver.calls.setItem).toBe(before.setItem);
    expect(browser.lastSetCookie).toEqual([]);
  });

  it('a new session that only sets writes once and reads nothing', async () => {
    const { driver, browser } = app();
    await browser.request((s) => {
      s.set('a', 1);
      s.set('b', 2);
    });
    expect(driver.calls).toEqual({ setItem: 1 });
    expect(browser.lastSetCookie).toHaveLength(1);
  });

  it('delete() on a session that does not exist does no I/O and sets no cookie', async () => {
    const { driver, browser } = app();
    await browser.request((s) => s.delete('a'));
    expect(driver.total()).toBe(0);
    expect(browser.lastSetCookie).toEqual([]);
  });

  it('destroy() without a cookie does no I/O; it only clears the cookie', async () => {
    const { driver, browser } = app();
    await browser.request((s) => s.destroy());
    expect(driver.total()).toBe(0);
    expect(browser.lastSetCookie[0]).toMatch(/^astro-session=deleted;/);
  });

  it('createSessions() builds per-request sessions over one lazy storage', async () => {
    const driver = countingDriver();
    const sessions = createSessions(resolveSessionConfig({ driver }));
    try {
      const jar = new AstroCookies(() => undefined);
      const session = sessions.create(jar, { isHttps: true });
      expect(session).toBeInstanceOf(AstroSession);
      await session.persist();
      expect(driver.total()).toBe(0);
      session.set('a', 1);
      await session.persist();
      expect(driver.calls.setItem).toBe(1);
      expect([...jar.headers()][0]).toContain('; Secure;');
    } finally {
      await sessions.close();
    }
  });
});
