import type { MiddlewareHandler } from '../../types';

/**
 * Where a middleware handler came from, so an error it causes can name it: the line that
 * passed it to `defineMiddleware()`, or the file whose `onRequest` export it is. The call
 * site is captured as an unformatted stack (cheap, once per handler at load time) and only
 * formatted when an error needs it.
 */
const origins = new WeakMap<MiddlewareHandler, { stack?: string } | string>();

/** Records the caller of `api` (one of our functions) as where `handler` was defined. */
export function recordCaller(handler: MiddlewareHandler, api: (...args: never[]) => unknown): void {
  if (origins.has(handler)) return;
  origins.set(handler, captureCaller(api));
}

/** Records the file that exports `handler` as `onRequest` (discovery), unless known already. */
export function recordFile(handler: MiddlewareHandler, file: string): void {
  if (!origins.has(handler)) origins.set(handler, `exported as onRequest by ${file}`);
}

/** An unformatted one-frame stack: the caller of `api`. */
export function captureCaller(api: (...args: never[]) => unknown): { stack?: string } {
  const holder: { stack?: string } = {};
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  Error.captureStackTrace(holder, api);
  Error.stackTraceLimit = limit;
  return holder;
}

/** `file:line:column` of a stack captured by {@link captureCaller}, if it has one. */
export function location(captured: { stack?: string } | undefined): string | undefined {
  const frame = captured?.stack?.split('\n')[1]?.trim();
  if (frame === undefined) return undefined;
  const inParens = /\((.+)\)$/.exec(frame);
  return inParens ? inParens[1] : frame.replace(/^at\s+/, '');
}

/** A handler in a `sequence()`: its position and where that sequence was made. */
export interface SequencePosition {
  index: number;
  count: number;
  at: { stack?: string } | undefined;
}

/**
 * Names a handler for an error message: "`auth` (handler 2 of 3 in the sequence() at
 * src/middleware.js:20:26; defined at src/middleware.js:3:14)".
 */
export function describeHandler(handler: MiddlewareHandler, position?: SequencePosition): string {
  const name = handler.name ? `\`${handler.name}\`` : 'an anonymous function';
  const facts: string[] = [];
  if (position !== undefined) {
    const at = location(position.at);
    facts.push(`handler ${position.index + 1} of ${position.count} in the sequence()${at ? ` at ${at}` : ''}`);
  }
  const origin = origins.get(handler);
  const where = typeof origin === 'string' ? origin : location(origin);
  if (where !== undefined) facts.push(typeof origin === 'string' ? where : `defined at ${where}`);
  return facts.length === 0 ? name : `${name} (${facts.join('; ')})`;
}
