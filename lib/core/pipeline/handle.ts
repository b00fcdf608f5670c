import { RenderContext, kPipelineRequest } from '../context/render-context';
import { kRewriteInPlace } from '../context/rewrite';
import { callMiddleware } from '../middleware/call';
import { invokeEndpoint, isEndpointResponse } from '../routing/endpoint';
import { renderPage } from './render-page';
import type { Pipeline } from './pipeline';
import type { Platform } from './platform';
import type { RequestState, RouteMatch } from './request-state';
import { AstroCookies } from '../cookies/cookies';
import { withCookies } from './with-cookies';
import { isLazyResponse } from '../../fetch/lazy-response';
import { requestHeader } from '../../fetch/request-header';
import type { AstroSession } from '../session/session';

// Astro's loop guard: the 4th render of one request (the first plus three rewrites) is refused.
const MAX_RENDERS = 4;

class State implements RequestState {
  renders = 0;
  #cookies: AstroCookies | undefined;
  constructor(
    readonly pipeline: Pipeline,
    readonly platform: Platform,
    readonly request: Request,
  ) {}

  get cookies(): AstroCookies {
    // The Cookie header of the request as received: rewrites keep the same jar, as in Astro.
    return (this.#cookies ??= new AstroCookies(() => requestHeader(this.request, 'cookie'), { signer: this.platform.cookieSigner?.bind(this.platform) }));
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

  /** The jar if anything used it (a request that never touches cookies pays nothing). */
  get usedCookies(): AstroCookies | undefined {
    return this.#cookies;
  }

  resolve(url: URL): RouteMatch | undefined {
    return this.pipeline.resolve(url, this.platform.mountPath);
  }

  rewrite(request: Request, originPathname: string): Promise<Response> {
    try {
      return Promise.resolve(renderChain(this, request, this.resolve(new URL(request.url)), originPathname));
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
export function handleRequest(pipeline: Pipeline, request: Request, match: RouteMatch | undefined, platform: Platform): Response | Promise<Response> {
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

// An empty 404/500 that did not come from an endpoint: the `/404` or `/500` route, when there is one.
function withErrorPage(state: State, request: Request, match: RouteMatch | undefined, response: Response): Response | Promise<Response> {
  // Status first, and never `body` of a lazy Response (a captured host response, a page's HTML):
  // reading it would make the stream it saves. Those always have a body.
  if ((response.status === 404 || response.status === 500) && !isLazyResponse(response) && response.body === null && !isEndpointResponse(response)) {
    const errorRoute = state.pipeline.errorMatch(response.status);
    if (errorRoute && errorRoute.route !== match?.route) return renderErrorRoute(state, request, errorRoute, {});
  }
  return response;
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

function renderRoute(state: State, context: RenderContext): Response | Promise<Response> {
  const match = context.match;
  if (match === undefined) {
    const { platform } = state;
    if (platform.fallThrough && state.pipeline.options.fallThrough) return platform.fallThrough(context[kPipelineRequest]);
    return new Response('Not Found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  }
  const mod = match.route.module as Record<string, unknown>;
  if (match.route.type === 'page') return renderPage(mod, context);
  return invokeEndpoint(mod, context, context[kPipelineRequest].method, match.route.route);
}
