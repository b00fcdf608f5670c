import { RenderContext, kPipelineRequest } from '../context/render-context';
import { kRewriteInPlace } from '../context/rewrite';
import { callMiddleware } from '../middleware/call';
import { invokeEndpoint, isEndpointResponse } from '../routing/endpoint';
import { renderPage } from './render-page';
import type { RequestState, RouteMatch } from './request-state';
import type { RouteEntry } from '../routing/match';
import type { RouteModule } from '../../types';
import { isLazyResponse } from '../../fetch/lazy-response';
import { mergeErrorResponse, REROUTABLE_STATUS_CODES } from './error-page';
import { refuseCrossSiteAction, runFormAction } from '../actions/handler';

// One render of a request: the middleware chain around the matched route (or the host app), and
// Astro's error pages for an empty 404/500 or a thrown error.

// Astro's loop guard: the 4th render of one request (the first plus three rewrites) is refused.
const MAX_RENDERS = 4;

export function respond(state: RequestState, request: Request, match: RouteMatch | undefined): Response | Promise<Response> {
  try {
    const rendered = renderChain(state, request, match ?? state.pipeline.notFoundMatch(), undefined);
    const paged = rendered instanceof Promise ? rendered.then((response) => withErrorPage(state, request, match, response)) : withErrorPage(state, request, match, rendered);
    // Closures only on the asynchronous path: a synchronous answer allocates none.
    return paged instanceof Promise ? paged.then(undefined, (error: unknown) => renderFailure(state, request, match, error)) : paged;
  } catch (error) {
    return renderFailure(state, request, match, error);
  }
}

// An empty 404/500 that did not come from an endpoint: the `/404` or `/500` route, when there
// is one, carrying the headers the response had (middleware's, an endpoint's `Allow`), as in
// Astro 6/7. Astro 7's rule: an endpoint's own 404/500 is deliberate, even when middleware
// copied it into a new Response (a per-request flag, not a mark on the Response).
function withErrorPage(state: RequestState, request: Request, match: RouteMatch | undefined, response: Response): Response | Promise<Response> {
  // Status first, and never `body` of a lazy Response (a captured host response, a page's HTML):
  // reading it would make the stream it saves. Those always have a body.
  const { status } = response;
  if (!REROUTABLE_STATUS_CODES.includes(status) || isLazyResponse(response) || response.body !== null) return response;
  if (state.skipErrorReroute || isEndpointResponse(response)) return response;
  const errorRoute = state.pipeline.errorMatch(status);
  if (!errorRoute || errorRoute.route === match?.route) return response;
  // `error: null` for an empty 500: nothing was thrown (Astro passes null "intentionally").
  const page = renderErrorRoute(state, request, errorRoute, status === 500 ? { error: null } : {});
  return page instanceof Promise ? page.then((rendered) => mergeErrorResponse(rendered, response)) : mergeErrorResponse(page, response);
}

// A thrown error: the `/500` route with `props.error`, else the error itself (to the host).
async function renderFailure(state: RequestState, request: Request, match: RouteMatch | undefined, error: unknown): Promise<Response> {
  const errorRoute = state.pipeline.errorMatch(500);
  if (!errorRoute || errorRoute.route === match?.route) throw error;
  try {
    return await renderErrorRoute(state, request, errorRoute, { error });
  } catch {
    // The 500 page failed too: the original error is the one worth reporting.
    throw error;
  }
}

export function renderChain(state: RequestState, request: Request, match: RouteMatch | undefined, originPathname: string | undefined): Response | Promise<Response> {
  if (++state.renders >= MAX_RENDERS) {
    return new Response('Loop Detected', {
      status: 508,
      statusText: 'Astro detected a loop where you tried to call the rewriting logic more than four times.',
    });
  }
  const refused = refuseCrossSiteAction(state.pipeline, request, match);
  if (refused !== undefined) return refused;
  const context = new RenderContext(state, request, match, originPathname);
  const middleware = state.pipeline.chain;
  if (middleware === undefined) return renderRoute(state, context);
  return callMiddleware(middleware, context as never, (payload) => {
    if (payload !== undefined) context[kRewriteInPlace](payload);
    return renderRoute(state, context);
  });
}

// Error pages render without middleware: middleware already ran for this request (and its
// locals are the same object), and a middleware that fails again cannot loop.
function renderErrorRoute(state: RequestState, request: Request, match: RouteMatch, props: Record<string, unknown>): Response | Promise<Response> {
  return renderRoute(state, new RenderContext(state, request, match, undefined, props));
}

// A prerendered /404 or /500 answers with its built file at run time, as in Astro's server.
function builtErrorPage(state: RequestState, route: RouteEntry<RouteModule>): Promise<Response | undefined> | undefined {
  const { pipeline, platform } = state;
  if (pipeline.builtErrorPage === undefined || platform.prerendered || (route.route !== '/404' && route.route !== '/500')) return undefined;
  return pipeline.isPrerendered(route) ? pipeline.builtErrorPage(route) : undefined;
}

function renderRoute(state: RequestState, context: RenderContext): Response | Promise<Response> {
  const match = context.match;
  if (match === undefined) {
    const { platform } = state;
    if (platform.fallThrough && state.pipeline.options.fallThrough) return platform.fallThrough(context[kPipelineRequest]);
    return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  // A form posted to `?_action=<name>`: the action runs first, its result visible to the render.
  const action = state.pipeline.actions === undefined ? undefined : runFormAction(context as never);
  if (action !== undefined) return action.then(() => renderMatched(state, context, match));
  return renderMatched(state, context, match);
}

function renderMatched(state: RequestState, context: RenderContext, match: RouteMatch): Response | Promise<Response> {
  const mod = match.route.module as Record<string, unknown>;
  if (match.route.type === 'page') {
    const built = builtErrorPage(state, match.route);
    return built ? built.then((response) => response ?? renderPage(mod, context)) : renderPage(mod, context);
  }
  return invokeEndpoint(mod, context, context[kPipelineRequest].method, match.route.route);
}
