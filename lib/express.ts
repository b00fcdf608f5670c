import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline } from './core/pipeline';
import type { RendererOptions } from './types';
import { firstValue, isValidHost, resolveOrigin, type OriginFacts } from './node/origin';
import { pathOf, searchOf } from './node/path';
import { toWebRequest } from './node/request';
import { sendWebResponse } from './node/send';

export type { RendererOptions } from './types';

// The slice of Express's req/res we use; typed structurally so Express 4 and 5 both fit.
interface ExpressRequest extends IncomingMessage {
  url: string;
  originalUrl: string;
  baseUrl: string;
  protocol: string;
  ip?: string;
  app: { get(setting: string): unknown };
  get(name: string): string | undefined;
}
interface ExpressResponse extends ServerResponse {
  locals: Record<string, unknown>;
}
type NextFunction = (err?: unknown) => void;

/** An Express middleware (arity 3, never mistaken for an error handler). */
export type ExpressMiddleware = (req: IncomingMessage, res: ServerResponse, next: NextFunction) => void;

/**
 * Astro-style routes in an Express 4 or 5 app. Requests no route owns fall through to the
 * handlers after it; errors go to Express's error handling (`next(err)`). `context.url` and
 * `context.clientAddress` follow the app's `trust proxy` setting; `context.locals` is `res.locals`.
 *
 * @example
 * app.use(express.json()); // optional: request.json() still works
 * app.use(renderer({ routes: { '/api/posts/[id]': { GET: ({ params }) => Response.json(params) } } }));
 */
export function renderer(options?: RendererOptions): ExpressMiddleware {
  const pipeline = new Pipeline(options);
  const { allowedDomains, site } = pipeline.options;

  async function handle(req: ExpressRequest, res: ExpressResponse, match: NonNullable<ReturnType<Pipeline['match']>>) {
    const method = req.method ?? 'GET';
    let response: Response;
    if (match.redirect !== undefined) {
      response = pipeline.redirectResponse(req.baseUrl + match.redirect + searchOf(req.url), method);
    } else {
      const origin = resolveOrigin(originFacts(req), { allowedDomains, site });
      const request = toWebRequest(req, { url: origin + req.originalUrl, res });
      response = await pipeline.render(request, match, { name: 'Express', clientAddress: req.ip, locals: res.locals });
    }
    await sendWebResponse(res, response, method);
  }

  return function astroBridge(req, res, next) {
    const match = pipeline.match(pathOf(req.url));
    if (match === undefined) return next();
    handle(req as ExpressRequest, res as ExpressResponse, match).catch(next);
  };
}

/**
 * Protocol and host the way Express decides them under its `trust proxy` setting: Express's
 * own `req.hostname` logic, but keeping the port (Express 4's `req.host` drops it).
 */
function originFacts(req: ExpressRequest): OriginFacts {
  const trust = req.app.get('trust proxy fn') as ((addr: string | undefined, i: number) => boolean) | undefined;
  const forwarded = firstValue(req.get('x-forwarded-host'));
  const trusted = forwarded !== undefined && trust?.(req.socket.remoteAddress, 0) === true;
  // A trusted proxy's malformed X-Forwarded-Host is ignored, like Astro does; a bad Host is a 400.
  const host = trusted && isValidHost(forwarded) ? forwarded : req.get('host');
  return { protocol: req.protocol, host };
}
