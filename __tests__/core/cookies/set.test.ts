import type { AstroCookieSetOptions } from '../../../lib/core/cookies/options';
import { expectTypeError, jar, thrownBy } from '../../helpers/cookies';

// Port of astro@5.18.2 packages/astro/test/units/cookies/set.test.js (spec §3.5).
describe('Astro.cookies.set', () => {
  it('Sets a cookie value that can be serialized', () => {
    const cookies = jar();
    cookies.set('foo', 'bar');
    expect(Array.from(cookies.headers())).toEqual(['foo=bar']);
  });

  it('Sets a cookie value that can be serialized w/ defaultencodeURIComponent behavior', () => {
    const cookies = jar();
    const url = 'http://localhost/path';
    cookies.set('url', url);
    expect(Array.from(cookies.headers())).toEqual([`url=${encodeURIComponent(url)}`]);
  });

  it('Sets a cookie value that can be serialized w/ custom encode behavior', () => {
    const cookies = jar();
    const url = 'http://localhost/path';
    cookies.set('url', url, { encode: (o) => o });
    expect(Array.from(cookies.headers())).toEqual(['url=http://localhost/path']);
  });

  it('Can set cookie options', () => {
    const cookies = jar();
    cookies.set('foo', 'bar', { httpOnly: true, path: '/subpath/' });
    expect(Array.from(cookies.headers())).toEqual(['foo=bar; Path=/subpath/; HttpOnly']);
  });

  it('Can pass a JavaScript object that will be serialized', () => {
    const cookies = jar();
    cookies.set('options', { one: 'two', three: 4 });
    const headers = Array.from(cookies.headers());
    expect(headers).toHaveLength(1);
    expect(JSON.parse(decodeURIComponent(headers[0]!.slice(8))).one).toBe('two');
  });

  it('Can pass a number', () => {
    const cookies = jar();
    cookies.set('one', 2);
    expect(Array.from(cookies.headers())).toEqual(['one=2']);
  });

  it('Can pass a boolean', () => {
    const cookies = jar();
    cookies.set('admin', true);
    expect(cookies.get('admin')!.boolean()).toBe(true);
    expect(Array.from(cookies.headers())).toEqual(['admin=true']);
  });

  it('Can get the value after setting', () => {
    const cookies = jar();
    cookies.set('foo', 'bar');
    expect(cookies.get('foo')!.value).toBe('bar');
  });

  it('Can get the JavaScript object after setting', () => {
    const cookies = jar();
    cookies.set('options', { one: 'two', three: 4 });
    const json = cookies.get('options')!.json();
    expect(typeof json).toBe('object');
    expect(json.one).toBe('two');
    expect(typeof json.three).toBe('number');
    expect(json.three).toBe(4);
  });

  it('Overrides a value in the request', () => {
    const cookies = jar('foo=bar');
    expect(cookies.get('foo')!.value).toBe('bar');
    cookies.set('foo', 'baz');
    expect(cookies.get('foo')!.value).toBe('baz');
  });
});

