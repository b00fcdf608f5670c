import { bodySource } from '../../lib/node/body-source';

describe('bodySource (the string/bytes fast path)', () => {
  it('finds the string or bytes a Response was made from', () => {
    expect(bodySource(new Response('hello'))).toBe('hello');
    expect(bodySource(new Response(new Uint8Array([1, 2, 3])))).toEqual(new Uint8Array([1, 2, 3]));
    expect(new TextDecoder().decode(bodySource(Response.json({ a: 1 })) as Uint8Array)).toBe('{"a":1}');
  });

  it('leaves streams, empty bodies and used or locked bodies to the stream path', async () => {
    expect(bodySource(new Response(new ReadableStream()))).toBeUndefined();
    expect(bodySource(new Response(null))).toBeUndefined();
    const used = new Response('x');
    await used.text();
    expect(bodySource(used)).toBeUndefined();
    const locked = new Response('x');
    locked.body!.getReader();
    expect(bodySource(locked)).toBeUndefined();
    // Cancelled without a reader: unlocked, but its body is gone.
    const cancelled = new Response('x');
    await cancelled.body!.cancel();
    expect(cancelled.body!.locked).toBe(false);
    expect(bodySource(cancelled)).toBeUndefined();
    const wrapped = new Response('x');
    expect(bodySource(new Response(wrapped.body, wrapped))).toBeUndefined();
  });
});
