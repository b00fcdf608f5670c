import type { Pipeline } from './pipeline';
import type { Platform } from './platform';
import type { RouteEntry, Params } from '../routing/match';
import type { RouteModule } from '../../types';
import type { AstroCookies } from '../cookies/cookies';
import type { AstroSession } from '../session/session';

/** A route found for a request: the entry and its decoded params. */
export interface RouteMatch {
  route: RouteEntry<RouteModule>;
  params: Params;
  /** Props for the route: a prerendered path's `getStaticPaths()` props. */
  props?: Record<string, unknown>;
}

/** What every render of one request shares: the pipeline, the host's facts, the render count. */
export interface RequestState {
  readonly pipeline: Pipeline;
  readonly platform: Platform;
  /** The request's one cookie jar, shared by every render (rewrites included), made on first use. */
  readonly cookies: AstroCookies;
  /** The request's session (made on first use), `undefined` when sessions are off. */
  readonly session: AstroSession | undefined;
  /** Renders so far (the first, plus one per `rewrite()`); the 4th is refused with a 508. */
  renders: number;
  /** The route for an absolute URL of this host (mount point and `base` applied). */
  resolve(url: URL): RouteMatch | undefined;
  /** Renders `request` from the top of the middleware chain (`context.rewrite()`). */
  rewrite(request: Request, originPathname: string): Promise<Response>;
}
