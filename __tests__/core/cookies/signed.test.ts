import { sign } from 'cookie-signature';
import { AstroCookies } from '../../../lib/core/cookies/cookies';
import { cookieParserSigner } from '../../../lib/core/cookies/cookie-parser-signer';
import { jar, thrownBy } from '../../helpers/cookies';

const SECRET = 'keyboard cat';
const signer = cookieParserSigner(SECRET);

describe('cookieParserSigner(secret)', () => {
  it('signs exactly as cookie-signature does', () => {
    expect(signer.sign('hello')).toBe(sign('hello', SECRET));
    expect(signer.sign('hello')).toMatch(/^hello\.[A-Za-z0-9+/]{43}$/);
  });

  it('verifies its own signature and returns the value', () => {
    expect(signer.unsign(signer.sign('a.b.c'))).toBe('a.b.c');
    expect(signer.unsign(signer.sign(''))).toBe('');
  });

  it.each<[string, string]>([
    ['a changed value', sign('hello', SECRET).replace('hello', 'hellp')],
    ['a changed signature', `${sign('hello', SECRET).slice(0, -1)}A`],
    ['a truncated signature', sign('hello', SECRET).slice(0, -2)],
    ['no signature', 'hello'],
    ['another secret', sign('hello', 'other secret')],
    ['an empty string', ''],
  ])('rejects %s', (_name, signed) => {
    expect(signer.unsign(signed)).toBe(false);
  });

  it('signs with the first of several secrets and verifies with any (rotation)', () => {
    const rotated = cookieParserSigner(['new secret', 'old secret']);
    expect(rotated.sign('v')).toBe(sign('v', 'new secret'));
    expect(rotated.unsign(sign('v', 'old secret'))).toBe('v');
    expect(rotated.unsign(sign('v', 'new secret'))).toBe('v');
    expect(rotated.unsign(sign('v', 'unknown'))).toBe(false);
  });

  it.each<[string, unknown]>([
    ['an empty string', ''],
    ['an empty list', []],
    ['a list with an empty string', ['ok', '']],
    ['a non-string', [42]],
  ])('rejects %s as secret', (_name, secret) => {
    const error = thrownBy(() => cookieParserSigner(secret as string));
    expect(error.name).toBe('TypeError');
    expect(error.message).toBe('cookieParserSigner() needs a non-empty secret string, or a list of them.');
  });
});

describe('cookies.set(name, value, { signed: true })', () => {
  it('writes s:<value>.<signature>, URL-encoded like any value', () => {
    const cookies = jar(undefined, { signer });
    cookies.set('sid', 'hello', { signed: true });
    expect([...cookies.headers()]).toEqual([`sid=${encodeURIComponent(`s:${sign('hello', SECRET)}`)}`]);
  });

  it('keeps every other option, and `signed` never reaches the header', () => {
    const cookies = jar(undefined, { signer });
    cookies.set('sid', 'hello', { signed: true, path: '/', httpOnly: true, sameSite: 'lax' });
    expect([...cookies.headers()]).toEqual([
      `sid=${encodeURIComponent(`s:${sign('hello', SECRET)}`)}; Path=/; HttpOnly; SameSite=Lax`,
    ]);
  });

  it('converts the value first (objects to JSON), then signs it', () => {
    const cookies = jar(undefined, { signer });
    cookies.set('o', { a: 1 }, { signed: true });
    expect(cookies.get('o')!.value).toBe(`s:${sign('{"a":1}', SECRET)}`);
    expect(cookies.get('o', { signed: true })!.json()).toEqual({ a: 1 });
  });

  it('reads back signed in the same request: verified with `signed`, raw without', () => {
    const cookies = jar(undefined, { signer });
    cookies.set('sid', 'hello', { signed: true });
    expect(cookies.get('sid', { signed: true })!.value).toBe('hello');
    // The raw value is what the next request will carry, so the jar answers the same now.
    expect(cookies.get('sid')!.value).toBe(`s:${sign('hello', SECRET)}`);
  });

  it('throws CookieSignerMissing without a signer, recording nothing', () => {
    const cookies = jar('sid=old');
    const error = thrownBy(() => cookies.set('sid', 'hello', { signed: true }));
    expect(error.name).toBe('CookieSignerMissing');
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe(
      'cookies.set("sid", …, { signed: true }) needs a secret to sign with, and none is configured. ' +
        'Express: install cookie-parser with a secret before astro-bridge (app.use(cookieParser(secret))). ' +
        "Koa: set the app's keys (app.keys = ['a secret']).",
    );
    expect([...cookies.headers()]).toEqual([]);
    expect(cookies.get('sid')!.value).toBe('old');
  });

  it('round-trips values with dots, separators and non-ASCII text', () => {
    for (const value of ['a.b.c', 'a b;c=d,e', 'ünïcødé ✓', '', 's:nested', 'j:{"x":1}']) {
      const writer = jar(undefined, { signer });
      writer.set('v', value, { signed: true });
      const header = [...writer.headers()][0]!;
      expect(jar(header, { signer }).get('v', { signed: true })!.value).toBe(value);
    }
  });
});

