import { createError } from '../errors/errors';
import { ClientAddressNotAvailable, LocalsNotAnObject, LocalsReassigned } from '../errors/catalog';
import type { Params } from '../routing/match';
import type { Platform } from '../platform';
import { GENERATOR } from '../../version';
import { redirect } from './redirect';

const EMPTY_PROPS = Object.freeze({});

/**
 * The render context of one request. A class, so its getters live on the prototype and creating
 * one per request allocates nothing but the object itself.
 */
export class RenderContext {
  readonly request: Request;
  readonly params: Params;
  readonly routePattern: string;
  readonly site: URL | undefined;
  readonly props: Record<string, unknown> = EMPTY_PROPS;
  readonly isPrerendered = false;
  readonly #platform: Platform;
  #url: URL | undefined;

  constructor(request: Request, params: Params, routePattern: string, site: URL | undefined, platform: Platform) {
    if (typeof platform.locals !== 'object' || platform.locals === null) throw createError(LocalsNotAnObject);
    this.request = request;
    this.params = params;
    this.routePattern = routePattern;
    this.site = site;
    this.#platform = platform;
  }

  get generator(): string {
    return GENERATOR;
  }

  /** Built on first read: most endpoints never look at it. */
  get url(): URL {
    return (this.#url ??= new URL(this.request.url));
  }

  get locals(): App.Locals {
    return this.#platform.locals as App.Locals;
  }

  set locals(_value: App.Locals) {
    throw createError(LocalsReassigned);
  }

  get clientAddress(): string {
    const address = this.#platform.clientAddress;
    if (address === undefined || address === '') throw createError(ClientAddressNotAvailable, this.#platform.name);
    return address;
  }

  redirect(path: string | URL, status?: number): Response {
    return redirect(path, status);
  }
}
