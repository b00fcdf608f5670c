/**
 * Where astro-bridge reports what it cannot throw to anyone: an error after the host already
 * answered, a cookie set too late, a discovery warning. Any object with these four methods fits
 * (`console`, pino, winston's loggers).
 */
export interface Logger {
  error(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  info(...args: unknown[]): void;
  debug(...args: unknown[]): void;
}

/**
 * The default: `console`, looked up on every call, so a test's spy or an app that replaces
 * `console.error` later still receives the messages. The only place the library touches `console`.
 */
export const consoleLogger: Logger = {
  error: (...args) => console.error(...args),
  warn: (...args) => console.warn(...args),
  info: (...args) => console.info(...args),
  debug: (...args) => console.debug(...args),
};

const LEVELS = ['error', 'warn', 'info', 'debug'] as const;

/** True for an object with the four methods of a {@link Logger}. */
export function isLogger(value: unknown): value is Logger {
  return typeof value === 'object' && value !== null && LEVELS.every((level) => typeof (value as Record<string, unknown>)[level] === 'function');
}
