import { AstroCookie } from '../../../lib/core/cookies/cookie';
import { thrownBy } from '../../helpers/cookies';

// AstroCookie's conversions, as astro@5.18.2 defines them (spec §3.2).
describe('AstroCookie', () => {
  it('exposes the value as given', () => {
    expect(new AstroCookie('bar').value).toBe('bar');
  });

  it.each<[string, boolean]>([
    ['false', false],
    ['0', false],
    ['', false],
    ['true', true],
    ['1', true],
    ['bar', true],
    // Only the exact spellings 'false' and '0' are false, as in Astro.
    ['False', true],
    ['FALSE', true],
    ['00', true],
    [' 0', true],
    ['no', true],
  ])('boolean() of %j is %s', (value, expected) => {
    expect(new AstroCookie(value).boolean()).toBe(expected);
  });

  it.each<[string, number]>([
    ['22', 22],
    ['-1.5', -1.5],
    ['0x10', 16],
    ['', 0],
    ['1e3', 1000],
  ])('number() of %j is %s', (value, expected) => {
    expect(new AstroCookie(value).number()).toBe(expected);
  });

  it('number() is NaN for a non-number', () => {
    expect(new AstroCookie('bar').number()).toBeNaN();
  });

  it('json() parses JSON', () => {
    expect(new AstroCookie('{"key":"value","n":[1,2]}').json()).toEqual({ key: 'value', n: [1, 2] });
  });

  it('json() throws a SyntaxError on invalid JSON', () => {
    expect(thrownBy(() => new AstroCookie('{nope').json()).name).toBe('SyntaxError');
  });

  it('json() on an undefined value throws Astro\'s error', () => {
    const cookie = new AstroCookie(undefined as unknown as string);
    const error = thrownBy(() => cookie.json());
    expect(error.name).toBe('Error');
    expect(error.message).toBe('Cannot convert undefined to an object.');
  });
});