// Every set option, with the exact header it produces (cookie@1 attribute order).
describe('cookies.set(name, value, options): serialized header', () => {
  const at = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
  it.each<[string, AstroCookieSetOptions | undefined, string]>([
    ['no options', undefined, 'n=v'],
    ['empty options', {}, 'n=v'],
    ['domain', { domain: 'example.com' }, 'n=v; Domain=example.com'],
    ['domain with a leading dot', { domain: '.example.com' }, 'n=v; Domain=.example.com'],
    ['expires', { expires: at }, 'n=v; Expires=Wed, 02 Jan 2030 03:04:05 GMT'],
    ['expires at the epoch', { expires: new Date(0) }, 'n=v; Expires=Thu, 01 Jan 1970 00:00:00 GMT'],
    ['httpOnly', { httpOnly: true }, 'n=v; HttpOnly'],
    ['httpOnly false', { httpOnly: false }, 'n=v'],
    ['maxAge', { maxAge: 60 }, 'n=v; Max-Age=60'],
    ['maxAge 0', { maxAge: 0 }, 'n=v; Max-Age=0'],
    ['maxAge negative', { maxAge: -1 }, 'n=v; Max-Age=-1'],
    ['path', { path: '/' }, 'n=v; Path=/'],
    ['path with a sub-path', { path: '/a/b/' }, 'n=v; Path=/a/b/'],
    ['sameSite true', { sameSite: true }, 'n=v; SameSite=Strict'],
    ['sameSite false', { sameSite: false }, 'n=v'],
    ['sameSite strict', { sameSite: 'strict' }, 'n=v; SameSite=Strict'],
    ['sameSite lax', { sameSite: 'lax' }, 'n=v; SameSite=Lax'],
    ['sameSite none', { sameSite: 'none' }, 'n=v; SameSite=None'],
    ['sameSite in capitals', { sameSite: 'Lax' as 'lax' }, 'n=v; SameSite=Lax'],
    ['secure', { secure: true }, 'n=v; Secure'],
    ['secure false', { secure: false }, 'n=v'],
    ['encode', { encode: (value) => value.toUpperCase() }, 'n=V'],
    ['partitioned', { partitioned: true }, 'n=v; Partitioned'],
    ['priority low', { priority: 'low' }, 'n=v; Priority=Low'],
    ['priority medium', { priority: 'medium' }, 'n=v; Priority=Medium'],
    ['priority high', { priority: 'high' }, 'n=v; Priority=High'],
    ['priority in capitals', { priority: 'HIGH' as 'high' }, 'n=v; Priority=High'],
    ['signed false', { signed: false }, 'n=v'],
    ['an unknown key', { comment: 'x' } as AstroCookieSetOptions, 'n=v'],
    [
      'everything, in the cookie package\'s order',
      {
        sameSite: 'lax',
        priority: 'high',
        partitioned: true,
        secure: true,
        httpOnly: true,
        expires: new Date(0),
        path: '/',
        domain: 'x.com',
        maxAge: 10,
      },
      'n=v; Max-Age=10; Domain=x.com; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Lax',
    ],
  ])('%s', (_name, options, expected) => {
    const cookies = jar();
    cookies.set('n', 'v', options);
    expect([...cookies.headers()]).toEqual([expected]);
  });

  it.each<[string, string, string, AstroCookieSetOptions, string]>([
    ['a name with a space', 'bad name', 'x', {}, 'argument name is invalid: bad name'],
    ['an empty name', '', 'x', {}, 'argument name is invalid: '],
    ['a name with =', 'a=b', 'x', {}, 'argument name is invalid: a=b'],
    ['a name with ;', 'a;b', 'x', {}, 'argument name is invalid: a;b'],
    ['a non-ASCII name', 'café', 'x', {}, 'argument name is invalid: café'],
    ['an encoded value with a space', 'n', 'a b', { encode: (v) => v }, 'argument val is invalid: a b'],
    ['an encoded value with ;', 'n', 'a;b', { encode: (v) => v }, 'argument val is invalid: a;b'],
    ['a fractional maxAge', 'n', 'v', { maxAge: 1.5 }, 'option maxAge is invalid: 1.5'],
    ['a NaN maxAge', 'n', 'v', { maxAge: Number.NaN }, 'option maxAge is invalid: NaN'],
    ['an invalid domain', 'n', 'v', { domain: 'exa mple.com' }, 'option domain is invalid: exa mple.com'],
    ['a domain with a trailing dot', 'n', 'v', { domain: 'example.com.' }, 'option domain is invalid: example.com.'],
    ['a path with ;', 'n', 'v', { path: '/a;b' }, 'option path is invalid: /a;b'],
    ['a path with a newline', 'n', 'v', { path: '/a\nb' }, 'option path is invalid: /a\nb'],
    ['an invalid date', 'n', 'v', { expires: new Date(Number.NaN) }, 'option expires is invalid: Invalid Date'],
    ['a string for expires', 'n', 'v', { expires: 'tomorrow' as unknown as Date }, 'option expires is invalid: tomorrow'],
    ['an unknown priority', 'n', 'v', { priority: 'urgent' as 'high' }, 'option priority is invalid: urgent'],
    ['an unknown sameSite', 'n', 'v', { sameSite: 'always' as 'lax' }, 'option sameSite is invalid: always'],
  ])('rejects %s with cookie\'s TypeError, recording nothing', (_name, key, value, options, message) => {
    const cookies = jar('n=old');
    expectTypeError(() => cookies.set(key, value, options), message);
    expect([...cookies.headers()]).toEqual([]);
    expect(cookies.get('n')!.value).toBe('old');
  });
});

// What set() stores for each kind of value (Astro: strings as is, objects as JSON, else toString()).
describe('cookies.set(name, value): value conversion', () => {
  class Point {
    constructor(readonly x: number) {}
  }
  const bare = Object.assign(Object.create(null) as object, { a: 1 });
  const date = new Date(0);
  it.each<[string, unknown, string]>([
    ['a string', 'bar', 'bar'],
    ['an empty string', '', ''],
    ['a number', 2, '2'],
    ['zero', 0, '0'],
    ['a negative fraction', -1.5, '-1.5'],
    ['NaN', Number.NaN, 'NaN'],
    ['true', true, 'true'],
    ['false', false, 'false'],
    ['a bigint', 10n, '10'],
    ['a plain object', { one: 'two', three: 4 }, '{"one":"two","three":4}'],
    ['an empty object', {}, '{}'],
    ['a class instance without toString()', new Point(1), '{"x":1}'],
    ['an object with its own toString()', { toString: () => 'custom' }, 'custom'],
    ['a null-prototype object', bare, '{"a":1}'],
    ['an array (its toString())', [1, 2], '1,2'],
    ['a Date (its toString())', date, date.toString()],
  ])('%s', (_name, value, stored) => {
    const cookies = jar();
    cookies.set('n', value as string);
    expect(cookies.get('n')!.value).toBe(stored);
    expect([...cookies.headers()]).toEqual([`n=${encodeURIComponent(stored)}`]);
  });

  it('reads an empty value set in this request as the empty string', () => {
    // Unlike an empty request value, which reads as undefined: the jar returns what was set.
    const cookies = jar();
    cookies.set('n', '');
    expect(cookies.get('n')!.value).toBe('');
    expect(cookies.has('n')).toBe(true);
    expect([...cookies.headers()]).toEqual(['n=']);
  });

  it.each([null, undefined])('rejects %s with a TypeError, recording nothing', (value) => {
    const cookies = jar();
    const error = thrownBy(() => cookies.set('n', value as unknown as string));
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe(`A cookie value cannot be ${value}: pass a string, a number, a boolean or an object.`);
    expect(cookies.has('n')).toBe(false);
  });
});
