/**
 * A protocol a lazily built `Request` may offer: reading one header without building the whole
 * Request (the Node bridge's lazy request does; see lib/node/request.ts). Keyed by a global
 * symbol so core stays free of any platform code.
 */
export const kHeader = Symbol.for('astro-bridge.header');

interface HeaderSource {
  [kHeader]?: (name: string) => string | null;
}

/** `request.headers.get(name)`, without materialising a lazy Request. `name` must be lower case. */
export function requestHeader(request: Request, name: string): string | null {
  const read = (request as HeaderSource)[kHeader];
  return typeof read === 'function' ? read.call(request, name) : request.headers.get(name);
}

/** A lazily built Request may also hand over the URL object it parsed (once; see `requestUrl`). */
export const kUrl = Symbol.for('astro-bridge.url');

interface UrlSource {
  [kUrl]?: () => URL | undefined;
}

/** `new URL(request.url)`, reusing the parse a lazy Request already made. */
export function requestUrl(request: Request): URL {
  const take = (request as UrlSource)[kUrl];
  return (typeof take === 'function' ? take.call(request) : undefined) ?? new URL(request.url);
}

/**
 * A lazily built Request may be one that only the pipeline can use: where the runtime's undici
 * takes no stand-in (Node 24+), the object handed to user code must be a real Request. The
 * stand-in then answers this with the real Request it builds (once); elsewhere with itself.
 */
export const kUsable = Symbol.for('astro-bridge.usable');

interface UsableSource {
  [kUsable]?: () => Request;
}

/** The Request to hand to user code: `request` itself, or the real one a pipeline-only stand-in builds. */
export function usableRequest(request: Request): Request {
  const usable = (request as UsableSource)[kUsable];
  return typeof usable === 'function' ? usable.call(request) : request;
}
