import path from 'node:path';

/** Where `build()` reports: progress lines, warnings (dropped cookies, conflicts) and failures. */
export interface BuildLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** A route path that failed to build, with its error. */
export interface BuildFailure {
  route: string;
  /** The path being rendered; `undefined` when `getStaticPaths()` itself failed. */
  pathname: string | undefined;
  error: unknown;
}

/** What `build()` resolves with. */
export interface BuildSummary {
  outDir: string;
  /** Prerendered routes. */
  routes: number;
  /** Files written (the manifest not counted). */
  files: number;
  bytes: number;
  durationMs: number;
  failures: BuildFailure[];
}

/** Writes to stdout and stderr (the default logger; `console` is left to the app). */
export const streamLogger: BuildLogger = {
  info: (message) => void process.stdout.write(`${message}\n`),
  warn: (message) => void process.stderr.write(`warning: ${message}\n`),
  error: (message) => void process.stderr.write(`error: ${message}\n`),
};

/**
 * Progress of the render phase. On a terminal (and not in CI) one line is redrawn with the count
 * and the current path; elsewhere every written file gets a plain line, which logs keep.
 */
export class Progress {
  #done = 0;
  #total = 0;
  readonly #live: NodeJS.WriteStream | undefined;
  constructor(readonly logger: BuildLogger, live: NodeJS.WriteStream | undefined) {
    this.#live = live;
  }

  start(total: number): void {
    this.#total = total;
  }

  /** A warning, on a line of its own even while the progress line is drawn. */
  warn(message: string): void {
    this.#clear();
    this.logger.warn(message);
  }

  rendering(pathname: string): void {
    this.#live?.write(`\r\x1b[2K[${this.#done}/${this.#total}] ${pathname}`);
  }

  written(pathname: string, file: string | undefined, bytes: number): void {
    this.#done++;
    if (this.#live) return this.rendering(pathname);
    const where = file === undefined ? '(no file: the response had no body)' : `→ ${file} (${formatBytes(bytes)})`;
    this.logger.info(`  [${this.#done}/${this.#total}] ${pathname} ${where}`);
  }

  failed(pathname: string, error: unknown): void {
    this.#done++;
    this.#clear();
    this.logger.error(`${pathname}: ${describeError(error)}`);
  }

  summary(summary: BuildSummary, cwd = process.cwd()): void {
    this.#clear();
    const { routes, files, bytes, durationMs, failures, outDir } = summary;
    const relative = path.relative(cwd, outDir);
    const where = relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? outDir : relative;
    this.logger.info(
      `astro-bridge build: ${routes} route${routes === 1 ? '' : 's'}, ${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)} in ${(durationMs / 1000).toFixed(2)} s → ${where}`,
    );
    if (failures.length === 0) return;
    this.logger.error(`${failures.length} failed:`);
    for (const f of failures) this.logger.error(`  ${f.route}${f.pathname ? ` ${f.pathname}` : ''}: ${describeError(f.error)}`);
  }

  #clear(): void {
    this.#live?.write('\r\x1b[2K');
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && 'message' in error)) {
    const { name, message } = error as Error;
    return `${name ?? 'Error'}: ${message}`;
  }
  return String(error);
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} kB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
