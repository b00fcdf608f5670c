import type { Pipeline } from '../core/pipeline/pipeline';
import { resolveOrigin } from '../node/origin';
import { toWebRequest } from '../node/request';
import { originForm, pathOf, searchOf } from '../node/target';
import type { Exchange } from './exchange';

/** What a host gives the kernel before anything is allocated for a request. */
export interface Host<C, X extends Exchange> {
  /** The request target below the mount point, as the host routes it (`req.url`, `ctx.url`). */
  target(ctx: C): string;
  /** Gives a request no route owns, with nothing around it, to the host app as it is. */
  pass(ctx: C): unknown;
  /** The per-request exchange, once astro-bridge takes the request. */
  exchange(ctx: C): X;
  /** Hands a failure before any exchange exists (discovery failed) to the host's error handling. */
  fail(ctx: C, error: unknown): unknown;
}

/**
 * The flow of one request, the same for every host: wait for discovery → match → trailing-slash
 * redirect → origin → lazy `Request` → core → the host's send; every failure to the host's error
 * handling. Synchronous as far as the request allows (an endpoint that answers at once is sent
 * with no promise).
 */
export function serve<C, X extends Exchange>(pipeline: Pipeline, host: Host<C, X>, ctx: C): unknown {
  if (!pipeline.loaded) return pipeline.ready.then(() => dispatch(pipeline, host, ctx), (error: unknown) => host.fail(ctx, error));
  return dispatch(pipeline, host, ctx);
}

function dispatch<C, X extends Exchange>(pipeline: Pipeline, host: Host<C, X>, ctx: C): unknown {
  const target = originForm(host.target(ctx));
  const match = pipeline.match(pathOf(target));
  if (match === undefined && !pipeline.intercepts) return host.pass(ctx);
  const exchange = host.exchange(ctx);
  try {
    if (match?.redirect !== undefined) {
      return exchange.send(pipeline.redirectResponse(exchange.mountPath + match.redirect + searchOf(target), exchange.method));
    }
    const { allowedDomains, site } = pipeline.options;
    const origin = resolveOrigin(exchange.originFacts(), { allowedDomains, site });
    const url = origin + originForm(exchange.originalTarget());
    const request = (exchange.request = toWebRequest(exchange.req, { url, res: exchange.res, parsedBody: exchange.parsedBody() }));
    const result = pipeline.handle(request, match, exchange);
    if (!(result instanceof Promise)) return exchange.send(result);
    return result.then(
      (response) => exchange.send(response),
      (error: unknown) => exchange.fail(error),
    );
  } catch (error) {
    return exchange.fail(error);
  }
}
