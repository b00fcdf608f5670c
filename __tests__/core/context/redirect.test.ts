import { redirect } from '../../../lib/core/context/redirect';
import { thrown } from '../../helpers/core';

describe('redirect(location, status?)', () => {
  it('defaults to 302 with an empty body', async () => {
    const response = redirect('/login');
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toBe('/login');
    expect(response.body).toBeNull();
  });

  it.each([300, 301, 302, 303, 304, 307, 308])('accepts the redirect status %i', (status) => {
    const response = redirect('/x', status);
    expect(response.status).toBe(status);
    expect(response.headers.get('Location')).toBe('/x');
  });

  it.each([200, 201, 305, 306, 404, 500, 999, 0, -1, 302.5, NaN])('refuses the status %s: InvalidRedirectStatus', (status) => {
    const error = thrown(() => redirect('/x', status), 'InvalidRedirectStatus');
    expect(error.message).toContain(String(status));
    expect(error.message).toContain('300, 301, 302, 303, 304, 307 or 308');
  });

  it.each([
    ['/a/b?c=d&e=f#g', '/a/b?c=d&e=f#g'],
    ['https://example.com/x?y=1', 'https://example.com/x?y=1'],
    ['../relative', '../relative'],
    ['/already%20encoded%2F', '/already%20encoded%2F'],
    ['/100%', '/100%'],
    ["/!$&'()*+,;=:@~", "/!$&'()*+,;=:@~"],
  ])('keeps an ASCII location verbatim: %s', (location, expected) => {
    expect(redirect(location).headers.get('Location')).toBe(expected);
  });

  it.each([
    ['/a b', '/a%20b'],
    ['/café', '/caf%C3%A9'],
    ['/日本', '/%E6%97%A5%E6%9C%AC'],
    ['/x?q=é é', '/x?q=%C3%A9%20%C3%A9'],
    ['/tab\there', '/tab%09here'],
    ['/emoji/😀', '/emoji/%F0%9F%98%80'],
  ])('percent-encodes non-ASCII and spaces: %j → %s', (location, expected) => {
    expect(redirect(location).headers.get('Location')).toBe(expected);
  });

  it('takes a URL object as its href', () => {
    const url = new URL('https://example.com/a b?x=é');
    expect(redirect(url, 301).headers.get('Location')).toBe(url.href);
    expect(url.href).toBe('https://example.com/a%20b?x=%C3%A9');
  });

  it.each(['/a\r\nSet-Cookie: x=1', '/a\nb', '/a\rb', 'https://example.com/\r\n'])(
    'refuses a line break: %j → InvalidRedirectLocation',
    (location) => {
      const error = thrown(() => redirect(location), 'InvalidRedirectLocation');
      expect(error.message).toContain(JSON.stringify(location));
      expect(error.hint).toContain('encodeURIComponent');
    },
  );
});
