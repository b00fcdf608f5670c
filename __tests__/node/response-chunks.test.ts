import { readFirstChunks } from '../../lib/node/response-chunks';

// lib/node/response-chunks.ts: is the body one chunk (sent with a Content-Length) or a stream?
// Asserted on every Node in the matrix: undici's own bodies are seen whole within microtasks.

/** Runs `read` and says whether it finished before a turn of the event loop (a setImmediate). */
async function beforeNextTurn<T>(read: () => Promise<T>): Promise<{ value: T; beforeNextTurn: boolean }> {
  let turned = false;
  setImmediate(() => { turned = true; });
  const value = await read();
  return { value, beforeNextTurn: !turned };
}

describe('readFirstChunks', () => {
  it.each([
    ['a string', () => new Response('hello')],
    ['bytes', () => new Response(new Uint8Array([104, 105]))],
    ['Response.json()', () => Response.json({ a: 1 })],
    ['a stream that enqueues and closes at once', () => new Response(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } }))],
  ])('%s: one chunk, known without waiting for the event loop', async (_, make) => {
    const { value, beforeNextTurn: quick } = await beforeNextTurn(() => readFirstChunks(make().body!.getReader()));
    expect(value.kind).toBe('single');
    expect(quick).toBe(true);
  });

  it('a stream whose second chunk comes later: streamed, the first chunk not held back for it', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start(c) { controller = c; c.enqueue(new Uint8Array([1])); } });
    const first = await readFirstChunks(stream.getReader());
    expect(first.kind).toBe('stream');
    controller.enqueue(new Uint8Array([2]));
    controller.close();
    if (first.kind !== 'stream') throw new Error('unreachable');
    expect((await first.next)!.value).toEqual(new Uint8Array([2]));
  });

  it('an empty stream is empty; a sized body is not waited on for a second chunk', async () => {
    expect((await readFirstChunks(new ReadableStream({ start(c) { c.close(); } }).getReader())).kind).toBe('empty');
    const sized = await readFirstChunks(new Response('abc').body!.getReader(), true);
    expect(sized).toMatchObject({ kind: 'stream', next: undefined });
  });
});
