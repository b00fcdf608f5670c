import { Readable } from 'node:stream';

/**
 * A producer of `total` chunks of `size` bytes (chunk i filled with byte `i % 251`), counting
 * how many were pulled and noting when it was destroyed.
 */
export function counted(total: number, size: number): { stream: Readable; pulled: () => number; destroyed: Promise<void> } {
  let pulled = 0;
  let onDestroyed!: () => void;
  const destroyed = new Promise<void>((resolve) => (onDestroyed = resolve));
  const stream = new Readable({
    highWaterMark: size,
    read() {
      if (pulled === total) return void this.push(null);
      this.push(Buffer.alloc(size, pulled % 251));
      pulled++;
    },
    destroy(err, cb) {
      onDestroyed();
      cb(err);
    },
  });
  return { stream, pulled: () => pulled, destroyed };
}

/** Checks a body produced by `counted(total, size)`: length and every chunk's fill byte. */
export function checkCounted(body: Buffer, total: number, size: number): void {
  expect(body.length).toBe(total * size);
  for (let i = 0; i < total; i++) {
    const at = i * size;
    if (body[at] !== i % 251 || body[at + size - 1] !== i % 251) throw new Error(`chunk ${i} is corrupt`);
  }
}
