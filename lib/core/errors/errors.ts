import type { ErrorData } from './catalog';

const BRAND = Symbol.for('astro-bridge.error');
const HINT = '\nHint: ';

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

  /**
   * The hint is appended to the message (`…\nHint: …`) for errors that are not the client's:
   * Express's default error page and Koa's default log show `stack`, which holds the message
   * as it was at construction. Client errors (`expose`) keep a bare message, as it is sent.
   */
  constructor(name: string, message: string, extra: { title: string; hint?: string; status?: number; cause?: unknown }) {
    const exposed = extra.status !== undefined && extra.status < 500;
    super(
      extra.hint === undefined || exposed ? message : `${message}${HINT}${extra.hint}`,
      extra.cause === undefined ? undefined : { cause: extra.cause },
    );
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

/** Creates the catalog error `data`, formatting its message (and hint) with `args`. */
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
  const hint = extra.hint ?? (typeof data.hint === 'function' ? data.hint(...args) : data.hint);
  if (data.type !== undefined) {
    const BuiltIn = data.type === 'TypeError' ? TypeError : Error;
    return Object.assign(new BuiltIn(message, extra.cause === undefined ? undefined : { cause: extra.cause }), {
      code: data.name,
      title: data.title,
      hint,
    }) as unknown as AstroBridgeError;
  }
  return new AstroBridgeError(data.name, message, { title: data.title, hint, status: data.status, cause: extra.cause });
}

/**
 * The same error, its message prefixed with the file it came from (a route module found by
 * discovery): a new error, since `stack` keeps the message it was made with.
 */
export function inFile(error: AstroBridgeError, file: string): AstroBridgeError {
  const end = error.hint === undefined ? -1 : error.message.lastIndexOf(`${HINT}${error.hint}`);
  const message = end === -1 ? error.message : error.message.slice(0, end);
  return new AstroBridgeError(error.name, `${file}: ${message}`, { title: error.title, hint: error.hint, status: error.status, cause: error });
}

/** True for any error thrown by astro-bridge, whatever realm or copy of the package made it. */
export function isAstroBridgeError(value: unknown): value is AstroBridgeError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}
