import { jar } from '../../helpers/cookies';

// Port of astro@5.18.2 packages/astro/test/units/cookies/has.test.js (spec §3.5).
describe('Astro.cookies.has', () => {
  it('returns true if the request has the cookie', () => {
    expect(jar('foo=bar').has('foo')).toBe(true);
  });

  it('returns false if the request does not have the cookie', () => {
    expect(jar().has('foo')).toBe(false);
  });

  it('returns true if the cookie has been set', () => {
    const cookies = jar();
    cookies.set('foo', 'bar');
    expect(cookies.has('foo')).toBe(true);
  });
});

describe('cookies.has: beyond Astro\'s tests', () => {
  it('is true for an empty value, which get() reads as absent', () => {
    const cookies = jar('e=');
    expect(cookies.has('e')).toBe(true);
    expect(cookies.get('e')).toBeUndefined();
  });

  it('is false after delete() even when the request has the cookie', () => {
    const cookies = jar('foo=bar');
    cookies.delete('foo');
    expect(cookies.has('foo')).toBe(false);
  });

  it('is true again after delete() then set()', () => {
    const cookies = jar('foo=bar');
    cookies.delete('foo');
    cookies.set('foo', 'baz');
    expect(cookies.has('foo')).toBe(true);
    expect(cookies.get('foo')!.value).toBe('baz');
  });

  it('ignores its options argument, as Astro does', () => {
    expect(jar('foo=bar').has('foo', { decode: () => '' })).toBe(true);
  });

  it('is case-sensitive', () => {
    expect(jar('Foo=bar').has('foo')).toBe(false);
  });
});
