import { Pipeline } from '../core/pipeline/pipeline';
import type { RendererOptions } from '../types';
import { gatePath } from '../core/security/path-gate';
import { foldCase } from '../core/security/case-fold';
import type { Match, RouteMatch } from '../core/pipeline/pipeline';
import { prerenderedRoutes } from './prerendered';
import { resolveOrigin } from '../node/origin';
import { toPipelineRequest } from '../node/request';
import { originForm, pathOf, searchOf } from '../node/target';
import type { Exchange } from './exchange';
import { bodyLimitFor } from '../core/actions/options';

/** What a host gives the kernel before anything is allocated for a request. */
export interface Host<C, X extends Exchange> {
  /** The request target below the mount point, as the host routes it (`req.url`, `ctx.url`). */
  target(ctx: C): string;
  /** The request target from the host's root (`req.originalUrl`, `ctx.originalUrl`). */
  originalTarget(ctx: C): string;
  /** The path the renderer is mounted at, `''` at the root. */
  mountPath(ctx: C): string;
  /**
   * Whether the host routes paths case-sensitively (Express's `case sensitive routing`); the
   * `caseSensitive` option overrides it. When it does not, middleware sees paths in lower case.
   */
  caseSensitive(ctx: C): boolean;
  method(ctx: C): string;
  /** Gives a request no route owns, with nothing around it, to the host app as it is. */
  pass(ctx: C): unknown;
  /** The per-request exchange, once astro-bridge takes the request. */
  exchange(ctx: C, mountPath: string): X;
  /** Hands a failure before any exchange exists (discovery failed) to the host's error handling. */
  fail(ctx: C, error: unknown): unknown;
}

/**
 * The pipeline of one `renderer()`/`createRequestListener()`: built once from the options, with
 * what serving a build needs (the built `/404` and `/500` pages) wired in.
 */
export function createPipeline(options: RendererOptions | undefined): Pipeline {
  const pipeline = new Pipeline(options);
  prerenderedRoutes(pipeline);
  return pipeline;
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
  // One spelling of every path (lib/core/security/path-gate.ts): what middleware reads is what is served.
  const original = originForm(host.originalTarget(ctx));
  const mountPath = host.mountPath(ctx);
  const gate = gatePath(pipeline, host.method(ctx), pathOf(original), searchOf(original), mountPath);
  if (gate !== 'pass') {
    if (gate === 'host') return host.pass(ctx);
    if (gate.error !== undefined) return host.fail(ctx, gate.error);
    return host.exchange(ctx, mountPath).send(gate.response);
  }
  const target = originForm(host.target(ctx));
  const path = pathOf(target);
  // `/about.html` of a 'file' build is its page's too (what the page saw as its URL).
  const match = pipeline.match(path) ?? prerenderedRoutes(pipeline).matchHtml(path);
  // A prerendered route: its built file (or its build-time render), without middleware.
  if (match !== undefined && prerenderedRoutes(pipeline).owns(match)) return servePrerendered(pipeline, host, ctx, match, mountPath, original, target);
  if (match === undefined && !pipeline.intercepts) return host.pass(ctx);
  const folds = foldsCase(pipeline, host, ctx);
  return route(pipeline, host.exchange(ctx, folds ? foldCase(mountPath) : mountPath), match, folds, mountPath, original, target);
}

function foldsCase<C, X extends Exchange>(pipeline: Pipeline, host: Host<C, X>, ctx: C): boolean {
  return !(pipeline.options.caseSensitive ?? host.caseSensitive(ctx));
}

/**
 * The target middleware sees. On a host that routes case-insensitively, the one spelling of a
 * path is its lower-cased form: a request no route of ours owns goes to the host, which serves
 * `/ADMIN` as `/admin`, so middleware reads `/admin` (the host itself still gets `req.url`
 * untouched). Our own routes match case-sensitively: a request one of them owns keeps its path,
 * below a mount path that the host matched case-insensitively (`app.use('/app', …)` takes `/APP`).
 */
function contextTarget(original: string, match: Match | undefined, folds: boolean, mountPath: string): string {
  // Most requests: a route of ours at the root, nothing to fold.
  if (!folds || (match !== undefined && mountPath === '')) return original;
  const path = pathOf(original);
  const folded = match === undefined ? foldCase(path) : foldCase(path.slice(0, mountPath.length)) + path.slice(mountPath.length);
  return folded === path ? original : folded + searchOf(original);
}

/** Redirect or core for a request astro-bridge takes; every failure to the host's error handling. */
function route(pipeline: Pipeline, exchange: Exchange, match: Match | undefined, folds: boolean, mountPath: string, original: string, target: string): unknown {
  try {
    if (match?.redirect !== undefined) {
      return exchange.send(pipeline.redirectResponse(mountPath + match.redirect + searchOf(target), exchange.method));
    }
    const { allowedDomains, site } = pipeline.options;
    const origin = resolveOrigin(exchange.originFacts(), { allowedDomains, site });
    const url = origin + contextTarget(original, match, folds, mountPath);
    const { options } = pipeline;
    const bodyLimit = bodyLimitFor(options.bodyLimit, options.actions, match?.route.route, exchange.method, target);
    const request = (exchange.request = toPipelineRequest(exchange.req, { url, res: exchange.res, parsedBody: exchange.parsedBody(), bodyLimit }));
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

/**
 * GET/HEAD of a prerendered route: the built file, else (no build, or `dev`) the build-time
 * render; a path the route does not prerender is no route's (the host's, or the `/404` route).
 */
async function servePrerendered<C, X extends Exchange>(pipeline: Pipeline, host: Host<C, X>, ctx: C, match: Match, mountPath: string, original: string, target: string): Promise<unknown> {
  const folds = foldsCase(pipeline, host, ctx);
  const exchange = host.exchange(ctx, folds ? foldCase(mountPath) : mountPath);
  let outcome;
  try {
    outcome = await prerenderedRoutes(pipeline).serve(exchange.method, match as RouteMatch, (file) => exchange.sendFile(file), mountPath);
  } catch (error) {
    return exchange.fail(error);
  }
  if (outcome === 'sent') return undefined;
  if (outcome !== undefined) return exchange.send(outcome);
  if (!pipeline.intercepts) return host.pass(ctx);
  return route(pipeline, exchange, undefined, folds, mountPath, original, target);
}
