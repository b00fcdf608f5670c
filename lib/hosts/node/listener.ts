import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { RendererOptions } from '../../types';
import { nodeClientAddress, nodeOriginFacts, type OriginFacts } from '../../node/origin';
import { compileTrust, type TrustFn, type TrustProxy } from '../../node/proxy-trust';
import { CapturingExchange } from '../capturing-exchange';
import { createPipeline, serve, type Host } from '../kernel';

export interface RequestListenerOptions extends RendererOptions {
  /**
   * Which proxies to trust, with Express's `trust proxy` values (through proxy-addr, as Express):
   * `true` (every hop), a hop count (`1`), addresses or subnets (`'loopback'`,
   * `'10.0.0.0/8, 192.168.1.1'`, an array) or `(address, hop) => boolean`. When the socket's
   * peer is trusted, X-Forwarded-Proto and X-Forwarded-Host set `url`'s origin and
   * X-Forwarded-For, walked hop by hop, `clientAddress`; malformed values are ignored. Only trust
   * proxies that overwrite these headers. Default `false`.
   */
  trustProxy?: TrustProxy;
  /**
   * Called with an error a route threw (or a bad request). Default: answer with the error's
   * 4xx `status` and message, or log it (`logger.error`) and answer its 5xx `status` (503 for an
   * unavailable session storage) or 500; after the head was sent the socket is destroyed.
   */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

type Next = (err?: unknown) => void;

/** A node:http listener (and connect-style middleware), with `close()` for session storage. */
export type RequestListener = ((req: IncomingMessage, res: ServerResponse, next?: Next) => void) & {
  close(): Promise<void>;
  /**
   * Resolves once routes and middleware are discovered (at once when both are given); rejects
   * with the discovery error, which every request also fails with (closed, never unguarded).
   * Await it before `listen()` to fail at start-up instead of on the first request.
   */
  ready(): Promise<void>;
};

/**
 * A `node:http` request listener (also a connect-style middleware): requests no route owns go
 * to `next` when one is given (with middleware around them), else get a 404.
 *
 * @example
 * http.createServer(createRequestListener({ routes: { '/': { GET: () => new Response('hi') } } }))
 */
export function createRequestListener(options: RequestListenerOptions = {}): RequestListener {
  const pipeline = createPipeline(options);
  const report = pipeline.reportError;
  const host = new NodeHost(compileTrust(options.trustProxy), options.onError ?? ((error, _req, res) => defaultOnError(error, res, report)), report);
  const listener = (req: IncomingMessage, res: ServerResponse, next?: Next): void => {
    serve(pipeline, host, new NodeCall(req, res, next));
  };
  return Object.assign(listener, { close: () => pipeline.close(), ready: () => pipeline.ready });
}

/** node:http's `(req, res)`, and connect's `next` when the listener is a middleware. */
class NodeCall {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly next: Next | undefined,
  ) {}
}

type OnError = NonNullable<RequestListenerOptions['onError']>;

class NodeHost implements Host<NodeCall, NodeExchange> {
  constructor(
    readonly trustProxy: TrustFn,
    readonly onError: OnError,
    readonly report: (error: unknown) => void,
  ) {}
  target(call: NodeCall): string {
    return call.req.url ?? '/';
  }
  originalTarget(call: NodeCall): string {
    return call.req.url ?? '/';
  }
  mountPath(): string {
    return '';
  }
  method(call: NodeCall): string {
    return call.req.method ?? 'GET';
  }
  /** No router: whatever runs after the listener reads `req.url` as sent. */
  caseSensitive(): boolean {
    return true;
  }
  pass({ res, next }: NodeCall): void {
    if (next) next();
    else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
  }
  exchange(call: NodeCall): NodeExchange {
    return new NodeExchange(call, this);
  }
  fail({ req, res, next }: NodeCall, error: unknown): void {
    if (next && !res.headersSent) next(error);
    else this.onError(error, req, res);
  }
}

class NodeExchange extends CapturingExchange {
  readonly name = 'node:http';
  protected override readonly report: (error: unknown) => void;

  constructor(
    readonly call: NodeCall,
    readonly host: NodeHost,
  ) {
    super(call.req, call.res, '', {});
    this.report = host.report;
  }

  get clientAddress(): string | undefined {
    return nodeClientAddress(this.req, this.host.trustProxy);
  }

  originFacts(): OriginFacts {
    return nodeOriginFacts(this.req, this.host.trustProxy);
  }

  // Without a `next` there is no host app: core answers a request no route owns with a 404.
  override fallThrough(request: Request): Promise<Response> {
    if (this.call.next === undefined) return Promise.resolve(notFound());
    return super.fallThrough(request);
  }

  protected runNext(target: string | undefined): void {
    if (target !== undefined) this.req.url = target;
    this.call.next!();
  }

  protected hostError(error: unknown): void {
    this.host.fail(this.call, error);
  }
}

function notFound(): Response {
  return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function defaultOnError(error: unknown, res: ServerResponse, report: (error: unknown) => void): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end((error as Error).message);
    return;
  }
  // The documented default of `onError`: a server error must not go unreported.
  report(error);
  // A 5xx an error asks for (503 SessionStorageUnavailable: retry later) keeps its status; its
  // message stays on the server.
  const code = typeof status === 'number' && status >= 500 && status < 600 ? status : 500;
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(STATUS_CODES[code] ?? 'Internal Server Error');
}
