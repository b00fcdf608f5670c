/**
 * `astro-bridge/express`: `renderer(options)`, an Express middleware that runs Astro routes and middleware.
 *
 * @packageDocumentation
 * @module astro-bridge/express
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RendererOptions } from '../../types';
import { firstValue, trustedForwardedHost, type OriginFacts } from '../../node/origin';
import { searchOf } from '../../node/target';
import { SWAPPED_PROTOTYPE_STORES_COPY, unshareShape } from './hidden-class';
import { cookieParserSigner } from '../../core/cookies/cookie-parser-signer';
import type { CookieSigner } from '../../core/cookies/options';
import { CapturingExchange } from '../capturing-exchange';
import { createPipeline, serve, type Host } from '../kernel';

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
  app: ExpressApp;
  get(name: string): string | undefined;
}
/** The app the request is in; `_router` is Express 4's router (its `app.router` throws), `router` Express 5's. */
interface ExpressApp {
  get(setting: string): unknown;
  enabled(setting: string): boolean;
  _router?: { caseSensitive?: unknown };
  readonly router?: { caseSensitive?: unknown };
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
  /**
   * Resolves once routes and middleware are discovered (at once when both are given); rejects
   * with the discovery error, which every request also fails with (closed, never unguarded).
   * Await it before `listen()` to fail at start-up instead of on the first request.
   */
  ready(): Promise<void>;
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
  const pipeline = createPipeline(options);
  const host = new ExpressHost(pipeline.reportError);
  const astroBridge = (req: IncomingMessage, res: ServerResponse, next: NextFunction): void => {
    serve(pipeline, host, new ExpressCall(req as ExpressRequest, res as ExpressResponse, next));
  };
  return Object.assign(astroBridge, { close: () => pipeline.close(), ready: () => pipeline.ready });
}

/** Express's `(req, res, next)` for one call of the middleware. */
class ExpressCall {
  constructor(
    readonly req: ExpressRequest,
    readonly res: ExpressResponse,
    readonly next: NextFunction,
  ) {}
}

class ExpressHost implements Host<ExpressCall, ExpressExchange> {
  constructor(readonly report: (error: unknown) => void) {}
  target(call: ExpressCall): string {
    return call.req.url;
  }
  originalTarget(call: ExpressCall): string {
    return call.req.originalUrl;
  }
  mountPath(call: ExpressCall): string {
    return call.req.baseUrl;
  }
  method(call: ExpressCall): string {
    return call.req.method ?? 'GET';
  }
  caseSensitive(call: ExpressCall): boolean {
    return routesCaseSensitively(call.req.app as ExpressApp | undefined);
  }
  pass(call: ExpressCall): void {
    call.next();
  }
  exchange(call: ExpressCall, mountPath: string): ExpressExchange {
    // Node's and Express's own stores on res from here on (writeHead, end, the host's route
    // after a fall-through) no longer copy its hidden class, on the V8s that copy: see unshareShape.
    if (SWAPPED_PROTOTYPE_STORES_COPY) unshareShape(call.res, 'locals');
    return new ExpressExchange(call, mountPath, this.report);
  }
  fail(call: ExpressCall, error: unknown): void {
    call.next(error);
  }
}

/** What core needs from Express for one request, and the ways back to it. */
class ExpressExchange extends CapturingExchange {
  readonly name = 'Express';
  declare readonly req: ExpressRequest;
  declare readonly res: ExpressResponse;
  readonly next: NextFunction;

  constructor(
    call: ExpressCall,
    // req.baseUrl as the request reached the renderer: Express changes it while routing on.
    mountPath: string,
    protected override readonly report: (error: unknown) => void,
  ) {
    super(call.req, call.res, mountPath, call.res.locals);
    this.next = call.next;
  }

  /** req.ip runs the host's proxy-address logic, which most requests never need. */
  get clientAddress(): string | undefined {
    return this.req.ip;
  }

  originFacts(): OriginFacts {
    return originFacts(this.req);
  }

  override cookieSigner(): CookieSigner | undefined {
    const secret = this.req.secret;
    return typeof secret === 'string' ? cookieParserSigner(secret) : undefined;
  }

  protected runNext(target: string | undefined): void {
    const { req } = this;
    // A rewrite to a path Express owns: the next handlers route the new path.
    if (target !== undefined) {
      req.url = target;
      reparseQuery(req);
    }
    // The host's router stores on req as it routes (baseUrl, params, route…): see unshareShape.
    if (SWAPPED_PROTOTYPE_STORES_COPY) unshareShape(req, 'res');
    this.next();
  }

  protected hostError(error: unknown): void {
    this.next(error);
  }
}

/**
 * Whether the app's router matches paths case-sensitively. Express reads `case sensitive
 * routing` once, when the router is made (at the first `app.use`/`app.get`): the router's own
 * flag is what decides, so it is read first (two property reads per request, no cache to go
 * stale); the setting only when the router has no flag.
 */
function routesCaseSensitively(app: ExpressApp | undefined): boolean {
  // Outside Express (a connect app, whose mount paths match case-insensitively): fold.
  if (app === undefined) return false;
  const flag = (app._router ?? app.router)?.caseSensitive;
  return typeof flag === 'boolean' ? flag : app.enabled('case sensitive routing');
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
  // A trusted proxy's malformed or oversized X-Forwarded-Host is ignored, like Astro does; a bad Host is a 400.
  const host = (trusted ? trustedForwardedHost(forwarded) : undefined) ?? req.get('host');
  return { protocol: req.protocol, host };
}
