import { isAstroCookies } from '../../../lib/core/cookies/brand';
import { AstroCookies } from '../../../lib/core/cookies/cookies';
import { EPOCH, jar } from '../../helpers/cookies';

describe('cookies.headers()', () => {
  it('yields nothing for a jar with no writes', () => {
    expect([...jar('a=1').headers()]).toEqual([]);
  });

  it('yields the headers in the order names were first written', () => {
    const cookies = jar();
    cookies.set('a', '1');
    cookies.delete('b');
    cookies.set('c', '3', { path: '/' });
    expect([...cookies.headers()]).toEqual(['a=1', `b=deleted; ${EPOCH}`, 'c=3; Path=/']);
  });

  it('keeps a re-set name in its first position, with the new header', () => {
    const cookies = jar();
    cookies.set('a', '1');
    cookies.set('b', '2');
    cookies.set('a', '9', { httpOnly: true });
    expect([...cookies.headers()]).toEqual(['a=9; HttpOnly', 'b=2']);
  });

  it('keeps a deleted name in its position, and a re-set after delete too', () => {
    const cookies = jar();
    cookies.set('a', '1');
    cookies.set('b', '2');
    cookies.delete('a');
    expect([...cookies.headers()]).toEqual([`a=deleted; ${EPOCH}`, 'b=2']);
    cookies.set('a', '3');
    expect([...cookies.headers()]).toEqual(['a=3', 'b=2']);
  });

  it('is a generator that can be read again: reading does not consume', () => {
    const cookies = jar();
    cookies.set('a', '1');
    const iterator = cookies.headers();
    expect(typeof iterator.next).toBe('function');
    expect([...iterator]).toEqual(['a=1']);
    expect([...cookies.headers()]).toEqual(['a=1']);
    expect(cookies.consumed).toBe(false);
  });
});

// Astro's error.test.js checks that set() after the response was sent throws ResponseSentError,
// via a `Symbol.for('astro.responseSent')` flag on the request that only Astro's dev server sets.
// astro-bridge has no such flag; its equivalent moment is `consume()`, when the pipeline takes the
// Set-Cookie list for the response. Chosen behaviour (Astro's production behaviour): a write after
// consume() is recorded (so get/has stay consistent for the rest of the request) and reported
// through `onWarning` (default console.warn) with an Error named 'Warning' — never thrown, since
// it can happen while a page body is streaming, where a throw would cut the response short.
describe('cookies after consume() (Astro\'s error.test.js, adapted)', () => {
  it('consume() returns the headers as an array and marks the jar consumed', () => {
    const cookies = jar();
    cookies.set('a', '1');
    cookies.delete('b');
    expect(cookies.consumed).toBe(false);
    expect(cookies.consume()).toEqual(['a=1', `b=deleted; ${EPOCH}`]);
    expect(cookies.consumed).toBe(true);
  });

  it('warns, without throwing, when set() is called after consume()', () => {
    const warnings: Error[] = [];
    const cookies = jar(undefined, { onWarning: (warning) => warnings.push(warning) });
    cookies.set('a', '1');
    const sent = cookies.consume();
    expect(() => cookies.set('late', 'x')).not.toThrow();
    expect(sent).toEqual(['a=1']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.name).toBe('Warning');
    expect(warnings[0]!.message).toBe(
      'cookies.set("late") was called after the Set-Cookie headers had already been sent, so this cookie will not reach the browser.\n' +
        'Set cookies before the Response is returned (for a streamed page, before its body starts).',
    );
    // Recorded all the same: reads stay consistent, and a later consume() lists it.
    expect(cookies.get('late')!.value).toBe('x');
    expect(cookies.consume()).toEqual(['a=1', 'late=x']);
  });

  it('warns for delete() after consume() too', () => {
    const onWarning = jest.fn();
    const cookies = jar('a=1', { onWarning });
    cookies.consume();
    cookies.delete('a');
    expect(onWarning).toHaveBeenCalledTimes(1);
    expect((onWarning.mock.calls[0]![0] as Error).message).toMatch(/^cookies\.delete\("a"\) was called after/);
    expect(cookies.has('a')).toBe(false);
  });

  it('does not warn before consume(), nor for a set() that throws', () => {
    const onWarning = jest.fn();
    const cookies = jar(undefined, { onWarning });
    cookies.set('a', '1');
    cookies.consume();
    expect(() => cookies.set('bad name', 'x')).toThrow(TypeError);
    expect(onWarning).not.toHaveBeenCalled();
  });

  it('warns through console.warn by default (as Astro does), labelled cookies', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const cookies = jar();
      cookies.consume();
      cookies.set('a', '1');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0]![0]).toMatch(/^\[cookies\] cookies\.set\("a"\) was called after/);
    } finally {
      warn.mockRestore();
    }
  });
});

