import { bodySource, isUntouched, READS_RESPONSE_SOURCE } from '../../lib/node/response-source';
import { sourceResponse } from '../../lib/fetch/lazy-response';

// undici 5/6 (Node 20, 22) show the body a Response was made from; undici 7 (Node 24+) hide it,
// and there the stream path reads it. Either way bodySource never answers a wrong body.
const visible = READS_RESPONSE_SOURCE ? it : it.skip;
const hidden = READS_RESPONSE_SOURCE ? it.skip : it;

describe('bodySource (the string/bytes fast path)', () => {
  it('sees undici\'s state exactly where undici keeps it under a symbol (the feature test is right)', () => {
    const symbols = Object.getOwnPropertySymbols(new Response('x')).map((symbol) => symbol.description);
    expect(READS_RESPONSE_SOURCE).toBe(symbols.includes('state'));
  });

  it('finds the string or bytes of our own lazy Responses on every version, while untouched', async () => {
    const page = sourceResponse('<p>page</p>', { headers: { 'content-type': 'text/html' } });
    expect(bodySource(page)).toBe('<p>page</p>');
    expect(bodySource(sourceResponse(new Uint8Array([1]), {}))).toEqual(new Uint8Array([1]));
    await page.text();
    expect(bodySource(page)).toBeUndefined();
  });

  hidden('finds nothing in a real Response where undici hides its state (the stream path reads it)', () => {
    expect(bodySource(new Response('hello'))).toBeUndefined();
    expect(bodySource(new Response(new Uint8Array([1, 2, 3])))).toBeUndefined();
  });

  visible('finds the string or bytes a Response was made from', () => {
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

  visible('keeps the fast path for a body whose reader was released unread, not for one read then released', async () => {
    const released = new Response('kept');
    released.body!.getReader().releaseLock();
    expect(bodySource(released)).toBe('kept');
    const read = new Response('gone');
    const reader = read.body!.getReader();
    await reader.read();
    reader.releaseLock();
    expect(bodySource(read)).toBeUndefined();
  });
});

describe('isUntouched (a stream neither locked nor disturbed)', () => {
  it('reads Node\'s own state record', async () => {
    expect(isUntouched(new ReadableStream())).toBe(true);
    const locked = new ReadableStream();
    locked.getReader();
    expect(isUntouched(locked)).toBe(false);
    const cancelled = new ReadableStream();
    await cancelled.cancel();
    expect(isUntouched(cancelled)).toBe(false);
  });

  it('falls back to the public getters for a stream without that record', () => {
    const disturbed = Symbol.for('nodejs.stream.disturbed');
    const like = (locked: boolean, isDisturbed: boolean) => ({ locked, [disturbed]: isDisturbed }) as unknown as ReadableStream;
    expect(isUntouched(like(false, false))).toBe(true);
    expect(isUntouched(like(true, false))).toBe(false);
    expect(isUntouched(like(false, true))).toBe(false);
  });
});
