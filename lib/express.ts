import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline, type Match } from './core/pipeline';
import type { Platform } from './core/platform';
import type { RendererOptions } from './types';
import { captureResponse, type Capture } from './node/capture';
import { firstValue, isValidHost, resolveOrigin, type OriginFacts } from './node/origin';
import { originForm, pathOf, searchOf, targetBelowMount } from './node/path';
import { toWebRequest } from './node/request';
import { failAfterHost, respond } from './node/respond';
import { cookieParserSigner } from './core/cookies/signer';

export type { RendererOptions } from './types';

// The slice of Express's req/res we use; typed structurally so Express 4 and 5 both fit.
interface ExpressRequest extends IncomingMessage {
  url: string;
  originalUrl: string;
  baseUrl: string;
  protocol: string;
  ip?: string;
  /** Set by cookie-parser: `cookieParser(secret)`. */
  secret?: unknown;
  app: { get(setting: string): unknown };
  get(name: string): string | undefined;
}
interface ExpressResponse extends ServerResponse {
  locals: Record<string, unknown>;
}
type NextFunction = (err?: unknown) => void;

/**
 * An Express middleware (arity 3, never mistaken for an error handler), with `close()` to release
 * what it holds open (session storage connections) when the server stops.
 */
export type ExpressMiddleware = ((req: IncomingMessage, res: ServerResponse, next: NextFunction) => void) & {
  close(): Promise<void>;
};

/**
 * Astro routes and middleware in an Express 4 or 5 app. Requests no route owns go on to the
 * handlers after it, with Astro middleware around them: its `next()` resolves to what those
 * handlers write. Errors go to Express's error handling (`next(err)`). `context.url` and
 * `context.clientAddress` follow the app's `trust proxy` setting; `context.locals` is `res.locals`.
 *
 * @example
 * app.use(express.json()); // optional: request.json() still works
 * app.use(renderer({ routes: { '/api/posts/[id]': { GET: ({ params }) => Response.json(params) } } }));
 */
export function renderer(options?: RendererOptions): ExpressMiddleware {
  const pipeline = new Pipeline(options);
  const { allowedDomains, site } = pipeline.options;

  async function handle(req: ExpressRequest, res: ExpressResponse, next: NextFunction, match: Match | undefined) {
    const method = req.method ?? 'GET';
    if (match?.redirect !== undefined) {
      return respond(res, pipeline.redirectResponse(req.baseUrl + match.redirect + searchOf(originForm(req.url)), method), method, undefined);
    }
    const origin = resolveOrigin(originFacts(req), { allowedDomains, site });
    const request = toWebRequest(req, { url: origin + originForm(req.originalUrl), res });
    let capture: Capture | undefined;
    const platform: Platform = {
      name: 'Express',
      // A getter: req.ip runs the host's proxy-address logic, which most requests never need.
      get clientAddress() {
        return req.ip;
      },
      locals: res.locals,
      mountPath: req.baseUrl,
      cookieSigner: () => (typeof req.secret === 'string' ? cookieParserSigner(req.secret) : undefined),
      fallThrough: (target) => {
        if (capture !== undefined) throw new Error('Express can run its next handlers only once per request.');
        if (target.url !== request.url) {
          // A rewrite to a path Express owns: the next handlers route the new path.
          const below = targetBelowMount(new URL(target.url), req.baseUrl);
          if (below !== undefined) {
            req.url = below;
            reparseQuery(req);
          }
        }
        capture = captureResponse(res);
        next();
        return capture.response;
      },
    };
    try {
      const response = await pipeline.handle(request, match, platform);
      await respond(res, response, method, capture);
    } catch (err) {
      if (capture === undefined) throw err;
      failAfterHost(res, capture, err);
    }
  }

  function dispatch(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    const match = pipeline.match(pathOf(originForm(req.url)));
    if (match === undefined && !pipeline.intercepts) return next();
    handle(req, res, next, match).catch(next);
  }

  const astroBridge = (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    if (pipeline.loaded) return dispatch(req as ExpressRequest, res as ExpressResponse, next);
    pipeline.ready.then(() => dispatch(req as ExpressRequest, res as ExpressResponse, next), next);
  };
  return Object.assign(astroBridge, { close: () => pipeline.close() });
}

/**
 * Express 4 parses `req.query` once, before any middleware runs, into an own property (Express 5
 * derives it from `req.url` on each read): after a rewrite the host would see the old query
 * with the new path. Re-parse it with the app's own query parser.
 */
function reparseQuery(req: ExpressRequest): void {
  const own = Object.getOwnPropertyDescriptor(req, 'query');
  const parse = req.app.get('query parser fn');
  if (own === undefined || !('value' in own) || typeof parse !== 'function') return;
  (req as { query?: unknown }).query = (parse as (query: string) => unknown)(searchOf(req.url).slice(1));
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
