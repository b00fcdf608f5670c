import type { ErrorData } from './catalog';

const BRAND = Symbol.for('astro-bridge.error');

/**
 * Base class of every error astro-bridge throws. `name` is stable (taken from the catalog),
 * `title` and `hint` add context, `status` is the HTTP status a host should answer with.
 */
export class AstroBridgeError extends Error {
  readonly title: string;
  readonly hint: string | undefined;
  /** Set for errors caused by the client (e.g. 400); hosts' error handlers read `status`. */
  readonly status: number | undefined;
  readonly statusCode: number | undefined;
  /** Set for client errors so Koa and http-errors-aware handlers expose the message. */
  readonly expose: boolean;

  constructor(name: string, message: string, extra: { title: string; hint?: string; status?: number; cause?: unknown }) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = name;
    this.title = extra.title;
    this.hint = extra.hint;
    this.status = extra.status;
    this.statusCode = extra.status;
    this.expose = extra.status !== undefined && extra.status < 500;
  }

  /** Brand checked by {@link isAstroBridgeError}: works across realms, unlike `instanceof`. */
  get [BRAND](): true {
    return true;
  }
}

/** Creates the catalog error `data`, formatting its message with `args`. */
export function createError<Args extends unknown[]>(data: ErrorData<Args>, ...args: Args): AstroBridgeError {
  return createErrorWith(data, args);
}

/**
 * {@link createError} with a `cause` and a `hint` of the throw site's own. An entry with a `type`
 * makes that built-in error (a `TypeError` for an invalid argument) whose `code` is the catalog name.
 */
export function createErrorWith<Args extends unknown[]>(
  data: ErrorData<Args>,
  args: Args,
  extra: { cause?: unknown; hint?: string } = {},
): AstroBridgeError {
  const message = typeof data.message === 'function' ? data.message(...args) : data.message;
  if (data.type !== undefined) {
    const BuiltIn = data.type === 'TypeError' ? TypeError : Error;
    return Object.assign(new BuiltIn(message, extra.cause === undefined ? undefined : { cause: extra.cause }), {
      code: data.name,
      title: data.title,
      hint: extra.hint ?? data.hint,
    }) as unknown as AstroBridgeError;
  }
  return new AstroBridgeError(data.name, message, { title: data.title, hint: extra.hint ?? data.hint, status: data.status, cause: extra.cause });
}

/** True for any error thrown by astro-bridge, whatever realm or copy of the package made it. */
export function isAstroBridgeError(value: unknown): value is AstroBridgeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
