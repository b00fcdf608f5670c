import { jar } from '../../helpers/cookies';

// Port of astro@5.18.2 packages/astro/test/units/cookies/get.test.js (spec §3.5).
const encode = (data: unknown) => Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)).toString('base64');
const decode = (text: string) => Buffer.from(text, 'base64').toString();

describe('Astro.cookies.get', () => {
  it('gets the cookie value', () => {
    expect(jar('foo=bar').get('foo')!.value).toBe('bar');
  });

  it('gets the cookie value with default decode', () => {
    const url = 'http://localhost/?hello=world&foo=bar#hash';
    const cookies = jar(`url=${encodeURIComponent(url)}`);
    expect(cookies.get('url')!.value).toBe(url);
  });

  it('gets the cookie value with custom decode', () => {
    const url = 'http://localhost/?hello=world&foo=bar#hash';
    const cookies = jar(`url=${encode(url)}`);
    expect(cookies.has('url')).toBe(true);
    expect(cookies.get('url', { decode })!.value).toBe(url);
    // The custom decoder applies to that call only.
    expect(cookies.get('url')!.value).toBe(encode(url));
  });

  it("Returns undefined is the value doesn't exist", () => {
    expect(jar().get('foo')).toBeUndefined();
  });

  it('handles malformed cookie values gracefully', () => {
    expect(jar('malformed=0:%').get('malformed')!.value).toBe('0:%');
  });

  describe('.json()', () => {
    it('returns a JavaScript object', () => {
      const json = jar('foo=%7B%22key%22%3A%22value%22%7D').get('foo')!.json();
      expect(typeof json).toBe('object');
      expect(json.key).toBe('value');
    });
  });

  describe('.number()', () => {
    it('Coerces into a number', () => {
      const value = jar('foo=22').get('foo')!.number();
      expect(typeof value).toBe('number');
      expect(value).toBe(22);
    });

    it('Coerces non-number into NaN', () => {
      const value = jar('foo=bar').get('foo')!.number();
      expect(typeof value).toBe('number');
      expect(Number.isNaN(value)).toBe(true);
    });
  });

  describe('.boolean()', () => {
    it('Coerces true into `true`', () => {
      expect(jar('foo=true').get('foo')!.boolean()).toBe(true);
    });

    it('Coerces false into `false`', () => {
      expect(jar('foo=false').get('foo')!.boolean()).toBe(false);
    });

    it('Coerces 1 into `true`', () => {
      expect(jar('foo=1').get('foo')!.boolean()).toBe(true);
    });

    it('Coerces 0 into `false`', () => {
      expect(jar('foo=0').get('foo')!.boolean()).toBe(false);
    });

    it('Coerces truthy strings into `true`', () => {
      expect(jar('foo=bar').get('foo')!.boolean()).toBe(true);
    });
  });
});
