import type { IncomingMessage } from 'node:http';
import { isBodyConsumed } from './request-body';
import { kHeader, kUrl, kUsable } from '../fetch/request-header';
import { bodyText, readBody } from './request-body-read';
import { forwardGetters, forwardMethods } from '../fetch/delegate';
import { DEFAULT_BODY_LIMIT } from '../core/security/limits';
import { asBodyError } from '../fetch/parsed-request';
import { buildRequest, type ToWebRequestOptions } from './request-build';

export type { ToWebRequestOptions };

// The lazy stand-in for a Request: one small object per request that answers `method`, `url`
// and single headers from `req`, and builds the real Request (request-build.ts) on first need.

const kIncoming = Symbol('incoming');
const kOptions = Symbol('options');
const kReal = Symbol('real');
const kHref = Symbol('href');
const kParsed = Symbol('parsed');
const kBodyRead = Symbol('bodyRead');

interface LazyRequest {
  [kIncoming]: IncomingMessage;
  [kOptions]: ToWebRequestOptions;
  [kReal]: Request | undefined;
  [kHref]: string | undefined;
  [kParsed]?: URL | undefined;
  /** The body was read straight from `req` (text/json/arrayBuffer before the Request was built). */
  [kBodyRead]: boolean;
}

function parse(self: LazyRequest): URL {
  const url = new URL(self[kOptions].url);
  self[kParsed] = url;
  return url;
}

/** Builds the real `Request` the first time anything but `method` or `url` is read. */
function real(self: LazyRequest): Request {
  return (self[kReal] ??= buildRequest(self[kIncoming], self[kOptions], self[kBodyRead]));
}

// A prototype chained to Request.prototype: `instanceof Request` holds, and every property and
// method defers to a real Request built on first use (the pattern of @hono/node-server).
const prototype: object = Object.create(Request.prototype, {
  method: { get(this: LazyRequest) { return this[kReal]?.method ?? this[kIncoming].method ?? 'GET'; } },
  // Serialised as the real Request would (`/a/../b` → `/b`, `"` → `%22`), so `url` reads the same
  // before and after materialising; a URL parse is still far cheaper than building the Request.
  url: { get(this: LazyRequest) { return this[kReal]?.url ?? (this[kHref] ??= parse(this).href); } },
});
const PROPERTIES = ['body', 'bodyUsed', 'cache', 'credentials', 'destination', 'duplex', 'headers', 'integrity', 'keepalive', 'mode', 'redirect', 'referrer', 'referrerPolicy', 'signal'];
forwardGetters(prototype, PROPERTIES, real);
forwardMethods(prototype, ['blob', 'bytes', 'clone', 'formData'], real);
// The usual ways to read a body, straight from the socket while the Request is unbuilt (see
// request-body-read.ts); `bodyUsed`, a second read and clone() then behave as on a real Request.
const DIRECT: Record<'text' | 'json' | 'arrayBuffer', (bytes: Uint8Array) => unknown> = {
  text: bodyText,
  json: (bytes) => {
    try {
      return JSON.parse(bodyText(bytes));
    } catch (error) {
      throw asBodyError('json', error);
    }
  },
  arrayBuffer: (bytes) => bytes.buffer,
};
for (const [key, finish] of Object.entries(DIRECT)) {
  Object.defineProperty(prototype, key, {
    value(this: LazyRequest): Promise<unknown> {
      if (!readsDirectly(this)) return (real(this) as unknown as Record<string, () => Promise<unknown>>)[key]!();
      this[kBodyRead] = true;
      const options = this[kOptions];
      return readBody(this[kIncoming], options.res, options.bodyLimit ?? DEFAULT_BODY_LIMIT).then(finish);
    },
  });
}
// undici reads its internal symbol-keyed state directly (`new Request(lazy)`, `fetch(lazy)`):
// delegate every such symbol to the real Request too.
forwardGetters(prototype, Object.getOwnPropertySymbols(new Request('http://localhost/')), real);
Object.defineProperty(prototype, Symbol.toStringTag, { value: 'Request' });
// The URL object parsed for `url`, handed over once (core's `requestUrl()`, for `context.url`):
// one parse per request instead of two. `url` keeps its string, so later changes to the handed
// object do not show through.
Object.defineProperty(prototype, kUrl, {
  value(this: LazyRequest): URL | undefined {
    if (this[kReal] !== undefined) return undefined;
    this[kHref] ??= parse(this).href;
    const url = this[kParsed];
    this[kParsed] = undefined;
    return url;
  },
});
// One header without building the Request (core's `requestHeader()`): cookies and
// Accept-Language are read on most requests, the rest of the Request on few.
Object.defineProperty(prototype, kHeader, {
  value(this: LazyRequest, name: string): string | null {
    const built = this[kReal];
    if (built !== undefined) return built.headers.get(name);
    const value = this[kIncoming].headers[name];
    if (value === undefined) return null;
    return Array.isArray(value) ? value.join(', ') : value;
  },
});

