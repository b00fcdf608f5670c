import { AstroCookies } from '../../../lib/core/cookies/cookies';
import { jar } from '../../helpers/cookies';

// A Cookie header is client input: whatever it holds, reading it never throws.
describe('cookies.get/has on malformed Cookie headers', () => {
  it.each<[string, string, string, string | undefined, boolean]>([
    // [case, header, name, get(name)?.value, has(name)]
    ['a pair without =', 'foo', 'foo', undefined, false],
    ['a pair without = before a good one', 'foo; a=1', 'a', '1', true],
    ['a pair without = after a good one', 'a=1; foo', 'a', '1', true],
    ['a bare name after a good one', 'a=1; foo', 'foo', undefined, false],
    ['bad percent-encoding', 'a=%E0%A4%A', 'a', '%E0%A4%A', true],
    ['a lone %', 'a=%', 'a', '%', true],
    ['an invalid UTF-8 sequence', 'a=%FF%FE', 'a', '%FF%FE', true],
    ['a valid UTF-8 sequence', 'a=%E2%9C%93', 'a', '✓', true],
    ['duplicates: the first wins', 'a=1; a=2; a=3', 'a', '1', true],
    ['duplicates after an empty first value', 'a=; a=2', 'a', undefined, true],
    ['an empty value', 'e=', 'e', undefined, true],
    ['an empty value with spaces', 'e=  ; f=1', 'e', undefined, true],
    ['a quoted value keeps its quotes, as in Astro', 'q="hello"', 'q', '"hello"', true],
    ['a quoted, encoded value', 'q="a%20b"', 'q', '"a b"', true],
    ['a value containing =', 'a=b=c', 'a', 'b=c', true],
    ['spaces and tabs around names and values', ' \ta = 1 \t; b=2', 'a', '1', true],
    ['empty pairs', ';;a=1;;;b=2;', 'b', '2', true],
    ['an empty name', '=v; a=1', '', 'v', true],
    ['a name with spaces inside', 'a b=1', 'a b', '1', true],
    ['a comma-joined header', 'a=1, b=2', 'a', '1, b=2', true],
    ['only semicolons', ';;;', 'a', undefined, false],
    ['only =', '=', '', undefined, false],
    ['an empty header', '', 'a', undefined, false],
    ['a one-character header', 'a', 'a', undefined, false],
  ])('%s: %j', (_case, header, name, value, present) => {
    const cookies = jar(header);
    expect(cookies.get(name)?.value).toBe(value);
    expect(cookies.has(name)).toBe(present);
  });

  it.each(['toString', 'constructor', 'hasOwnProperty', '__proto__', 'valueOf'])(
    'never reports the Object.prototype member %s as a cookie',
    (name) => {
      for (const cookies of [jar(), jar('a=1'), jar('')]) {
        expect(cookies.has(name)).toBe(false);
        expect(cookies.get(name)).toBeUndefined();
      }
    },
  );

  it('reads a cookie named __proto__ as a plain cookie, polluting nothing', () => {
    const cookies = jar('__proto__=x; constructor=y');
    expect(cookies.get('__proto__')!.value).toBe('x');
    expect(cookies.get('constructor')!.value).toBe('y');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('survives 8 KB of junk and still finds the cookie after it', () => {
    const junk = 'x'.repeat(8192);
    const cookies = jar(`${junk}; z=1`);
    expect(cookies.get('z')!.value).toBe('1');
    expect(cookies.has(junk)).toBe(false);
  });

  it('survives 8 KB of random header characters', () => {
    // A fixed-seed generator, so a failure is reproducible.
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ' \t;=%"\\,abcAZ09%%E0%ZZ\u00e9\u00ff!#$&\'()*+-./:<>?@[]^_`{|}~';
    for (let round = 0; round < 20; round++) {
      let header = '';
      while (header.length < 8192) header += alphabet[Math.floor(random() * alphabet.length)];
      const cookies = jar(`${header}; last=ok`);
      for (const name of ['a', 'last', '', ' ', '%', 'x"']) {
        expect(() => cookies.get(name)).not.toThrow();
        expect(() => cookies.get(name, { decode: decodeURIComponent })).not.toThrow();
        expect(() => cookies.has(name)).not.toThrow();
      }
    }
  });

  it('keeps the raw value when a custom decode throws', () => {
    const cookies = jar('a=abc');
    const decode = () => {
      throw new Error('nope');
    };
    expect(cookies.get('a', { decode })!.value).toBe('abc');
  });

  it('treats a missing header (null or undefined) as no cookies', () => {
    expect(new AstroCookies(() => null).has('a')).toBe(false);
    expect(new AstroCookies(() => undefined).get('a')).toBeUndefined();
  });
});
