/**
 * `chunks` (of `size` bytes in all) as one `Uint8Array`: one allocation of exactly the body's
 * size, so its `buffer` can be handed out as the body's ArrayBuffer.
 */
export function concatBytes(chunks: readonly Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}
