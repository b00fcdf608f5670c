/**
 * `astro-bridge/client`: call actions from the browser (or any `fetch` runtime) with the types
 * of their server definitions. Browser-safe: Web APIs only.
 *
 * @example
 * import { createActions, isInputError } from 'astro-bridge/client';
 * import type { server } from '../src/actions';
 * const actions = createActions<typeof server>();
 * const { data, error } = await actions.blog.like({ postId: '1' });
 *
 * @packageDocumentation
 * @module astro-bridge/client
 */
import type { AnyAction } from '../core/actions/define';
import { ActionError } from '../core/actions/errors';
import { deserializeActionResult } from '../core/actions/wire';

export { ActionError, ActionInputError, isActionError, isInputError } from '../core/actions/errors';
export type { ActionIssue, ErrorInferenceObject } from '../core/actions/errors';
export type { ActionErrorCode } from '../core/actions/codes';
export type { SafeResult } from '../core/actions/wire';

/** Where and how the client sends action calls. */
export interface ActionsClientOptions {
  /** Origin (and path) the calls go to; default: the page's own origin (a relative URL). Required outside a browser. */
  baseUrl?: string | URL;
  /** The renderer's `base` option, e.g. `/docs`. */
  base?: string;
  /** Append `/` to action URLs (for `trailingSlash: 'always'` set-ups behind other routers). */
  trailingSlash?: boolean;
  /** The `fetch` to use (default: the global one). */
  fetch?: typeof fetch;
  /** Extra headers for every call (an auth token, a CSRF header …). */
  headers?: HeadersInit;
}

/** One action as the client sees it: same call signature and results as on the server. */
export type ClientAction<A extends AnyAction> = ((...args: Parameters<A>) => ReturnType<A>) & {
  /** The throwing variant: resolves with the data, rejects with the `ActionError`. */
  orThrow: (...args: Parameters<A['orThrow']>) => ReturnType<A['orThrow']>;
  /** `?_action=<name>`: the `action` of a `<form method="POST">` that runs it without JavaScript. */
  readonly queryString: string;
  toString(): string;
};

/** The client of a `server` actions object: actions and nested groups, by the same names. */
export type ClientActions<T> = {
  [K in keyof T]: T[K] extends AnyAction ? ClientAction<T[K]> : T[K] extends object ? ClientActions<T[K]> : never;
};

/** Creates the action client for `typeof server` (types only: nothing of the server is bundled). */
export function createActions<T extends object>(options: ActionsClientOptions = {}): ClientActions<T> {
  return proxy('', options) as ClientActions<T>;
}

function proxy(path: string, options: ActionsClientOptions): unknown {
  const action = (input?: unknown) => call(path, input, options);
  const queryString = `?${new URLSearchParams({ _action: path })}`;
  Object.assign(action, {
    queryString,
    toString: () => queryString,
    orThrow: async (input?: unknown) => {
      const { data, error } = await call(path, input, options);
      if (error) throw error;
      return data;
    },
  });
  return new Proxy(action, {
    get(target, key) {
      if (typeof key === 'symbol' || Object.hasOwn(target, key)) return Reflect.get(target, key);
      // `await actions` must not look like a thenable.
      if (key === 'then') return undefined;
      // A literal dot in a key is sent as %2E: dots separate nested names.
      const segment = encodeURIComponent(key).replaceAll('.', '%2E');
      return proxy(path ? `${path}.${segment}` : segment, options);
    },
  });
}

async function call(path: string, input: unknown, options: ActionsClientOptions) {
  const headers = new Headers(options.headers);
  headers.set('Accept', 'application/json');
  let body: BodyInit | undefined;
  if (Object.prototype.toString.call(input) === '[object FormData]') {
    body = input as FormData;
  } else {
    try {
      body = JSON.stringify(input);
    } catch (error) {
      throw new ActionError({ code: 'BAD_REQUEST', message: `Failed to serialize request body to JSON. Full error: ${(error as Error).message}` });
    }
    // Also without a body: a JSON call passes the origin check that untyped posts face.
    headers.set('Content-Type', 'application/json');
  }
  const base = (options.base ?? '').replace(/\/+$/, '');
  const target = `${base}/_actions/${path}${options.trailingSlash ? '/' : ''}`;
  const url = options.baseUrl === undefined ? target : new URL(target.slice(1), withSlash(options.baseUrl)).href;
  const response = await (options.fetch ?? fetch)(url, { method: 'POST', body, headers });
  if (response.status === 204) return deserializeActionResult({ type: 'empty', status: 204 });
  const text = await response.text();
  if (response.ok) return deserializeActionResult({ type: 'data', status: 200, contentType: 'application/json+devalue', body: text });
  return deserializeActionResult({ type: 'error', status: response.status, contentType: 'application/json', body: text });
}

function withSlash(url: string | URL): string {
  const href = String(url);
  return href.endsWith('/') ? href : `${href}/`;
}
