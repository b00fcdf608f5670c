import { AstroCookies } from '../../../lib/core/cookies';
import { AstroSession, type SessionConfig } from '../../../lib/core/session';
import { sessionCookies, setup } from '../../helpers/session';

const ID = '[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';

function firstSet(config: SessionConfig, isHttps: boolean, name = 'astro-session'): string {
  const { config: resolved, storage } = setup(config);
  const jar = new AstroCookies(() => undefined);
  new AstroSession(jar, resolved, () => storage, { isHttps }).set('a', 1);
  const lines = sessionCookies(jar, name);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('the session cookie', () => {
  it('over HTTPS: HttpOnly, Secure, SameSite=Lax, Path=/, no expiry (a browser-session cookie)', () => {
    expect(firstSet({}, true)).toMatch(new RegExp(`^astro-session=${ID}; Path=/; HttpOnly; Secure; SameSite=Lax$`));
  });

  it('over plain HTTP: the same without Secure', () => {
    expect(firstSet({}, false)).toMatch(new RegExp(`^astro-session=${ID}; Path=/; HttpOnly; SameSite=Lax$`));
  });

  it("takes Astro's custom attributes (HttpOnly cannot be turned off)", () => {
    const cookie = { name: 'sid', maxAge: 3600, sameSite: 'strict', secure: false, path: '/app', domain: 'example.com', httpOnly: false } as SessionConfig['cookie'];
    expect(firstSet({ cookie }, true, 'sid')).toMatch(new RegExp(`^sid=${ID}; Max-Age=3600; Domain=example.com; Path=/app; HttpOnly; SameSite=Strict$`));
  });

  it('secure: true is kept on plain HTTP (e.g. behind a TLS proxy the host does not trust)', () => {
    expect(firstSet({ cookie: { secure: true } }, false)).toContain('; Secure;');
  });

  it('partitioned and sameSite none', () => {
    expect(firstSet({ cookie: { sameSite: 'none', partitioned: true } }, true)).toMatch(/; Secure; Partitioned; SameSite=None$/);
  });

  it('destroy() deletes it with the same Path and Domain', () => {
    const { config, storage } = setup({ cookie: { name: 'sid', path: '/app', domain: 'example.com', maxAge: 60 } });
    const jar = new AstroCookies(() => 'sid=0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b');
    new AstroSession(jar, config, () => storage, { isHttps: true }).destroy();
    expect(sessionCookies(jar, 'sid')).toEqual(['sid=deleted; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax']);
  });

  it('is written once per request however many set() calls, and again after regenerate()', async () => {
    const { config, storage } = setup();
    const writes: string[] = [];
    const jar = new AstroCookies(() => undefined);
    const spy = { get: jar.get.bind(jar), delete: jar.delete.bind(jar), set: (...args: Parameters<AstroCookies['set']>) => (writes.push(String(args[1])), jar.set(...args)) };
    const session = new AstroSession(spy, config, () => storage, {});
    session.set('a', 1);
    session.set('b', 2);
    expect(writes).toHaveLength(1);
    await session.regenerate();
    expect(writes).toHaveLength(2);
    expect(writes[1]).not.toBe(writes[0]);
    await session.persist();
    expect(writes).toHaveLength(2);
    expect(sessionCookies(jar)).toEqual([expect.stringContaining(writes[1]!)]);
  });
});
