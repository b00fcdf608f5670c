import { RenderContext, kPipelineRequest } from '../context/render-context';
import { kRewriteInPlace } from '../context/rewrite';
import { callMiddleware } from '../middleware/call';
import { invokeEndpoint, isEndpointResponse } from '../routing/endpoint';
import { renderPage } from './render-page';
import type { Platform } from './platform';
import type { RequestPipeline, RequestState, RouteMatch } from './request-state';
import type { RouteEntry } from '../routing/match';
import type { RouteModule } from '../../types';
import { AstroCookies } from '../cookies/cookies';
import { withCookies } from './with-cookies';
import { isLazyResponse } from '../../fetch/lazy-response';
import { requestHeader } from '../../fetch/request-header';
import { checkOrigin, crossSiteForbidden, originOf } from '../security/check-origin';
import type { AstroSession } from '../session/session';
import { CspPolicy } from '../security/csp-policy';
import { mergeErrorResponse, REROUTABLE_STATUS_CODES } from './error-page';
import type { ActionPayload } from '../actions/context';
import { refuseCrossSiteAction, runFormAction } from '../actions/handler';
import { withStaticProps } from '../prerender/rewrite-props';

// Astro's loop guard: the 4th render of one request (the first plus three rewrites) is refused.
const MAX_RENDERS = 4;

class State implements RequestState {
  renders = 0;
  /** An endpoint answered 404/500 itself: deliberate, never replaced by an error page (Astro 7's `skipErrorReroute`). */
  skipErrorReroute = false;
  actionPayload: ActionPayload | undefined;
  #cookies: AstroCookies | undefined;
  #csp: CspPolicy | undefined;
  constructor(
    readonly pipeline: RequestPipeline,
    readonly platform: Platform,
    readonly request: Request,
  ) {}

