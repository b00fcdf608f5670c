import { createError } from '../errors/errors';
import { ActionsNotConfigured, ClientAddressNotAvailable, LocalsNotAnObject, LocalsReassigned } from '../errors/catalog';
import type { Params } from '../routing/match';
import type { RouteMatch } from '../pipeline/request-state';
import type { RequestState } from '../pipeline/request-state';
import { GENERATOR } from '../../version';
import { redirect } from './redirect';
import { requestHeader, requestUrl, usableRequest } from '../../fetch/request-header';
import { PageResponseInit } from './page-response';
import { kRewriteInPlace, toRewriteRequest } from './rewrite';
import type { RewritePayload } from '../../types';
import type { AstroCookies } from '../cookies/cookies';
import type { AstroSession } from '../session/session';
import { currentLocale, localePathname, preferredLocale, preferredLocaleList } from '../i18n/index';

const EMPTY: Params = Object.freeze({}) as Params;

/** The host's mount path, for i18n's locale-in-path computations. */
export const kMountPath = Symbol.for('astro-bridge.mountPath');
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

  constructor(state: RequestState, request: Request, match: RouteMatch | undefined, originPathname?: string, props?: Record<string, unknown>) {
    // `context.locals` is the host's object itself, so it must be one (Astro's LocalsNotAnObject).
    if (typeof state.platform.locals !== 'object' || state.platform.locals === null) throw createError(LocalsNotAnObject);
    this.#state = state;
    this.#request = request;
    this.match = match;
    this.params = match?.params ?? EMPTY;
    this.routePattern = match?.route.route ?? '';
    this.props = props ?? {};
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

  get isPrerendered(): boolean {
    return false;
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
    const address = this.#state.platform.clientAddress;
    if (address === undefined || address === '') throw createError(ClientAddressNotAvailable, this.#state.platform.name);
    return address;
  }

  /** Status, statusText and headers for a page that returns content rather than a Response. */
  get response(): PageResponseInit {
    return (this.#response ??= new PageResponseInit());
  }

  /** The request's cookies: read from the Cookie header, set ones sent with the response. */
  get cookies(): AstroCookies {
    return this.#state.cookies;
  }

  /** The request's session, or `undefined` without the `session` option (as in Astro). */
  get session(): AstroSession | undefined {
    return this.#state.session;
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

  get [kMountPath](): string {
    return this.#state.platform.mountPath;
  }

  get redirect(): (path: string | URL, status?: number) => Response {
    return redirect;
  }

  /** Serves another route (or host path) for this request, running the middleware again. */
  get rewrite(): (payload: RewritePayload) => Promise<Response> {
    return (payload) => {
      const request = toRewriteRequest(payload, this.request, this.url);
      return this.#state.rewrite(request, this.url.pathname);
    };
  }

  /** Not configured: actions arrive with the actions release; there is never a result yet. */
  get getActionResult(): (action: unknown) => undefined {
    return () => undefined;
  }

  /** Not configured: throws `ActionsNotConfigured`. */
  get callAction(): (action: unknown, input: unknown) => Promise<never> {
    return () => Promise.reject(createError(ActionsNotConfigured));
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
