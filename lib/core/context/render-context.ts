import { createError } from '../errors/errors';
import { ClientAddressNotAvailable, LocalsNotAnObject, LocalsReassigned, PrerenderClientAddressNotAvailable } from '../errors/catalog';
import type { Params } from '../routing/match';
import type { RouteMatch } from '../pipeline/request-state';
import type { RequestState } from '../pipeline/request-state';
import { GENERATOR } from '../../version';
import { redirect } from './redirect';
import { requestHeader, requestUrl, usableRequest } from '../../fetch/request-header';
import { PageResponseInit } from './page-response';
import { kRewriteInPlace, toRewriteRequest } from './rewrite';
import { kEndpointAnsweredError } from '../routing/endpoint';
import type { RewritePayload } from '../../types';
import type { AstroCookies } from '../cookies/cookies';
import type { AstroSession } from '../session/session';
import type { AstroLogger } from '../logger';
import type { CspContext, CspPolicy } from '../security/csp-policy';
import { callAction, getActionResult, kRequestState } from '../actions/context';
import { currentLocale, localePathname, preferredLocale, preferredLocaleList } from '../i18n/index';

const EMPTY: Params = Object.freeze({}) as Params;

let readMountPath: (context: object) => string;

/**
 * The path the host mounted the renderer at, for the context of a render (`''` for any other
 * object): i18n's built-in middleware needs it to find the locale in `context.url`.
 */
export function contextMountPath(context: object): string {
  return readMountPath(context);
}

/** The request's CSP policy, read by the page renderer. */
export const kCspPolicy = Symbol.for('astro-bridge.cspPolicy');
/** The request as the pipeline holds it (see `RenderContext.request`). */
export const kPipelineRequest = Symbol('pipelineRequest');

/**
 * The render context of one render of a request (a `rewrite()` makes a new one; `next(payload)`
 * re-routes this one in place). A class, so getters live on the prototype and a request pays
 * for what it reads only. Methods users destructure (`({ rewrite }) => …`) come bound.
 */
export class RenderContext {
  /** The request as the pipeline holds it (a host's lazy stand-in, maybe usable by core only). */
  #request: Request;
  params: Params;
  routePattern: string;
  props: Record<string, unknown>;
  /** The matched route, `undefined` when the host app owns the path. */
  match: RouteMatch | undefined;
  readonly #state: RequestState;
  #url: URL | undefined;
  #originPathname: string | undefined;
  #response: PageResponseInit | undefined;
  #preferredLocale: [string | undefined] | undefined;
  #preferredLocaleList: string[] | undefined;

