import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline } from './core/pipeline';
import type { RendererOptions } from './types';
import { isValidHost, resolveOrigin } from './node/origin';
import { toWebRequest } from './node/request';
import type { ParsedBody } from './node/body';
import { isBodyConsumed } from './node/body';
import { searchOf } from './node/path';
import { toKoa, type KoaResponseContext } from './koa/response';

export type { RendererOptions } from './types';

// The slice of Koa's context we use; typed structurally so Koa 2 and 3 both fit.
interface KoaContext extends KoaResponseContext {
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
  get(field: string): string;
}

/** A Koa middleware. */
export type KoaMiddleware = (ctx: never, next: () => Promise<unknown>) => Promise<unknown>;

/**
 * Astro-style routes in a Koa 2 or 3 app. Requests no route owns go on downstream
 * (`await next()`); errors are thrown into Koa's error handling. `context.url` and
 * `context.clientAddress` follow `app.proxy`; `context.locals` is `ctx.state`.
 *
 * @example
 * app.use(renderer({ routes: { '/hello': { GET: () => new Response('hi') } } }));
 */
export function renderer(options?: RendererOptions): KoaMiddleware {
  const pipeline = new Pipeline(options);
  const { allowedDomains, site } = pipeline.options;

  return async function astroBridge(context: never, next: () => Promise<unknown>) {
    const ctx = context as KoaContext;
    const match = pipeline.match(ctx.path);
    if (match === undefined) return next();
    let response: Response;
    if (match.redirect !== undefined) {
      // Under koa-mount, ctx.path is below the mount point; originalUrl is not.
      const original = pathOfOriginal(ctx);
      const mount = original.endsWith(ctx.path) ? original.slice(0, original.length - ctx.path.length) : '';
      response = pipeline.redirectResponse(mount + match.redirect + searchOf(ctx.url), ctx.method);
    } else {
      // A trusted proxy's malformed X-Forwarded-Host is ignored; a bad Host is a 400.
      const host = isValidHost(ctx.host) ? ctx.host : ctx.get('host');
      const origin = resolveOrigin({ protocol: ctx.protocol, host }, { allowedDomains, site });
      const request = toWebRequest(ctx.req, { url: origin + ctx.originalUrl, res: ctx.res, parsedBody: parsedBody(ctx) });
      response = await pipeline.render(request, match, { name: 'Koa', clientAddress: ctx.ip, locals: ctx.state });
    }
    await toKoa(ctx, response);
  };
}

// koa-bodyparser and @koa/bodyparser keep the parsed body on ctx.request.body and the text on rawBody.
function parsedBody(ctx: KoaContext): ParsedBody | undefined {
  const { body, rawBody } = ctx.request;
  if (rawBody === undefined && !isBodyConsumed(ctx.req)) return undefined;
  return { value: body, raw: typeof rawBody === 'string' ? rawBody : undefined };
}

function pathOfOriginal(ctx: KoaContext): string {
  const q = ctx.originalUrl.indexOf('?');
  return q === -1 ? ctx.originalUrl : ctx.originalUrl.slice(0, q);
}
