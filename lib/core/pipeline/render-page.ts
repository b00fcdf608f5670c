import { createError } from '../errors/errors';
import { describeValue } from '../errors/describe';
import { InvalidPageResult } from '../errors/catalog';
import { isResponse } from '../../fetch/is-response';
import { sourceResponse } from '../../fetch/lazy-response';
import { kCspPolicy, kPipelineRequest, type RenderContext } from '../context/render-context';
import { pageHashes } from '../security/csp-hash';

type PageFn = (context: RenderContext) => unknown;

const encoder = new TextEncoder();

/**
 * Calls a page (a route module's default export) with the context. A `Response` is used as is;
 * other content (HTML string, bytes, `ReadableStream`, async iterable of strings/bytes) gets
 * `context.response`'s status, statusText and headers, `text/html; charset=utf-8` by default.
 * `context.response.status` starts at 404 in the `/404` route and 500 in `/500`, as in Astro 7.
 */
export async function renderPage(mod: Record<string, unknown>, context: RenderContext): Promise<Response> {
  const result = await (mod.default as PageFn).call(mod, context);
  if (isResponse(result)) return result;
  const body = toBody(result, context.routePattern);
  const init = context.response;
  const { status, statusText } = init;
  const headers = new Headers(init.headers);
  if (!headers.has('content-type')) headers.set('content-type', 'text/html; charset=utf-8');
  const csp = context[kCspPolicy];
  if (csp !== undefined) {
    const declared = await pageHashes(mod, csp.config.algorithm);
    headers.set('content-security-policy', csp.render(declared.scripts, declared.styles));
  }
  if (context[kPipelineRequest].method === 'HEAD') {
    if (body instanceof ReadableStream) body.cancel().catch(() => {});
    return new Response(null, { status, statusText, headers });
  }
  // HTML as a string (or bytes): the Response's web stream is made only if something reads it.
  if (typeof body === 'string' || body instanceof Uint8Array) return sourceResponse(body, { status, statusText, headers });
  return new Response(body as BodyInit, { status, statusText, headers });
}

function toBody(value: unknown, route: string): string | Uint8Array | ReadableStream<Uint8Array> {
  if (typeof value === 'string' || value instanceof Uint8Array || value instanceof ReadableStream) return value;
  if (value !== null && typeof value === 'object') {
    const iterable = value as Partial<AsyncIterable<unknown> & Iterable<unknown>>;
    if (typeof iterable[Symbol.asyncIterator] === 'function') return iterate(iterable[Symbol.asyncIterator]!(), route);
    if (typeof iterable[Symbol.iterator] === 'function') return iterate(iterable[Symbol.iterator]!(), route);
  }
  throw createError(InvalidPageResult, route, describeValue(value));
}

// Pulled on demand: the page produces its next chunk only when the client can take it.
function iterate(it: AsyncIterator<unknown> | Iterator<unknown>, route: string): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await it.next();
      if (done) controller.close();
      else if (typeof value === 'string') controller.enqueue(encoder.encode(value));
      else if (value instanceof Uint8Array) controller.enqueue(value);
      else throw createError(InvalidPageResult, route, `a chunk that is ${describeValue(value)}`);
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