// `console.log(request)`: show the Request it stands for (built, then, as reading it would).
Object.defineProperty(prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: LazyRequest, depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return inspect(real(this), { ...options, depth });
  },
});

/**
 * Whether `toWebRequest` hands out a lazy stand-in (feature-detected): undici 5/6 (Node 20, 22)
 * take one in `new Request(lazy)` and `fetch(lazy)` through its symbol-keyed state; undici 7
 * (Node 24+) keeps that state in private fields, which no stand-in can provide (@hono/node-server
 * gets there only by replacing the global Request), so there the Request is built at once.
 */
export const LAZY_REQUEST: boolean = ((): boolean => {
  try {
    const probe = Object.create(prototype) as LazyRequest;
    probe[kReal] = new Request('http://localhost/');
    return new Request(probe as unknown as Request).url === 'http://localhost/';
  } catch {
    return false;
  }
})();

// What user code gets (core's `usableRequest()`): the stand-in where undici takes one, else the
// real Request, built on that first use.
Object.defineProperty(prototype, kUsable, {
  value: LAZY_REQUEST
    ? function (this: LazyRequest): Request { return this as unknown as Request; }
    : function (this: LazyRequest): Request { return real(this); },
});

/**
 * `IncomingMessage` → standard `Request`, lazily: creating it costs one small object; headers,
 * body stream and abort signal are built only when something reads them (built at once on
 * runtimes where a stand-in cannot work, see `LAZY_REQUEST`).
 */
export function toWebRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  if (!LAZY_REQUEST) return buildRequest(req, options, false);
  return toPipelineRequest(req, options);
}

/**
 * The lazy stand-in on every runtime, for the adapters: the pipeline reads method, URL and
 * headers from it without building a Request, and hands user code `usableRequest()` of it (the
 * stand-in itself, or on Node 24+ the real Request, built when user code first asks for it).
 * Not to be handed to user code directly.
 */
export function toPipelineRequest(req: IncomingMessage, options: ToWebRequestOptions): Request {
  const lazy = Object.create(prototype) as LazyRequest;
  lazy[kIncoming] = req;
  lazy[kOptions] = options;
  lazy[kReal] = undefined;
  lazy[kHref] = undefined;
  lazy[kParsed] = undefined;
  lazy[kBodyRead] = false;
  return lazy as unknown as Request;
}

/** Whether the body can be read from `req` itself: unbuilt, unread, and no parser took it first. */
function readsDirectly(self: LazyRequest): boolean {
  if (self[kReal] !== undefined || self[kBodyRead]) return false;
  const req = self[kIncoming];
  const method = req.method ?? 'GET';
  return method !== 'GET' && method !== 'HEAD' && self[kOptions].parsedBody === undefined && !isBodyConsumed(req);
}
