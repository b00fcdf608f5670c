import type { AstroCookieDeleteOptions } from '../../../lib/core/cookies/options';
import { EPOCH, expectTypeError, jar } from '../../helpers/cookies';

// Port of astro@5.18.2 packages/astro/test/units/cookies/delete.test.js (spec §3.5).
describe('Astro.cookies.delete', () => {
  it('creates a Set-Cookie header to delete it', () => {
    const cookies = jar('foo=bar');
    expect(cookies.get('foo')!.value).toBe('bar');
    cookies.delete('foo');
    expect(Array.from(cookies.headers())).toHaveLength(1);
  });

  it('calling cookies.get() after returns undefined', () => {
    const cookies = jar('foo=bar');
    expect(cookies.get('foo')!.value).toBe('bar');
    cookies.delete('foo');
    expect(cookies.get('foo')).toBeUndefined();
  });

  it('calling cookies.has() after returns false', () => {
    const cookies = jar('foo=bar');
    expect(cookies.has('foo')).toBe(true);
    cookies.delete('foo');
    expect(cookies.has('foo')).toBe(false);
  });

  it('deletes a cookie with attributes', () => {
    const cookies = jar();
    cookies.delete('foo', {
      domain: 'example.com',
      path: '/subpath/',
      priority: 'high',
      secure: true,
      httpOnly: true,
      sameSite: 'strict',
    });
    const headers = Array.from(cookies.headers());
    expect(headers).toHaveLength(1);
    expect(headers[0]).toContain('foo=deleted');
    expect(headers[0]).toContain(EPOCH);
    expect(headers[0]).toMatch(/Domain=example.com/);
    expect(headers[0]).toContain('Path=/subpath/');
    expect(headers[0]).toContain('Priority=High');
    expect(headers[0]).toContain('Secure');
    expect(headers[0]).toContain('HttpOnly');
    expect(headers[0]).toContain('SameSite=Strict');
  });

  it('ignores expires option', () => {
    const cookies = jar();
    cookies.delete('foo', { expires: new Date() } as AstroCookieDeleteOptions);
    const headers = Array.from(cookies.headers());
    expect(headers).toHaveLength(1);
    expect(headers[0]).toContain('foo=deleted');
    expect(headers[0]).toContain(EPOCH);
  });

  it('ignores maxAge option', () => {
    const cookies = jar();
    cookies.delete('foo', { maxAge: 60 } as AstroCookieDeleteOptions);
    const headers = Array.from(cookies.headers());
    expect(headers).toHaveLength(1);
    expect(headers[0]).toContain('foo=deleted');
    expect(headers[0]).toContain(EPOCH);
  });
});

// Every delete option, with the exact header it produces (cookie@1 attribute order).
describe('cookies.delete(name, options): serialized header', () => {
  const cast = (options: object) => options as AstroCookieDeleteOptions;
  it.each<[string, AstroCookieDeleteOptions | undefined, string]>([
    ['no options', undefined, `n=deleted; ${EPOCH}`],
    ['empty options', {}, `n=deleted; ${EPOCH}`],
    ['domain', { domain: 'example.com' }, `n=deleted; Domain=example.com; ${EPOCH}`],
    ['path', { path: '/p' }, `n=deleted; Path=/p; ${EPOCH}`],
    ['httpOnly', { httpOnly: true }, `n=deleted; ${EPOCH}; HttpOnly`],
    ['httpOnly false', { httpOnly: false }, `n=deleted; ${EPOCH}`],
    ['secure', { secure: true }, `n=deleted; ${EPOCH}; Secure`],
    ['partitioned', { partitioned: true }, `n=deleted; ${EPOCH}; Partitioned`],
    ['priority low', { priority: 'low' }, `n=deleted; ${EPOCH}; Priority=Low`],
    ['priority medium', { priority: 'medium' }, `n=deleted; ${EPOCH}; Priority=Medium`],
    ['sameSite true', { sameSite: true }, `n=deleted; ${EPOCH}; SameSite=Strict`],
    ['sameSite lax', { sameSite: 'lax' }, `n=deleted; ${EPOCH}; SameSite=Lax`],
    ['sameSite none', { sameSite: 'none' }, `n=deleted; ${EPOCH}; SameSite=None`],
    ['sameSite false', { sameSite: false }, `n=deleted; ${EPOCH}`],
    ['maxAge ignored', cast({ maxAge: 3600 }), `n=deleted; ${EPOCH}`],
    ['expires ignored', cast({ expires: new Date(Date.UTC(2030, 0, 1)) }), `n=deleted; ${EPOCH}`],
    ['encode ignored', cast({ encode: () => 'x' }), `n=deleted; ${EPOCH}`],
    ['signed ignored', cast({ signed: true }), `n=deleted; ${EPOCH}`],
    [
      'everything',
      {
        domain: '.example.com',
        path: '/',
        httpOnly: true,
        secure: true,
        partitioned: true,
        priority: 'high',
        sameSite: 'lax',
      },
      `n=deleted; Domain=.example.com; Path=/; ${EPOCH}; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Lax`,
    ],
  ])('%s', (_name, options, expected) => {
    const cookies = jar();
    cookies.delete('n', options);
    expect([...cookies.headers()]).toEqual([expected]);
    expect(cookies.has('n')).toBe(false);
  });

  it.each<[string, string, AstroCookieDeleteOptions, string]>([
    ['an invalid name', 'bad name', {}, 'argument name is invalid: bad name'],
    ['an invalid domain', 'n', { domain: 'exa mple.com' }, 'option domain is invalid: exa mple.com'],
    ['an invalid path', 'n', { path: '/a;b' }, 'option path is invalid: /a;b'],
    ['an invalid sameSite', 'n', { sameSite: 'always' as 'lax' }, 'option sameSite is invalid: always'],
  ])('rejects %s with cookie\'s TypeError, recording nothing', (_name, key, options, message) => {
    const cookies = jar('n=1');
    expectTypeError(() => cookies.delete(key, options), message);
    expect([...cookies.headers()]).toEqual([]);
    expect(cookies.has('n')).toBe(true);
  });
});
