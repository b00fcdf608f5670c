/**
 * `astro-bridge/express`: `renderer(options)`, an Express middleware that runs Astro routes and middleware.
 *
 * @packageDocumentation
 * @module astro-bridge/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline, type Match } from '../../core/pipeline/pipeline';
import type { Platform } from '../../core/pipeline/platform';
import type { RendererOptions } from '../../types';
import { captureResponse, type Capture } from '../../node/capture';
import { firstValue, isValidHost, resolveOrigin, type OriginFacts } from '../../node/origin';
import { originForm, pathOf, searchOf, targetBelowMount } from '../../node/target';
import { toWebRequest } from '../../node/request';
import { failAfterHost, respond } from '../../node/respond';
import { sendResponse } from '../../node/send';
import { unshareShape } from './hidden-class';
import { cookieParserSigner } from '../../core/cookies/cookie-parser-signer';
import type { CookieSigner } from '../../core/cookies/options';

export type { RendererOptions } from '../../types';

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

  function handle(req: ExpressRequest, res: ExpressResponse, next: NextFunction, match: Match | undefined): void {
    const method = req.method ?? 'GET';
    if (match?.redirect !== undefined) {
      sendOrFail(res, pipeline.redirectResponse(req.baseUrl + match.redirect + searchOf(originForm(req.url)), method), method, next);
      return;
    }
    // Node's and Express's own stores on res from here on (writeHead, end, the host's route
    // after a fall-through) no longer copy its hidden class: see unshareShape. Measured in bench/.
    unshareShape(res, 'locals');
    const origin = resolveOrigin(originFacts(req), { allowedDomains, site });
    const request = toWebRequest(req, { url: origin + originForm(req.originalUrl), res });
    const platform = new ExpressPlatform(req, res, next, request);
    const result = pipeline.handle(request, match, platform);
    // An endpoint that answered synchronously is written at once: no promise, no extra tick.
    if (!(result instanceof Promise)) return finish(platform, result, method);
    result.then(
      (response) => finish(platform, response, method),
      (err: unknown) => fail(platform, err),
    );
  }

  function dispatch(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
    const match = pipeline.match(pathOf(originForm(req.url)));
    if (match === undefined && !pipeline.intercepts) return next();
    try {
      handle(req, res, next, match);
    } catch (err) {
      next(err);
    }
  }

  const astroBridge = (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    if (pipeline.loaded) return dispatch(req as ExpressRequest, res as ExpressResponse, next);
    pipeline.ready.then(() => dispatch(req as ExpressRequest, res as ExpressResponse, next), next);
  };
  return Object.assign(astroBridge, { close: () => pipeline.close() });
}

function finish(platform: ExpressPlatform, response: Response, method: string): void {
  const { res, capture } = platform;
  if (capture === undefined) return sendOrFail(res, response, method, platform.next);
  respond(res, response, method, capture).catch((err: unknown) => failAfterHost(res, capture, err));
}

function fail(platform: ExpressPlatform, err: unknown): void {
  const { capture } = platform;
  if (capture === undefined) platform.next(err);
  else failAfterHost(platform.res, capture, err);
}

/** Sends a Response the host never saw; a failure before the head is out goes to Express's error handling. */
function sendOrFail(res: ServerResponse, response: Response, method: string, next: NextFunction): void {
  try {
    // Written synchronously for string/bytes bodies: no promise, no extra tick.
    sendResponse(res, response, method)?.catch(next);
  } catch (err) {
    next(err);
  }
}

/**
 * What core needs from Express for one request. A class rather than an object literal: its
 * methods and getters live on the prototype, so a request allocates one object, no closures.
 */
class ExpressPlatform implements Platform {
  readonly name = 'Express';
  /** The host's response, captured once Astro middleware hands the request to the next handlers. */
  capture: Capture | undefined;
  /** Read once: Express changes `req.baseUrl` while routing the next handlers. */
  readonly mountPath: string;
  /** `res.locals` as the request reached the renderer: one object for the whole request. */
  readonly locals: object;
  constructor(
    readonly req: ExpressRequest,
    readonly res: ExpressResponse,
    readonly next: NextFunction,
    readonly request: Request,
  ) {
    this.mountPath = req.baseUrl;
    this.locals = res.locals;
  }

  /** req.ip runs the host's proxy-address logic, which most requests never need. */
  get clientAddress(): string | undefined {
    return this.req.ip;
  }

  cookieSigner(): CookieSigner | undefined {
    const secret = this.req.secret;
    return typeof secret === 'string' ? cookieParserSigner(secret) : undefined;
  }

  fallThrough(target: Request): Promise<Response> {
    if (this.capture !== undefined) throw new Error('Express can run its next handlers only once per request.');
    const { req } = this;
    // The same Request unless middleware rewrote it (comparing URLs would parse the lazy one's).
    if (target !== this.request && target.url !== this.request.url) {
      // A rewrite to a path Express owns: the next handlers route the new path.
      const below = targetBelowMount(new URL(target.url), this.mountPath);
      if (below !== undefined) {
        req.url = below;
        reparseQuery(req);
      }
    }
    // The host's router stores on req as it routes (baseUrl, params, route…): see unshareShape.
    unshareShape(req, 'res');
    const capture = (this.capture = captureResponse(this.res));
    this.next();
    return capture.response;
  }
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
  const { headers } = req;
  // Without forwarding headers Express's answer is the socket's protocol and the Host header,
  // whatever `trust proxy` says: skip its getters (they run the trust function every time).
  if (headers['x-forwarded-proto'] === undefined && headers['x-forwarded-host'] === undefined) {
    return { protocol: (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http', host: headers.host };
  }
  const trust = req.app.get('trust proxy fn') as ((addr: string | undefined, i: number) => boolean) | undefined;
  const forwarded = firstValue(req.get('x-forwarded-host'));
  const trusted = forwarded !== undefined && trust?.(req.socket.remoteAddress, 0) === true;
  // A trusted proxy's malformed X-Forwarded-Host is ignored, like Astro does; a bad Host is a 400.
  const host = trusted && isValidHost(forwarded) ? forwarded : req.get('host');
  return { protocol: req.protocol, host };
}
