type Chunk = Uint8Array | string;
type Read = ReadableStreamReadResult<Chunk>;

const TICK = Symbol('tick');
const noop = () => {};

/** What the start of a body stream showed: nothing, exactly one chunk, or a stream to go on with. */
export type FirstChunks =
  | { kind: 'empty' }
  | { kind: 'single'; chunk: Chunk }
  | { kind: 'stream'; first: Chunk; next: Promise<Read> | Read | undefined };

// A first chunk larger than this is not the whole of a small body worth a Content-Length: it
// goes out at once, without waiting to see a second one (which, held here while a slow client
// drains the first, would be one more chunk in memory per connection).
const PEEK_LIMIT = 16 * 1024;

// Microtasks a second read may take before the body counts as still streaming (undici's own
// bodies take 2 on every Node in the matrix, counting the hop that records the result).
const MICROTASK_HOPS = 6;

/**
 * Reads the first chunk, and a second one if it settles before the next turn of the event loop:
 * a body that ends there was one chunk (it can go out with a Content-Length); otherwise the
 * first chunk is not held back until the producer makes the second. No second read when the
 * length is known already (`sized`) or the first chunk is large.
 */
export async function readFirstChunks(reader: ReadableStreamDefaultReader<Chunk>, sized = false): Promise<FirstChunks> {
  const first = await reader.read();
  if (first.done) return { kind: 'empty' };
  if (sized || byteLength(first.value) > PEEK_LIMIT) return { kind: 'stream', first: first.value, next: undefined };
  const pending = reader.read();
  let settled: Read | undefined;
  pending.then((read) => { settled = read; }, noop);
  // undici's own string, bytes and JSON bodies (and streams that enqueue and close at once) end
  // within a few microtasks on Node 20–26: wait those out before paying for a turn of the event
  // loop (a setImmediate: ~10 µs per response on Node 24/26, where no string source is readable).
  for (let hop = 0; hop < MICROTASK_HOPS && settled === undefined; hop++) await undefined;
  const next = settled ?? (await Promise.race([pending, new Promise<typeof TICK>((resolve) => setImmediate(resolve, TICK))]));
  if (next !== TICK && next.done) return { kind: 'single', chunk: first.value };
  return { kind: 'stream', first: first.value, next: next === TICK ? pending : next };
}

function byteLength(chunk: Chunk): number {
  // A string's UTF-8 length is at least its length: enough to compare with the limit.
  return typeof chunk === 'string' ? chunk.length : chunk.byteLength;
}