  static {
    readMountPath = (context) => (#state in context ? context.#state.platform.mountPath : '');
  }

  constructor(state: RequestState, request: Request, match: RouteMatch | undefined, originPathname?: string, props?: Record<string, unknown>) {
    // `context.locals` is the host's object itself, so it must be one (Astro's LocalsNotAnObject).
    if (typeof state.platform.locals !== 'object' || state.platform.locals === null) throw createError(LocalsNotAnObject);
    this.#state = state;
    this.#request = request;
    this.match = match;
    this.params = match?.params ?? EMPTY;
    this.routePattern = match?.route.route ?? '';
    this.props = props ?? match?.props ?? {};
    this.#originPathname = originPathname;
  }

  /**
   * The request. A getter: where the host's lazy stand-in cannot pass for a Request inside
   * undici (Node 24+), the real one is built here, when user code first reads it; core reads
   * method, URL and headers from the stand-in without it.
   */
  get request(): Request {
    return usableRequest(this.#request);
  }

  set request(request: Request) {
    this.#request = request;
  }

  /** The request as the pipeline holds it, for core: reading it builds nothing. */
  get [kPipelineRequest](): Request {
    return this.#request;
  }

  get generator(): string {
    return GENERATOR;
  }

  get site(): URL | undefined {
    return this.#state.pipeline.options.site;
  }

  /** `true` in a build-time render of a prerendered route. */
  get isPrerendered(): boolean {
    return this.#state.platform.prerendered === true;
  }

  /** Built on first read: most handlers never look at it. */
  get url(): URL {
    return (this.#url ??= requestUrl(this.#request));
  }

  /** The pathname before the last rewrite (the current one when there was none), decoded. */
  get originPathname(): string {
    return safeDecode(this.#originPathname ?? this.url.pathname);
  }

  get locals(): App.Locals {
    return this.#state.platform.locals as App.Locals;
  }

  set locals(_value: App.Locals) {
    throw createError(LocalsReassigned);
  }

  get clientAddress(): string {
    if (this.#state.platform.prerendered) throw createError(PrerenderClientAddressNotAvailable, this.routePattern);
    const address = this.#state.platform.clientAddress;
    if (address === undefined || address === '') throw createError(ClientAddressNotAvailable, this.#state.platform.name);
    return address;
  }

  /** Status, statusText and headers for a page that returns content rather than a Response. */
  get response(): PageResponseInit {
    return (this.#response ??= PageResponseInit.forRoute(this.routePattern));
  }

  /** The request's cookies: read from the Cookie header, set ones sent with the response. */
  get cookies(): AstroCookies {
    return this.#state.cookies;
  }

  /** The request's session, or `undefined` without the `session` option (as in Astro). */
  get session(): AstroSession | undefined {
    // A prerendered route is rendered once for everyone: there is no visitor to have a session.
    return this.#state.platform.prerendered ? undefined : this.#state.session;
  }

  /** The configured locale the client prefers most; computed on first read. */
  get preferredLocale(): string | undefined {
    const i18n = this.#state.pipeline.options.i18n;
    if (i18n === undefined) return undefined;
    if (this.#preferredLocale === undefined) this.#preferredLocale = [preferredLocale(requestHeader(this.#request, 'accept-language'), i18n)];
    return this.#preferredLocale[0];
  }

  /** Every configured locale the client accepts, best first; computed on first read. */
  get preferredLocaleList(): string[] | undefined {
    const i18n = this.#state.pipeline.options.i18n;
    if (i18n === undefined) return undefined;
    return (this.#preferredLocaleList ??= preferredLocaleList(requestHeader(this.#request, 'accept-language'), i18n));
  }

  /** The locale of the URL (the default locale without a prefix); `undefined` without `i18n`. */
  get currentLocale(): string | undefined {
    const i18n = this.#state.pipeline.options.i18n;
    if (i18n === undefined) return undefined;
    return currentLocale(localePathname(this, this.#state.platform.mountPath), i18n);
  }

  #csp: CspContext | undefined;

  /** Astro 6/7's `context.csp`; `undefined` without the `security.csp` option. */
  get csp(): CspContext | undefined {
    return (this.#csp ??= this.#state.csp?.api());
  }

  /** The request's policy, for the page's header. */
  get [kCspPolicy](): CspPolicy | undefined {
    return this.#state.csp;
  }

  /** Astro 6/7's `context.logger`: the renderer's `logger` option, label `app`. */
  get logger(): AstroLogger {
    return this.#state.pipeline.appLogger;
  }

  get redirect(): (path: string | URL, status?: number) => Response {
    return redirect;
  }

  /** Serves another route (or host path) for this request, running the middleware again. */
  get rewrite(): (payload: RewritePayload) => Promise<Response> {
    return (payload) => {
      const request = toRewriteRequest(payload, this.request, this.url);
      const from = this.url.pathname;
      // Astro 6/7: the caller's `routePattern` names the route it rewrote to (middleware reads it after).
      this.routePattern = this.#state.resolve(new URL(request.url))?.route.route ?? '';
      return this.#state.rewrite(request, from);
    };
  }

  /** The result of the form action this request ran, when it is `action`; else `undefined`. */
  get getActionResult(): (action: unknown) => unknown {
    return (action) => getActionResult(this as never, action);
  }

  /** Runs an action with this context: `{ data, error }` (or data/throw for `action.orThrow`). */
  get callAction(): (action: unknown, input?: unknown) => Promise<unknown> {
    return (action, input) => callAction(this as never, action, input);
  }

  get [kRequestState](): RequestState {
    return this.#state;
  }

  [kEndpointAnsweredError](): void {
    this.#state.skipErrorReroute = true;
  }

  [kRewriteInPlace](payload: RewritePayload): void {
    const request = toRewriteRequest(payload, this.request, this.url);
    const previous = this.url.pathname;
    const match = this.#state.resolve(new URL(request.url));
    this.request = request;
    this.#url = undefined;
    this.#originPathname = previous;
    this.match = match;
    this.params = match?.params ?? EMPTY;
    this.routePattern = match?.route.route ?? '';
  }
}

function safeDecode(pathname: string): string {
  try {
    return decodeURI(pathname);
  } catch {
    return pathname;
  }
}
