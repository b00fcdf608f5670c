import type { IncomingMessage, ServerResponse } from 'node:http';
import { Pipeline } from '../core/pipeline';
import type { RendererOptions } from '../types';
import { nodeClientAddress, nodeOriginFacts, resolveOrigin } from './origin';
import { pathOf, searchOf } from './path';
import { toWebRequest } from './request';
import { sendWebResponse } from './send';

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

export type RequestListener = (req: IncomingMessage, res: ServerResponse, next?: (err?: unknown) => void) => void;

/**
 * A `node:http` request listener (also a connect-style middleware): requests no route owns go
 * to `next` when one is given, else get a 404.
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
    const match = pipeline.match(pathOf(req.url));
    if (match === undefined) {
      if (next) next();
      else res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not Found');
      return;
    }
    const method = req.method ?? 'GET';
    let response: Response;
    if (match.redirect !== undefined) {
      response = pipeline.redirectResponse(match.redirect + searchOf(req.url), method);
    } else {
      const origin = resolveOrigin(nodeOriginFacts(req, trustProxy), { allowedDomains, site });
      const request = toWebRequest(req, { url: origin + (req.url ?? '/'), res });
      const platform = { name: 'node:http', clientAddress: nodeClientAddress(req, trustProxy), locals: {} };
      response = await pipeline.render(request, match, platform);
    }
    await sendWebResponse(res, response, method);
  }

  return (req, res, next) => {
    handle(req, res, next).catch((err: unknown) => (next ? next(err) : onError(err, req, res)));
  };
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
