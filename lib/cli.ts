#!/usr/bin/env node
// `npx astro-bridge build`: prerenders the app found through its config file into `outDir`.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from './build/build';
import { loadConfig } from './build/config';
import { describeError } from './build/progress';
import { VERSION } from './version';

const USAGE = `Usage: astro-bridge build [options]

Renders every prerendered route to files in outDir.

Options:
  --root <dir>       where src/ and astro-bridge.config.{mjs,js,cjs} are (default: the current directory)
  --config <file>    the config file (default: astro-bridge.config.{mjs,js,cjs} in the root)
  --out-dir <dir>    where to write (default: the config's outDir, else dist/ in the root)
  --format <format>  'directory' (about/index.html) or 'file' (about.html)
  -h, --help         this text
  -v, --version      the version`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      root: { type: 'string' },
      config: { type: 'string' },
      'out-dir': { type: 'string' },
      format: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
  if (values.version) return void process.stdout.write(`${VERSION}\n`), 0;
  if (values.help) return void process.stdout.write(`${USAGE}\n`), 0;
  if (positionals[0] !== 'build' || positionals.length > 1) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const root = path.resolve(values.root ?? '.');
  const config = await loadConfig(root, values.config);
  const options = { ...config, root: values.root !== undefined ? root : (config.root ?? root) };
  if (values['out-dir'] !== undefined) options.outDir = path.resolve(values['out-dir']);
  if (values.format !== undefined) options.build = { ...options.build, format: values.format as 'directory' };
  const summary = await build(options);
  return summary.failures.length > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`error: ${describeError(error)}\n`);
    const hint = (error as { hint?: unknown } | null)?.hint;
    if (typeof hint === 'string') process.stderr.write(`hint: ${hint}\n`);
    process.exitCode = 1;
  },
);
