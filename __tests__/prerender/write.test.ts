import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { eachLimited, writeAtomic } from '../../lib/build/write';
import { removeDir, tempDir } from './_helpers';

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

describe('writeAtomic', () => {
  it('creates folders and replaces a file whole, leaving no temporary file', async () => {
    const file = path.join(dir, 'a', 'b', 'index.html');
    await writeAtomic(file, 'old');
    await writeAtomic(file, new TextEncoder().encode('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(path.dirname(file))).toEqual(['index.html']);
  });

  it('on failure, leaves what was there and no temporary file', async () => {
    // A folder where the file should go: the rename fails after the bytes were written.
    const target = path.join(dir, 'page');
    mkdirSync(target);
    writeFileSync(path.join(target, 'keep.txt'), 'kept');
    await expect(writeAtomic(target, 'bytes')).rejects.toMatchObject({ code: expect.stringMatching(/^E/) });
    expect(readdirSync(dir)).toEqual(['page']);
    expect(readFileSync(path.join(target, 'keep.txt'), 'utf8')).toBe('kept');
  });
});

describe('eachLimited', () => {
  it('runs every item, never more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5], 2, async (n) => {
      peak = Math.max(peak, ++running);
      await new Promise((r) => setImmediate(r));
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
  });

  it('does nothing for no items', async () => {
    await eachLimited([], 3, async () => {
      throw new Error('never');
    });
  });
});
