import { Pipeline } from '../../lib/core/pipeline/pipeline';
import type { Platform } from '../../lib/core/pipeline/platform';
import { platform } from './platform';
import { sequence } from '../../lib/core/middleware/sequence';
import { createI18nMiddleware, currentLocale, isResolvedI18n, localePathname, resolveI18n, type I18nConfig, type ResolvedI18n } from '../../lib/core/i18n';
import type { APIContext, MiddlewareHandler, RouteModule, TrailingSlash } from '../../lib/types';

export interface AppOptions {
  i18n: I18nConfig | ResolvedI18n;
  /** Route patterns (below the base) → a page label, or a route module. */
  routes: Record<string, string | RouteModule>;
  base?: string;
  trailingSlash?: TrailingSlash;
  /** Default false: unmatched paths render the `/404` route, as in Astro. */
  fallThrough?: boolean;
  /** The host app behind the renderer (with `fallThrough: true`). */
  host?: (request: Request) => Response;
  mountPath?: string;
  /** User middleware, run after the i18n middleware (as the pipeline will order them). */
  user?: MiddlewareHandler;
  /** Wire `hasRoute` to the pipeline (default true). */
  hasRoute?: boolean;
  /** Use this middleware instead of `createI18nMiddleware(...)` (`pipeline` is set by the time it runs). */
  middleware?: (i18n: ResolvedI18n, pipeline: () => Pipeline) => MiddlewareHandler;
}

/**
 * A renderer as the lead will wire it: `resolveI18n` once, `createI18nMiddleware` first in the
 * chain with `hasRoute` from `pipeline.match`, and pages that print
 * `currentLocale(localePathname(context))` (what the context getter will answer).
 */
export function app(options: AppOptions) {
  const mount = options.mountPath ?? '';
  const i18n = isResolvedI18n(options.i18n) ? options.i18n : resolveI18n(options.i18n, { base: options.base, trailingSlash: options.trailingSlash });
  const page = (label: string): RouteModule => ({
    default: (context: APIContext) =>
      `${label} | locale - ${currentLocale(localePathname(context, mount), i18n)} | url - ${context.url.pathname}${context.url.search} | route - ${context.routePattern}`,
  });
  const routes = Object.fromEntries(Object.entries(options.routes).map(([pattern, r]) => [pattern, typeof r === 'string' ? page(r) : r]));
  let pipeline: Pipeline | undefined;
  const i18nMiddleware = options.middleware
    ? options.middleware(i18n, () => pipeline!)
    : createI18nMiddleware(i18n, {
        hasRoute: options.hasRoute === false ? undefined : (pathname) => pipeline!.match(pathname) !== undefined,
        mountPath: () => mount,
      });
  pipeline = new Pipeline({
    routes,
    middleware: options.user ? sequence(i18nMiddleware, options.user) : i18nMiddleware,
    base: options.base,
    trailingSlash: options.trailingSlash,
    fallThrough: options.fallThrough ?? false,
  });
  const hostCalls: string[] = [];
  const i18nPlatform = (): Platform =>
    platform({
      clientAddress: '1.1.1.1',
      mountPath: mount,
      fallThrough: options.host
        ? async (request) => {
            hostCalls.push(new URL(request.url).pathname);
            return options.host!(request);
          }
        : undefined,
    });
  async function fetch(path: string, init?: RequestInit): Promise<Response> {
    const url = new URL(path, 'http://example.com');
    const below = mount && url.pathname.startsWith(mount) ? url.pathname.slice(mount.length) || '/' : url.pathname;
    const match = pipeline!.match(below);
    if (match?.redirect !== undefined) return pipeline!.redirectResponse(mount + match.redirect + url.search, init?.method ?? 'GET');
    return pipeline!.handle(new Request(url, init), match, i18nPlatform());
  }
  return { fetch, i18n, pipeline, hostCalls, i18nMiddleware };
}

/** Status, Location and body of a response. */
export async function read(response: Response) {
  return { status: response.status, location: response.headers.get('location'), body: await response.text() };
}