describe('cookies.merge()', () => {
  it('copies sets and deletions; same names are replaced in place, new ones appended', () => {
    const target = jar('keep=1; gone=1');
    target.set('a', '1');
    target.set('b', '2');
    const other = jar();
    other.set('b', 'B', { path: '/' });
    other.delete('gone');
    other.set('c', '3');
    target.merge(other);
    expect([...target.headers()]).toEqual(['a=1', 'b=B; Path=/', `gone=deleted; ${EPOCH}`, 'c=3']);
    expect(target.get('b')!.value).toBe('B');
    expect(target.has('gone')).toBe(false);
    expect(target.get('keep')!.value).toBe('1');
  });

  it('does not merge request values', () => {
    const target = jar();
    target.merge(jar('x=1'));
    expect(target.has('x')).toBe(false);
    expect([...target.headers()]).toEqual([]);
  });

  it('takes a snapshot: later writes to the other jar do not leak in', () => {
    const target = jar();
    const other = jar();
    other.set('a', '1');
    target.merge(other);
    other.set('a', '2');
    other.set('b', '2');
    expect([...target.headers()]).toEqual(['a=1']);
  });

  it('leaves the other jar untouched and unconsumed', () => {
    const other = jar();
    other.set('a', '1');
    jar().merge(other);
    expect([...other.headers()]).toEqual(['a=1']);
    expect(other.consumed).toBe(false);
  });

  it('merges a jar made by another copy of the module (CJS/ESM builds, jest realms)', () => {
    let Foreign: typeof AstroCookies | undefined;
    jest.isolateModules(() => {
      Foreign = (require('../../../lib/core/cookies/cookies') as typeof import('../../../lib/core/cookies/cookies')).AstroCookies;
    });
    expect(Foreign).not.toBe(AstroCookies);
    const other = new Foreign!(() => null);
    other.set('f', '1');
    const target = jar();
    target.merge(other);
    expect([...target.headers()]).toEqual(['f=1']);
    expect(target.get('f')!.value).toBe('1');
  });

  it('rejects anything that is not a jar', () => {
    expect(() => jar().merge({} as AstroCookies)).toThrow(new TypeError('cookies.merge() expects another AstroCookies jar.'));
  });
});

describe('reading the Cookie header lazily', () => {
  it('reads the header only on the first get() or has(), and only once', () => {
    const readHeader = jest.fn(() => 'a=1');
    const cookies = new AstroCookies(readHeader);
    cookies.set('b', '2');
    cookies.delete('c');
    [...cookies.headers()];
    cookies.merge(jar());
    cookies.consume();
    expect(readHeader).not.toHaveBeenCalled();
    expect(cookies.get('b')!.value).toBe('2');
    expect(readHeader).not.toHaveBeenCalled();
    expect(cookies.has('a')).toBe(true);
    expect(cookies.get('a')!.value).toBe('1');
    expect(cookies.has('zzz')).toBe(false);
    expect(readHeader).toHaveBeenCalledTimes(1);
  });

  it('works over a Node request header as well as a Request', () => {
    const incoming = { headers: { cookie: 'a=%20x' } as Record<string, string | undefined> };
    expect(new AstroCookies(() => incoming.headers.cookie).get('a')!.value).toBe(' x');
  });
});

describe('isAstroCookies()', () => {
  it('recognises a jar by its brand', () => {
    const cookies = jar();
    expect(isAstroCookies(cookies)).toBe(true);
    expect((cookies as unknown as Record<symbol, unknown>)[Symbol.for('astro-bridge.cookies')]).toBe(true);
  });

  it('recognises a jar from another copy of the module', () => {
    jest.isolateModules(() => {
      const { AstroCookies: Foreign } = require('../../../lib/core/cookies/cookies') as typeof import('../../../lib/core/cookies/cookies');
      expect(isAstroCookies(new Foreign(() => null))).toBe(true);
    });
  });

  it.each([null, undefined, {}, 'a=1', new Map(), { get: () => undefined, has: () => false }])(
    'is false for %p',
    (value) => {
      expect(isAstroCookies(value)).toBe(false);
    },
  );
});
