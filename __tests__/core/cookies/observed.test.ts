import { EPOCH, expectTypeError, jar } from '../../helpers/cookies';

// "Additional observed outputs" of the real astro@5.18.2 dist (spec §3.5), reproduced.
describe('astro@5.18.2 observed outputs', () => {
  it('header `a=1; b=%7B%22k%22%3A1%7D; a=2; e=`: first duplicate wins, empty value is present but unread', () => {
    const cookies = jar('a=1; b=%7B%22k%22%3A1%7D; a=2; e=');
    expect(cookies.get('a')!.value).toBe('1');
    expect(cookies.get('b')!.json()).toEqual({ k: 1 });
    expect(cookies.has('e')).toBe(true);
    expect(cookies.get('e')).toBeUndefined();
  });

  it("delete('a')", () => {
    const cookies = jar();
    cookies.delete('a');
    expect([...cookies.headers()]).toEqual([`a=deleted; ${EPOCH}`]);
  });

  it("set('o', {x:1})", () => {
    const cookies = jar();
    cookies.set('o', { x: 1 });
    expect([...cookies.headers()]).toEqual(['o=%7B%22x%22%3A1%7D']);
    expect(cookies.get('o')!.value).toBe('{"x":1}');
  });

  it("set('sp', 'a b;c')", () => {
    const cookies = jar();
    cookies.set('sp', 'a b;c');
    expect([...cookies.headers()]).toEqual(['sp=a%20b%3Bc']);
    expect(cookies.get('sp')!.value).toBe('a b;c');
  });

  it("set('bad name', 'x')", () => {
    expectTypeError(() => jar().set('bad name', 'x'), 'argument name is invalid: bad name');
  });

  it("set('x', '1'); delete('x')", () => {
    const cookies = jar();
    cookies.set('x', '1');
    cookies.delete('x');
    expect([...cookies.headers()]).toEqual([`x=deleted; ${EPOCH}`]);
    expect(cookies.has('x')).toBe(false);
    expect(cookies.get('x')).toBeUndefined();
  });

  it("delete('y', {path:'/p', sameSite:'none'})", () => {
    const cookies = jar();
    cookies.delete('y', { path: '/p', sameSite: 'none' });
    expect([...cookies.headers()]).toEqual([`y=deleted; Path=/p; ${EPOCH}; SameSite=None`]);
  });
});
