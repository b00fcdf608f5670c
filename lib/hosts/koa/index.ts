/**
 * `astro-bridge/koa`: `renderer(options)`, a Koa middleware that runs Astro routes and middleware.
 *
 * @packageDocumentation
 * @module astro-bridge/koa
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline } from '../../core/pipeline/pipeline';
import type { Platform } from '../../core/pipeline/platform';
import type { RendererOptions } from '../../types';
import { firstValue, isValidHost, resolveOrigin, type OriginFacts } from '../../node/origin';
import { toWebRequest } from '../../node/request';
import { isBodyConsumed, type ParsedBody } from '../../node/request-body';
import { originForm, pathOf, searchOf, targetBelowMount } from '../../node/target';
import { toKoa, type KoaResponseContext } from './response';
import { clearKoaHeaders, fromKoa, keepKoaBody, type KoaDownstreamContext } from './downstream';
import { koaCookieSigner } from '../../core/cookies/keygrip-signer';
import { bodyAsMade, isBodyUntouched, isLazyResponse } from '../../fetch/lazy-response';
import type { CookieSigner } from '../../core/cookies/options';

export type { RendererOptions } from '../../types';

// The slice of Koa's context we use; typed structurally so Koa 2 and 3 both fit.
interface KoaContext extends KoaResponseContext, KoaDownstreamContext {
  req: IncomingMessage;
  res: ServerResponse;
  path: string;
  url: string;
  originalUrl: string;
  protocol: string;
  host: string;
  ip: string;
  state: Record<string, unknown>;
  request: { body?: unknown; rawBody?: string };
  response: { _explicitNullBody?: boolean };
  app: { keys?: unknown; proxy?: boolean };
  get(field: string): string;
}

/** A Koa middleware, with `close()` to release session storage connections when the server stops. */
export type KoaMiddleware = ((ctx: never, next: () => Promise<unknown>) => Promise<unknown>) & { close(): Promise<void> };

/**
 * Astro routes and middleware in a Koa 2 or 3 app. Requests no route owns go on downstream
 * (`await next()`), with Astro middleware around them: its `next()` resolves to what the
 * downstream middleware left in `ctx`. Errors are thrown into Koa's error handling.
 * `context.url` and `context.clientAddress` follow `app.proxy`; `context.locals` is `ctx.state`.
 *
 * @example
 * app.use(renderer({ routes: { '/hello': { GET: () => new Response('hi') } } }));
 */
export function renderer(options?: RendererOptions): KoaMiddleware {
  const pipeline = new Pipeline(options);
  const { allowedDomains, site } = pipeline.options;

  const astroBridge = async function astroBridge(context: never, next: () => Promise<unknown>) {
    const ctx = context as KoaContext;
    if (!pipeline.loaded) await pipeline.ready;
    const path = ctx.path;
    const match = pipeline.match(path);
    if (match === undefined && !pipeline.intercepts) return next();
    // Under koa-mount, ctx.path is below the mount point; originalUrl is not.
    const original = pathOf(originForm(ctx.originalUrl));
    const mountPath = original.endsWith(path) ? original.slice(0, original.length - path.length) : '';
    if (match?.redirect !== undefined) {
      return toKoa(ctx, pipeline.redirectResponse(mountPath + match.redirect + searchOf(ctx.url), ctx.method));
    }
    const origin = resolveOrigin(originFacts(ctx), { allowedDomains, site });
    const request = toWebRequest(ctx.req, { url: origin + originForm(ctx.originalUrl), res: ctx.res, parsedBody: parsedBody(ctx) });
    const platform = new KoaPlatform(ctx, next, request, mountPath);
    const result = pipeline.handle(request, match, platform);
    // Awaited only when it is a promise: an endpoint that answered synchronously costs no tick.
    const response = result instanceof Promise ? await result : result;
    const { captured } = platform;
    if (captured !== undefined && isUnchanged(response, captured, platform.capturedBody)) {
      // Unchanged: Koa sends its own body as it would have (the lazy stream around it was never
      // pulled); only the headers may have been decorated.
      return keepKoaBody(ctx, response);
    }
    if (captured !== undefined) clearKoaHeaders(ctx);
    return toKoa(ctx, response);
  };
  return Object.assign(astroBridge, { close: () => pipeline.close() });
}

