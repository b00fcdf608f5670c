import { createError } from './errors/errors';
import { InvalidOption } from './errors/catalog';

/**
 * Where log messages go: the `logger` option. `console` by default; any object with these
 * methods works (pino, winston, a test's collector). Each message arrives as one string,
 * `[label] message`.
 */
export interface LoggerDestination {
  debug?(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * `context.logger` (Astro 6/7's runtime logger: `info`, `warn`, `error`), with `debug`, the
 * label its messages carry, and `fork(label)` for a logger with another label. astro-bridge logs
 * through the same object (labels `cookies`, `server`), never through `console` directly.
 */
export interface AstroLogger {
  readonly label: string;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** The same destination, another label. */
  fork(label: string): AstroLogger;
}

const LEVELS = ['debug', 'info', 'warn', 'error'] as const;

class Logger implements AstroLogger {
  constructor(
    readonly destination: LoggerDestination,
    readonly label: string,
  ) {}

  debug(message: string): void {
    this.destination.debug?.(this.#format(message));
  }

  info(message: string): void {
    this.destination.info(this.#format(message));
  }

  warn(message: string): void {
    this.destination.warn(this.#format(message));
  }

  error(message: string): void {
    this.destination.error(this.#format(message));
  }

  fork(label: string): AstroLogger {
    return new Logger(this.destination, label);
  }

  #format(message: unknown): string {
    return `[${this.label}] ${typeof message === 'string' ? message : describeError(message)}`;
  }
}

/** An error's stack (its message and where it came from), anything else as text. */
export function describeError(value: unknown): string {
  if (value instanceof Error || (typeof value === 'object' && value !== null && typeof (value as Error).stack === 'string')) {
    return (value as Error).stack ?? String(value);
  }
  return String(value);
}

/** A logger writing to `destination` (default `console`) with `label`. */
export function createLogger(destination: LoggerDestination = console, label = 'astro-bridge'): AstroLogger {
  return new Logger(destination, label);
}

/** Validates the `logger` option: an object with `info`, `warn` and `error` functions (`debug` optional). */
export function resolveLogger(option: unknown): AstroLogger {
  if (option === undefined) return createLogger();
  const given = option as Partial<Record<(typeof LEVELS)[number], unknown>> | null;
  const missing = typeof option === 'object' && given !== null ? LEVELS.filter((level) => level !== 'debug' && typeof given[level] !== 'function') : ['info', 'warn', 'error'];
  if (missing.length > 0 || (given!.debug !== undefined && typeof given!.debug !== 'function')) {
    throw createError(InvalidOption, 'logger', `expected an object with info(), warn() and error() functions (and optionally debug()), such as console; missing ${missing.join(', ') || 'a debug function'}`);
  }
  return createLogger(option as LoggerDestination);
}
