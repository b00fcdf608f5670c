import type { Platform } from './platform';
import type { RequestPipeline, RequestState, RouteMatch } from './request-state';
import { AstroCookies } from '../cookies/cookies';
import { withCookies } from './with-cookies';
import { requestHeader } from '../../fetch/request-header';
import { checkOrigin, crossSiteForbidden, originOf } from '../security/check-origin';
import type { AstroSession } from '../session/session';
import { CspPolicy } from '../security/csp-policy';
import type { ActionPayload } from '../actions/context';
import { withStaticProps } from '../prerender/rewrite-props';
import { renderChain, respond } from './render-chain';

// One request's lifecycle around its renders (render-chain.ts): the cross-site check, the state
// every render shares, then the session saved and the cookies flushed on the way out.

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
