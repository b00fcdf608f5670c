import type { MiddlewareHandler } from '../../types';
import type { ResolvedOptions } from './options';
import type { Sessions } from '../session/index';
import type { Platform } from './platform';
import type { RouteEntry, Params } from '../routing/match';
import type { RouteModule } from '../../types';
import type { AstroCookies } from '../cookies/cookies';
import type { AstroSession } from '../session/session';
import type { CspPolicy } from '../security/csp-policy';
import type { AstroLogger } from '../logger';
import type { ActionPayload } from '../actions/context';
import type { ActionRegistry } from '../actions/registry';

/** A route found for a request: the entry and its decoded params. */
export interface RouteMatch {
  route: RouteEntry<RouteModule>;
  params: Params;
  /** Props for the route: a prerendered path's `getStaticPaths()` props. */
  props?: Record<string, unknown>;
}

/**
 * What the per-request code needs of a renderer's pipeline. An interface, so that code depends
 * on it and not on the `Pipeline` class (which depends on the per-request code).
 */
export interface RequestPipeline {
  readonly options: Pick<ResolvedOptions, 'site' | 'base' | 'trailingSlash' | 'i18n' | 'fallThrough' | 'logger' | 'csp' | 'checkOrigin' | 'actions'>;
  /** The actions (given, or discovered in `src/actions/index.*`); `undefined` without any. */
  readonly actions: ActionRegistry | undefined;
  /** Whether a route is prerendered (its `prerender` export, else the `prerender` option). */
  isPrerendered(route: RouteEntry<RouteModule>): boolean;
  /** The built file of a prerendered `/404` or `/500`, when serving a build. */
  readonly builtErrorPage: ((route: RouteEntry<RouteModule>) => Promise<Response | undefined>) | undefined;
  readonly sessions: Sessions | undefined;
  /** What runs around every route: i18n routing, then the user's middleware. */
  readonly chain: MiddlewareHandler | undefined;
  /** The route for an absolute URL of this host, below `mountPath` (a rewrite target). */
  resolve(url: URL, mountPath: string): RouteMatch | undefined;
  /** The `/404` route for requests no route owns when `fallThrough` is off. */
  notFoundMatch(): RouteMatch | undefined;
  /** The `/404` or `/500` route, when the routes define one. */
  errorMatch(status: number): RouteMatch | undefined;
  /** Where the cookie jars' late-write warnings go (the `logger` option, label `cookies`). */
  readonly cookieWarning: (warning: Error) => void;
  /** `context.logger`: the `logger` option's destination, label `app`. */
  readonly appLogger: AstroLogger;
}

/** What every render of one request shares: the pipeline, the host's facts, the render count. */
export interface RequestState {
  readonly pipeline: RequestPipeline;
  readonly platform: Platform;
  /** The request's one cookie jar, shared by every render (rewrites included), made on first use. */
  readonly cookies: AstroCookies;
  /** The request's session (made on first use), `undefined` when sessions are off. */
  readonly session: AstroSession | undefined;
  /** The request's Content-Security-Policy (made on first use), `undefined` without `security.csp`. */
  readonly csp: CspPolicy | undefined;
  /** An endpoint answered 404/500 itself: never replaced by an error page (Astro 7's `skipErrorReroute`). */
  skipErrorReroute: boolean;
  /** The action result of this request (a form action's, or one middleware set); rewrites keep it. */
  actionPayload: ActionPayload | undefined;
  /** Renders so far (the first, plus one per `rewrite()`); the 4th is refused with a 508. */
  renders: number;
  /** The route for an absolute URL of this host (mount point and `base` applied). */
  resolve(url: URL): RouteMatch | undefined;
  /** Renders `request` from the top of the middleware chain (`context.rewrite()`). */
  rewrite(request: Request, originPathname: string): Promise<Response>;
}