describe('cookies.get(name, { signed: true }) on the request', () => {
  const signedHeader = (value: string, secret = SECRET) => `sid=${encodeURIComponent(`s:${sign(value, secret)}`)}`;

  it('verifies a value signed by cookie-signature and returns it unsigned', () => {
    expect(jar(signedHeader('hello'), { signer }).get('sid', { signed: true })!.value).toBe('hello');
  });

  it('accepts the s: prefix unencoded too (decoding happens before verification)', () => {
    expect(jar(`sid=s:${sign('hello', SECRET)}`, { signer }).get('sid', { signed: true })!.value).toBe('hello');
  });

  it('returns the raw s: value without `signed`', () => {
    expect(jar(signedHeader('hello'), { signer }).get('sid')!.value).toBe(`s:${sign('hello', SECRET)}`);
  });

  it.each<[string, string]>([
    ['a tampered value', signedHeader('hello').replace('hello', 'hellp')],
    ['a tampered signature', `sid=${encodeURIComponent(`s:${sign('hello', SECRET).slice(0, -1)}B`)}`],
    ['another secret', signedHeader('hello', 'other')],
    ['an unsigned cookie', 'sid=hello'],
    ['an unsigned cookie that looks signed', `sid=${sign('hello', SECRET)}`],
    ['an empty value', 'sid='],
    ['no cookie', 'other=1'],
  ])('is undefined for %s', (_name, header) => {
    expect(jar(header, { signer }).get('sid', { signed: true })).toBeUndefined();
  });

  it('is undefined when the jar has no signer (no secret configured)', () => {
    expect(jar(signedHeader('hello')).get('sid', { signed: true })).toBeUndefined();
  });

  it('is undefined after delete(), and for a cookie set unsigned in this request', () => {
    const cookies = jar(signedHeader('hello'), { signer });
    cookies.set('plain', 'x');
    expect(cookies.get('plain', { signed: true })).toBeUndefined();
    cookies.delete('sid');
    expect(cookies.get('sid', { signed: true })).toBeUndefined();
  });

  it('applies a custom decode before verifying', () => {
    const base64 = Buffer.from(`s:${sign('hello', SECRET)}`).toString('base64url');
    const decode = (text: string) => Buffer.from(text, 'base64url').toString();
    expect(jar(`sid=${base64}`, { signer }).get('sid', { signed: true, decode })!.value).toBe('hello');
  });

  it('verifies with a custom signer passed at construction', () => {
    const reverse = { sign: (v: string) => `${v}.${[...v].reverse().join('')}`, unsign: (s: string) => (s === 'ab.ba' ? 'ab' : false as const) };
    const cookies = new AstroCookies(() => 'a=s%3Aab.ba; b=s%3Aab.xx', { signer: reverse });
    expect(cookies.get('a', { signed: true })!.value).toBe('ab');
    expect(cookies.get('b', { signed: true })).toBeUndefined();
  });
});

describe('a signer given as a function', () => {
  it('is called once, on the first signed use, never for unsigned cookies', () => {
    let calls = 0;
    const warnings: Error[] = [];
    const cookies = new AstroCookies(() => 'plain=1', {
      signer: () => {
        calls++;
        return signer;
      },
      // The signed set below comes after consume(): its late-write warning is expected here,
      // not printed as a stack in the test run.
      onWarning: (warning) => warnings.push(warning),
    });
    cookies.set('a', 'x', { path: '/' });
    expect(cookies.get('plain')!.value).toBe('1');
    expect(cookies.consume()).toEqual(['a=x; Path=/']);
    expect(calls).toBe(0);
    cookies.set('sid', 'hello', { signed: true });
    expect(cookies.get('sid', { signed: true })!.value).toBe('hello');
    expect(calls).toBe(1);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('cookies.set("sid")')]);
  });

  it('that returns undefined means no signer: signed set throws CookieSignerMissing', () => {
    let calls = 0;
    const cookies = new AstroCookies(() => null, { signer: () => (calls++, undefined), onWarning: () => {} });
    expect(thrownBy(() => cookies.set('sid', 'hello', { signed: true })).name).toBe('CookieSignerMissing');
    expect(thrownBy(() => cookies.set('sid', 'hello', { signed: true })).name).toBe('CookieSignerMissing');
    expect(calls).toBe(1);
  });
});
