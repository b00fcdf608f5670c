type Chunk = Uint8Array | string;
type Read = ReadableStreamReadResult<Chunk>;

const TICK = Symbol('tick');
const noop = () => {};

/** What the start of a body stream showed: nothing, exactly one chunk, or a stream to go on with. */
export type FirstChunks =
  | { kind: 'empty' }
  | { kind: 'single'; chunk: Chunk }
  | { kind: 'stream'; first: Chunk; next: Promise<Read> | Read };

/**
 * Reads the first chunk, and a second one if it settles before the next turn of the event loop:
 * a body that ends there was one chunk (it can go out with a Content-Length); otherwise the
 * first chunk is not held back until the producer makes the second.
 */
export async function readFirstChunks(reader: ReadableStreamDefaultReader<Chunk>): Promise<FirstChunks> {
  const first = await reader.read();
  if (first.done) return { kind: 'empty' };
  const pending = reader.read();
  pending.catch(noop);
  const next = await Promise.race([pending, new Promise<typeof TICK>((resolve) => setImmediate(resolve, TICK))]);
  if (next !== TICK && next.done) return { kind: 'single', chunk: first.value };
  return { kind: 'stream', first: first.value, next: next === TICK ? pending : next };
}
