import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import { Pipeline, type Match } from '../../core/pipeline/pipeline';
import type { Platform } from '../../core/pipeline/platform';
import type { RendererOptions } from '../../types';
import { captureResponse, type Capture } from '../../node/capture';
import { nodeClientAddress, nodeOriginFacts, resolveOrigin } from '../../node/origin';
import { originForm, pathOf, searchOf, targetBelowMount } from '../../node/target';
import { toWebRequest } from '../../node/request';
import { failAfterHost, respond } from '../../node/respond';
import { gatePath } from '../../core/security/path-gate';
import { compileTrust, type TrustProxy } from '../../node/proxy-trust';

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
   * 4xx `status` and message, or log it and answer its 5xx `status` (503 for an unavailable
   * session storage) or 500; after the head was sent the socket is destroyed.
   */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** A node:http listener (and connect-style middleware), with `close()` for session storage. */
export type RequestListener = ((req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void) & {
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
  const pipeline = new Pipeline(options);
  const trustProxy = compileTrust(options.trustProxy);
  const onError = options.onError ?? defaultOnError;
  const { allowedDomains, site } = pipeline.options;

  async function handle(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> {
    if (!pipeline.loaded) await pipeline.ready;
    const target = originForm(req.url ?? '/');
    const method = req.method ?? 'GET';
    const gate = gatePath(pipeline, method, pathOf(target), searchOf(target), '');
    if (gate !== 'pass' && gate !== 'host') {
      if (gate.error) throw gate.error;
      return respond(res, gate.response, method, undefined);
    }
    const match: Match | undefined = gate === 'host' ? undefined : pipeline.match(pathOf(target));
    if (match === undefined && !pipeline.intercepts) {
      if (next) next();
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    if (match?.redirect !== undefined) {
      return respond(res, pipeline.redirectResponse(match.redirect + searchOf(target), method), method, undefined);
    }
    const origin = resolveOrigin(nodeOriginFacts(req, trustProxy), { allowedDomains, site });
    const request = toWebRequest(req, { url: origin + target, res, bodyLimit: pipeline.options.bodyLimit });
    let capture: Capture | undefined;
    const platform: Platform = {
      name: 'node:http',
      get clientAddress() {
        return nodeClientAddress(req, trustProxy);
      },
      locals: {},
      mountPath: '',
      fallThrough: next
        ? (rewritten) => {
            if (capture !== undefined) throw new Error('The next handler can run only once per request.');
            if (rewritten !== request && rewritten.url !== request.url) req.url = targetBelowMount(new URL(rewritten.url), '') ?? req.url;
            capture = captureResponse(res);
            next();
            return capture.response;
          }
        : undefined,
    };
    try {
      await respond(res, await pipeline.handle(request, match, platform), method, capture);
    } catch (err) {
      if (capture === undefined) throw err;
      failAfterHost(res, capture, err);
    }
  }

  const listener = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): void => {
    handle(req, res, next).catch((err: unknown) => (next && !res.headersSent ? next(err) : onError(err, req, res)));
  };
  return Object.assign(listener, { close: () => pipeline.close(), ready: () => pipeline.ready });
}

function defaultOnError(error: unknown, _req: IncomingMessage, res: ServerResponse): void {
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
  console.error(error);
  // A 5xx an error asks for (503 SessionStorageUnavailable: retry later) keeps its status; its
  // message stays on the server.
  const code = typeof status === 'number' && status >= 500 && status < 600 ? status : 500;
  res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' }).end(STATUS_CODES[code] ?? 'Internal Server Error');
}
