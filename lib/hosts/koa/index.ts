/**
 * `astro-bridge/koa`: `renderer(options)`, a Koa middleware that runs Astro routes and middleware.
 *
 * @packageDocumentation
 * @module astro-bridge/koa
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RendererOptions } from '../../types';
import { firstValue, trustedForwardedHost, type OriginFacts } from '../../node/origin';
import { isBodyConsumed, type ParsedBody } from '../../node/request-body';
import { originForm, pathOf } from '../../node/target';
import { Exchange } from '../exchange';
import { createPipeline, serve, type Host } from '../kernel';
import { toKoa, type KoaResponseContext } from './response';
import { clearKoaHeaders, fromKoa, keepKoaBody, type KoaDownstreamContext } from './downstream';
import { koaCookieSigner } from '../../core/cookies/keygrip-signer';
import { bodyAsMade, isBodyUntouched, isLazyResponse } from '../../fetch/lazy-response';
import type { CookieSigner } from '../../core/cookies/options';
import { sendFileWithKoa } from './file-body';
import type { StaticFile } from '../send-file';

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
export type KoaMiddleware = ((ctx: never, next: () => Promise<unknown>) => Promise<unknown>) & {
  close(): Promise<void>;
  /**
   * Resolves once routes and middleware are discovered (at once when both are given); rejects
   * with the discovery error, which every request also fails with (closed, never unguarded).
   * Await it before `listen()` to fail at start-up instead of on the first request.
   */
  ready(): Promise<void>;
};

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
  const pipeline = createPipeline(options);
  const astroBridge = async function astroBridge(context: never, next: () => Promise<unknown>) {
    return serve(pipeline, KOA, new KoaCall(context as KoaContext, next));
  };
  return Object.assign(astroBridge, { close: () => pipeline.close(), ready: () => pipeline.ready });
}

/** Koa's `(ctx, next)` for one call of the middleware. */
class KoaCall {
  constructor(
    readonly ctx: KoaContext,
    readonly next: () => Promise<unknown>,
  ) {}
}

const KOA: Host<KoaCall, KoaExchange> = {
  // ctx.url, not ctx.path: the kernel takes the path and the query from one target.
  target: ({ ctx }) => ctx.url,
  originalTarget: ({ ctx }) => ctx.originalUrl,
  mountPath: ({ ctx }) => mountPathOf(ctx),
  method: ({ ctx }) => ctx.method,
  // Koa has no router of its own; @koa/router and koa-router match case-insensitively by default.
  caseSensitive: () => false,
  pass: ({ next }) => next(),
  exchange: (call, mountPath) => new KoaExchange(call, mountPath),
  fail(_call, error) {
    throw error;
  },
};

/** What core needs from Koa for one request, and the ways back to it. */
class KoaExchange extends Exchange {
  readonly name = 'Koa';
  readonly ctx: KoaContext;
  readonly next: () => Promise<unknown>;
  /** What downstream middleware left in ctx, once Astro middleware handed the request on. */
  captured: Response | undefined;
  /**
   * The captured body as made: `response.clone()` swaps `captured.body` for a tee branch that
   * has started reading Koa's stream, and then Koa can no longer send its body itself.
   */
  capturedBody: ReadableStream<Uint8Array> | null = null;

  constructor({ ctx, next }: KoaCall, mountPath: string) {
    super(ctx.req, ctx.res, mountPath, ctx.state);
    this.ctx = ctx;
    this.next = next;
  }

  /** ctx.ip runs the host's proxy-address logic, which most requests never need. */
  get clientAddress(): string | undefined {
    return this.ctx.ip;
  }

  originFacts(): OriginFacts {
    return originFacts(this.ctx);
  }

  override parsedBody(): ParsedBody | undefined {
    return parsedBody(this.ctx);
  }

  override cookieSigner(): CookieSigner | undefined {
    return koaCookieSigner(this.ctx.app.keys);
  }

  protected async handOn(target: string | undefined): Promise<Response> {
    const { ctx } = this;
    // A rewrite to a path Koa owns: downstream routes see the new path.
    if (target !== undefined) ctx.url = target;
    await this.next();
    const captured = (this.captured = fromKoa(ctx));
    // A lazy body is not made here: lazy-response remembers it once something reads it.
    if (!isLazyResponse(captured)) this.capturedBody = captured.body;
    return captured;
  }

  sendFile(file: StaticFile): Promise<boolean> {
    return sendFileWithKoa(this.ctx, file);
  }

  send(response: Response): Promise<void> | void {
    const { ctx, captured } = this;
    if (captured !== undefined && isUnchanged(response, captured, this.capturedBody)) {
      // Unchanged: Koa sends its own body as it would have (the lazy stream around it was never
      // pulled); only the headers may have been decorated.
      return keepKoaBody(ctx, response);
    }
    if (captured !== undefined) clearKoaHeaders(ctx);
    return toKoa(ctx, response);
  }

  fail(error: unknown): never {
    throw error;
  }
}

/** Under koa-mount, ctx.path is below the mount point; originalUrl is not. */
function mountPathOf(ctx: KoaContext): string {
  const path = ctx.path;
  const original = pathOf(originForm(ctx.originalUrl));
  return original.endsWith(path) ? original.slice(0, original.length - path.length) : '';
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
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted;
  const authority = req.httpVersionMajor >= 2 ? req.headers[':authority'] : undefined;
  const host = firstValue(typeof authority === 'string' && authority !== '' ? authority : req.headers.host);
  if (!ctx.app.proxy) return { protocol: encrypted ? 'https' : 'http', host };
  // A trusted proxy's malformed or oversized X-Forwarded-Host is ignored; a bad Host is a 400.
  // The raw value, not ctx.host: Koa reads `evil.example@other` as `other`.
  return { protocol: ctx.protocol, host: trustedForwardedHost(firstValue(req.headers['x-forwarded-host'])) ?? host };
}

// koa-bodyparser and @koa/bodyparser keep the parsed body on ctx.request.body and the text on rawBody.
function parsedBody(ctx: KoaContext): ParsedBody | undefined {
  const { body, rawBody } = ctx.request;
  if (rawBody === undefined && !isBodyConsumed(ctx.req)) return undefined;
  return { value: body, raw: typeof rawBody === 'string' ? rawBody : undefined };
}
