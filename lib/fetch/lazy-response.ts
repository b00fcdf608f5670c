// A Response whose body is made only when something reads it. The host's own response, captured
// for Astro middleware's `next()`, and a page's HTML are usually sent on unread (at most a header
// decorated): building a web stream and a Response around it cost more than the rest of the
// request (Node 20: ~20 µs, plus the garbage). A writer that knows the body's string or bytes
// (`untouchedSource`) sends them without ever making the stream. The stand-in answers
// `instanceof Response`, carries the status and a real, mutable `Headers` from a body-less
// Response made at once (cheap), and builds the full Response the first time its body is
// touched — the pattern of the lazy Request in lib/node/request.ts.

import { forwardGetters, forwardMethods } from './delegate';

// Registry symbols: the package's entry points (`astro-bridge`, `astro-bridge/express`, …) are
// bundled separately, each with its own copy of this module. A `FastResponse` from `astro-bridge`
// must still be known to the writer in `astro-bridge/express`, else it is sent through the full
// Response and its stream (it counted 5–13 % more instructions than a plain Response).
const kHead = Symbol.for('astro-bridge.lazyResponse.head');
const kFull = Symbol.for('astro-bridge.lazyResponse.full');
const kMake = Symbol.for('astro-bridge.lazyResponse.make');
const kMadeBody = Symbol.for('astro-bridge.lazyResponse.madeBody');
const kSource = Symbol.for('astro-bridge.lazyResponse.source');

interface LazyResponse {
  /** The body-less Response holding status, statusText and the headers (the ones users mutate). */
  [kHead]: Response;
  /** The Response with the body, once something needed it. */
  [kFull]: Response | undefined;
  [kMake]: (() => BodyInit | null) | undefined;
  /** The full Response's body as made (`clone()` later swaps `body` for a tee branch). */
  [kMadeBody]?: ReadableStream<Uint8Array> | null;
  /** The body's string or bytes, when the caller knew them up front. */
  [kSource]: string | Uint8Array | undefined;
}

function full(self: LazyResponse): Response {
  let built = self[kFull];
  if (built === undefined) {
    const make = self[kMake]!;
    self[kMake] = undefined;
    // The head is a valid ResponseInit: status, statusText and the headers as they are now.
    built = self[kFull] = new Response(make(), self[kHead]);
    self[kMadeBody] = built.body;
  }
  return built;
}

const prototype: object = Object.create(Response.prototype);
forwardGetters(prototype, ['status', 'statusText', 'ok', 'type', 'url', 'redirected', 'headers'], (self: LazyResponse) => self[kHead]);
forwardGetters(prototype, ['body'], full);
Object.defineProperty(prototype, 'bodyUsed', { get(this: LazyResponse) { return this[kFull]?.bodyUsed ?? false; } });
forwardMethods(prototype, ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'], full);
Object.defineProperty(prototype, 'clone', {
  value(this: LazyResponse): Response {
    // Tees the body (this one keeps a branch, as Response.clone() does); the copy gets the
    // headers as they are now, which the full Response's own copy may no longer be.
    const copy = full(this).clone();
    return new Response(copy.body, this as unknown as Response);
  },
});
// undici 5/6 (Node 20, 22) read a Response's state through symbol-keyed properties: delegating
// them lets undici's own code take the stand-in (`Response.prototype.text.call(lazy)`). undici 7
// (Node 24+) keeps that state in private fields, where such a call throws a TypeError instead;
// everything public (members, `instanceof`, `new Response(lazy.body, lazy)`) works on both.
forwardGetters(prototype, Object.getOwnPropertySymbols(new Response('')), full);
Object.defineProperty(prototype, Symbol.toStringTag, { value: 'Response' });
// `console.log(response)`: Node's inspector reads undici's private state, which the stand-in
// lacks; show the Response it stands for instead (the head while the body is unmade).
Object.defineProperty(prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: LazyResponse, depth: number, options: object, inspect: (value: unknown, options: object) => string): string {
    return inspect(this[kFull] ?? this[kHead], { ...options, depth });
  },
});

function lazy(make: () => BodyInit | null, init: ResponseInit, source: string | Uint8Array | undefined): Response {
  const self = Object.create(prototype) as LazyResponse;
  self[kHead] = new Response(null, init);
  self[kFull] = undefined;
  self[kMake] = make;
  self[kSource] = source;
  return self as unknown as Response;
}

/**
 * A Response with `init`'s status and headers whose body `make()` builds on first use (reading
 * `body`, `text()`, `clone()`…). `make` runs at most once. Pass `source` when the body is a
 * string or bytes known now: `untouchedSource()` then hands it to a writer directly.
 */
export function lazyBodyResponse(make: () => BodyInit | null, init: ResponseInit, source?: string | Uint8Array): Response {
  return lazy(make, init, source);
}

/** A text or bytes body, as one piece: the Response made from it only when something reads it. */
export function sourceResponse(source: string | Uint8Array, init: ResponseInit): Response {
  return lazyBodyResponse(() => source as BodyInit, init, source);
}

/**
 * The string or bytes of a `lazyBodyResponse` made with a `source` whose body nothing has
 * touched yet (write these instead of reading `body`); `undefined` for anything else.
 */
export function untouchedSource(response: Response): string | Uint8Array | undefined {
  if (!(kHead in response)) return undefined;
  const self = response as unknown as LazyResponse;
  return self[kFull] === undefined ? self[kSource] : undefined;
}

/** True for a `lazyBodyResponse`. */
export function isLazyResponse(response: Response): boolean {
  return kHead in response;
}

/** True for a `lazyBodyResponse` whose body nothing has asked for yet. */
export function isBodyUntouched(response: Response): boolean {
  return kHead in response && (response as unknown as LazyResponse)[kFull] === undefined;
}

/** A `lazyBodyResponse`'s body as first made (`undefined` while untouched). */
export function bodyAsMade(response: Response): ReadableStream<Uint8Array> | null | undefined {
  return (response as unknown as LazyResponse)[kMadeBody];
}