  get cookies(): AstroCookies {
    // The Cookie header of the request as received: rewrites keep the same jar, as in Astro.
    return (this.#cookies ??= new AstroCookies(() => requestHeader(this.request, 'cookie'), { signer: this.platform.cookieSigner?.bind(this.platform), onWarning: this.pipeline.cookieWarning }));
  }

  #session: AstroSession | undefined;

  get session(): AstroSession | undefined {
    const sessions = this.pipeline.sessions;
    if (sessions === undefined) return undefined;
    // Bound to the request's one jar, so it survives rewrites (Astro 5 loses it there).
    return (this.#session ??= sessions.create(this.cookies, { isHttps: this.request.url.startsWith('https:') }));
  }

  /** The session if anything used it: only then is there something to save. */
  get usedSession(): AstroSession | undefined {
    return this.#session;
  }

  get csp(): CspPolicy | undefined {
    const config = this.pipeline.options.csp;
    return config === undefined ? undefined : (this.#csp ??= new CspPolicy(config));
  }

  /** The jar if anything used it (a request that never touches cookies pays nothing). */
  get usedCookies(): AstroCookies | undefined {
    return this.#cookies;
  }

  resolve(url: URL): RouteMatch | undefined {
    return this.pipeline.resolve(url, this.platform.mountPath);
  }

  rewrite(request: Request, originPathname: string): Promise<Response> {
    try {
      const match = this.resolve(new URL(request.url));
      if (this.platform.prerendered && match !== undefined && this.pipeline.isPrerendered(match.route)) {
        const { base, trailingSlash } = this.pipeline.options;
        return withStaticProps(match, { base, trailingSlashAlways: trailingSlash === 'always' }).then((m) => renderChain(this, request, m, originPathname));
      }
      return Promise.resolve(renderChain(this, request, match, originPathname));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}

/**
 * One request through the pipeline: middleware around the matched route (or around the host
 * app when no route owns the path). Astro's error pages: an empty 404/500 that did not come
 * from an endpoint renders the `/404` or `/500` route, and a thrown error renders `/500` with
 * `props.error`; without those routes the error goes to the host.
 *
 * Synchronous as far as the request allows: an endpoint that answers synchronously, without
 * middleware or a session to save, gives its Response back at once (no promise, no tick). A
 * failure always comes back as a rejected promise, never as a throw.
 */
export function handleRequest(pipeline: RequestPipeline, request: Request, match: RouteMatch | undefined, platform: Platform): Response | Promise<Response> {
  // Cross-site form posts stop here, before any middleware (or session, or cookie) is touched.
  const scope = pipeline.options.checkOrigin;
  const ours = match !== undefined || !pipeline.options.fallThrough;
  if ((ours ? scope.routes : scope.hostRoutes) && request.method !== 'GET' && !checkOrigin(request, originOf(request.url))) {
    return crossSiteForbidden(request.method);
  }
  const state = new State(pipeline, platform, request);
  let result: Response | Promise<Response>;
  try {
    result = respond(state, request, match);
  } catch (error) {
    return failed(state, error);
  }
  if (result instanceof Promise) {
    return result.then(
      (response) => finish(state, response),
      (error: unknown) => failed(state, error),
    );
  }
  return finish(state, result);
}

// Save what the request changed anyway, but report the error it failed with.
async function failed(state: State, error: unknown): Promise<never> {
  await state.usedSession?.persist().catch(() => {});
  throw error;
}

function finish(state: State, response: Response): Response | Promise<Response> {
  // Saved before the cookies go out: a new or regenerated id changes the session cookie. A
  // failure here fails the request (503) rather than reporting success for lost data.
  const session = state.usedSession;
  if (session !== undefined) return session.persist().then(() => flush(state, response));
  return flush(state, response);
}

// Every way out (route, redirect, a middleware's own Response, host response, error page)
// carries the cookies set anywhere during the request, exactly once.
function flush(state: State, response: Response): Response {
  const jar = state.usedCookies;
  return jar ? withCookies(response, jar.consume()) : response;
}

function respond(state: State, request: Request, match: RouteMatch | undefined): Response | Promise<Response> {
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
function withErrorPage(state: State, request: Request, match: RouteMatch | undefined, response: Response): Response | Promise<Response> {
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
async function renderFailure(state: State, request: Request, match: RouteMatch | undefined, error: unknown): Promise<Response> {
  const errorRoute = state.pipeline.errorMatch(500);
  if (!errorRoute || errorRoute.route === match?.route) throw error;
  try {
    return await renderErrorRoute(state, request, errorRoute, { error });
  } catch {
    // The 500 page failed too: the original error is the one worth reporting.
    throw error;
  }
}

function renderChain(state: State, request: Request, match: RouteMatch | undefined, originPathname: string | undefined): Response | Promise<Response> {
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
function renderErrorRoute(state: State, request: Request, match: RouteMatch, props: Record<string, unknown>): Response | Promise<Response> {
  return renderRoute(state, new RenderContext(state, request, match, undefined, props));
}

// A prerendered /404 or /500 answers with its built file at run time, as in Astro's server.
function builtErrorPage(state: State, route: RouteEntry<RouteModule>): Promise<Response | undefined> | undefined {
  const { pipeline, platform } = state;
  if (pipeline.builtErrorPage === undefined || platform.prerendered || (route.route !== '/404' && route.route !== '/500')) return undefined;
  return pipeline.isPrerendered(route) ? pipeline.builtErrorPage(route) : undefined;
}

function renderRoute(state: State, context: RenderContext): Response | Promise<Response> {
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

function renderMatched(state: State, context: RenderContext, match: RouteMatch): Response | Promise<Response> {
  const mod = match.route.module as Record<string, unknown>;
  if (match.route.type === 'page') {
    const built = builtErrorPage(state, match.route);
    return built ? built.then((response) => response ?? renderPage(mod, context)) : renderPage(mod, context);
  }
  return invokeEndpoint(mod, context, context[kPipelineRequest].method, match.route.route);
}