/**
 * What core needs from Koa for one request. A class rather than an object literal: its methods
 * and getters live on the prototype, so a request allocates one object, no closures.
 */
class KoaPlatform implements Platform {
  readonly name = 'Koa';
  /** What downstream middleware left in ctx, once Astro middleware handed the request on. */
  captured: Response | undefined;
  /**
   * The captured body as made: `response.clone()` swaps `captured.body` for a tee branch that
   * has started reading Koa's stream, and then Koa can no longer send its body itself.
   */
  capturedBody: ReadableStream<Uint8Array> | null = null;
  /** `ctx.state` as the request reached the renderer: one object for the whole request. */
  readonly locals: object;
  constructor(
    readonly ctx: KoaContext,
    readonly next: () => Promise<unknown>,
    readonly request: Request,
    readonly mountPath: string,
  ) {
    this.locals = ctx.state;
  }

  /** ctx.ip runs the host's proxy-address logic, which most requests never need. */
  get clientAddress(): string | undefined {
    return this.ctx.ip;
  }


  cookieSigner(): CookieSigner | undefined {
    return koaCookieSigner(this.ctx.app.keys);
  }

  async fallThrough(target: Request): Promise<Response> {
    if (this.captured !== undefined) throw new Error('Koa can run its downstream middleware only once per request.');
    const { ctx } = this;
    // The same Request unless middleware rewrote it (comparing URLs would parse the lazy one's).
    if (target !== this.request && target.url !== this.request.url) {
      // A rewrite to a path Koa owns: downstream routes see the new path.
      const below = targetBelowMount(new URL(target.url), this.mountPath);
      if (below !== undefined) ctx.url = below;
    }
    await this.next();
    const captured = (this.captured = fromKoa(ctx));
    // A lazy body is not made here: lazy-response remembers it once something reads it.
    if (!isLazyResponse(captured)) this.capturedBody = captured.body;
    return captured;
  }
}

/**
 * Whether middleware passed on the captured response with its body unread (headers may be
 * decorated): then Koa sends its own body as it would have. `response.clone()` swaps the body
 * for a tee branch that has started reading Koa's stream: then Koa can no longer send it itself.
 */
function isUnchanged(response: Response, captured: Response, capturedBody: ReadableStream<Uint8Array> | null): boolean {
  if (response !== captured) return false;
  if (isBodyUntouched(response)) return true;
  const made = isLazyResponse(response) ? bodyAsMade(response) : capturedBody;
  return !response.bodyUsed && response.body === made && !(made?.locked ?? false);
}

/**
 * Protocol and host the way Koa decides them under `app.proxy`. Without proxy trust Koa's answer
 * is the socket's protocol and the first value of the Host header (`:authority` over HTTP/2),
 * read here directly: its getters would check the proxy setting and headers again.
 */
function originFacts(ctx: KoaContext): OriginFacts {
  const { req } = ctx;
  if (!ctx.app.proxy) {
    const authority = req.httpVersionMajor >= 2 ? req.headers[':authority'] : undefined;
    const host = firstValue(typeof authority === 'string' && authority !== '' ? authority : req.headers.host);
    return { protocol: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http', host };
  }
  // A trusted proxy's malformed X-Forwarded-Host is ignored; a bad Host is a 400.
  const koaHost = ctx.host;
  return { protocol: ctx.protocol, host: isValidHost(koaHost) ? koaHost : ctx.get('host') };
}

// koa-bodyparser and @koa/bodyparser keep the parsed body on ctx.request.body and the text on rawBody.
function parsedBody(ctx: KoaContext): ParsedBody | undefined {
  const { body, rawBody } = ctx.request;
  if (rawBody === undefined && !isBodyConsumed(ctx.req)) return undefined;
  return { value: body, raw: typeof rawBody === 'string' ? rawBody : undefined };
}
