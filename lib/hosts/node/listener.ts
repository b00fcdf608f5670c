import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline, type Match } from '../../core/pipeline/pipeline';
import type { Platform } from '../../core/pipeline/platform';
import type { RendererOptions } from '../../types';
import { captureResponse, type Capture } from '../../node/capture';
import { nodeClientAddress, nodeOriginFacts, resolveOrigin } from '../../node/origin';
import { originForm, pathOf, searchOf, targetBelowMount } from '../../node/target';
import { toPipelineRequest } from '../../node/request';
import { failAfterHost, respond } from '../../node/respond';

export interface RequestListenerOptions extends RendererOptions {
  /**
   * Trust X-Forwarded-Proto, X-Forwarded-Host and X-Forwarded-For (first value each). Only set
   * this behind a proxy that overwrites them: otherwise clients can forge `url` and `clientAddress`.
   * Default `false`.
   */
  trustProxy?: boolean;
  /**
   * Called with an error a route threw (or a bad request). Default: answer with the error's
   * 4xx `status`, or log it and answer 500; after the head was sent the socket is destroyed.
   */
  onError?: (error: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

/** A node:http listener (and connect-style middleware), with `close()` for session storage. */
export type RequestListener = ((req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void) & {
  close(): Promise<void>;
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
  const trustProxy = options.trustProxy === true;
  const onError = options.onError ?? defaultOnError;
  const { allowedDomains, site } = pipeline.options;

  async function handle(req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void): Promise<void> {
    if (!pipeline.loaded) await pipeline.ready;
    const target = originForm(req.url ?? '/');
    const match: Match | undefined = pipeline.match(pathOf(target));
    const method = req.method ?? 'GET';
    if (match === undefined && !pipeline.intercepts) {
      if (next) next();
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    if (match?.redirect !== undefined) {
      return respond(res, pipeline.redirectResponse(match.redirect + searchOf(target), method), method, undefined);
    }
    const origin = resolveOrigin(nodeOriginFacts(req, trustProxy), { allowedDomains, site });
    const request = toPipelineRequest(req, { url: origin + target, res });
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
  return Object.assign(listener, { close: () => pipeline.close() });
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
  res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('Internal Server Error');
}
