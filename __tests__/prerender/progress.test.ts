import { PassThrough } from 'node:stream';
import { Progress } from '../../lib/build/progress';
import { memoryLogger } from './_helpers';

function terminal(): NodeJS.WriteStream & { text(): string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & { text(): string };
  let written = '';
  stream.write = ((chunk: string) => ((written += chunk), true)) as never;
  stream.text = () => written;
  return stream;
}

const summary = { outDir: process.cwd() + '/dist', routes: 2, files: 3, bytes: 2048, durationMs: 1500, failures: [] };

describe('build progress', () => {
  it('on a terminal, redraws one line with done/total and the current path, and logs no file lines', () => {
    const logger = memoryLogger();
    const tty = terminal();
    const progress = new Progress(logger, tty);
    progress.start(2);
    progress.rendering('/a');
    progress.written('/a', 'a/index.html', 10);
    progress.warn('careful');
    progress.summary(summary);
    expect(tty.text()).toContain('\r\x1b[2K[0/2] /a');
    expect(tty.text()).toContain('\r\x1b[2K[1/2] /a');
    expect(logger.lines).toEqual([
      { level: 'warn', message: 'careful' },
      { level: 'info', message: 'astro-bridge build: 2 routes, 3 files, 2.0 kB in 1.50 s → dist' },
    ]);
  });

  it('names an outDir outside the working directory by its absolute path', () => {
    const logger = memoryLogger();
    new Progress(logger, undefined).summary({ ...summary, outDir: '/elsewhere/out' }, '/work/app');
    expect(logger.lines[0]!.message).toMatch(/→ \/elsewhere\/out$/);
  });

  it('elsewhere, writes a plain line per file and lists failures in the summary', () => {
    const logger = memoryLogger();
    const progress = new Progress(logger, undefined);
    progress.start(2);
    progress.rendering('/a');
    progress.written('/a', 'a/index.html', 10);
    progress.written('/empty', undefined, 0);
    const error = Object.assign(new Error('no'), { name: 'GetStaticPathsRequired' });
    progress.summary({ ...summary, failures: [{ route: '/[id]', pathname: undefined, error }] });
    expect(logger.text()).toBe(
      [
        'info:   [1/2] /a → a/index.html (10 B)',
        'info:   [2/2] /empty (no file: the response had no body)',
        'info: astro-bridge build: 2 routes, 3 files, 2.0 kB in 1.50 s → dist',
        'error: 1 failed:',
        'error:   /[id]: GetStaticPathsRequired: no',
      ].join('\n'),
    );
  });
});
