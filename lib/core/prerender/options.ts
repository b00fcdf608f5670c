import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';
import type { RendererOptions } from '../../types';
import type { BuildFormat } from './out-file';

/** The prerendering options, validated. */
export interface ResolvedPrerender {
  /** Whether routes without a `prerender` export are prerendered. */
  byDefault: boolean;
  /** Absolute directory of the build. */
  outDir: string;
  /** Render prerendered routes on demand even when a build exists. */
  dev: boolean;
  format: BuildFormat;
  /** Paths rendered at once by `build()`. */
  concurrency: number;
  /** Reports a missing or stale build: the `logger` option's `warn`, else Node's `process.emitWarning`. */
  warn: (message: string, code: string) => void;
}

export function resolvePrerender(options: RendererOptions, root: string): ResolvedPrerender {
  const { prerender, outDir, dev, build = {} } = options;
  if (prerender !== undefined && typeof prerender !== 'boolean') throw createError(InvalidOption, 'prerender', 'expected true or false');
  if (dev !== undefined && typeof dev !== 'boolean') throw createError(InvalidOption, 'dev', 'expected true or false');
  if (typeof build !== 'object' || build === null) throw createError(InvalidOption, 'build', "expected an object such as { format: 'directory' }");
  const format = build.format ?? 'directory';
  if (format !== 'directory' && format !== 'file') {
    throw createError(InvalidOption, 'build.format', `expected 'directory' or 'file', got ${JSON.stringify(format)}`);
  }
  const concurrency = build.concurrency ?? 4;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw createError(InvalidOption, 'build.concurrency', `expected a whole number of at least 1, got ${JSON.stringify(concurrency)}`);
  }
  return { byDefault: prerender ?? false, outDir: resolveOutDir(outDir, root), dev: dev ?? false, format, concurrency, warn: warnerOf(options) };
}

// The `logger` option (any object with `warn`, such as console or pino) when there is one.
function warnerOf(options: RendererOptions): (message: string, code: string) => void {
  const logger = (options as { logger?: { warn?: unknown } }).logger;
  if (typeof logger?.warn === 'function') return (message) => (logger.warn as (m: string) => void).call(logger, message);
  // Node's warning channel: printed to stderr by default; `process.on('warning')` sees it.
  return (message, code) => process.emitWarning(message, { type: 'AstroBridgeWarning', code });
}

function resolveOutDir(outDir: string | URL | undefined, root: string): string {
  if (outDir === undefined) return path.resolve(root, 'dist');
  if (outDir instanceof URL) return fileURLToPath(outDir);
  if (typeof outDir !== 'string' || outDir === '') throw createError(InvalidOption, 'outDir', 'expected a directory path or file: URL');
  return path.resolve(root, outDir.startsWith('file:') ? fileURLToPath(outDir) : outDir);
}
