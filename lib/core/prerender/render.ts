import type { Pipeline } from '../pipeline/pipeline';
import type { Platform } from '../pipeline/platform';
import type { RouteEntry } from '../routing/match';
import type { RouteModule } from '../../types';
import { requestPathOf, type BuildFormat } from './out-file';
import { redirectPage } from './redirect-page';
import type { StaticPath } from './static-paths';

/** One prerendered path, rendered: what its file holds. */
export interface RenderedPath {
  /** The route's status; a redirect's page is written whatever its status was. */
  status: number;
  /** The file's bytes; empty when the route answered without a body. */
  body: Uint8Array<ArrayBuffer>;
  /** `true` when the route answered without a body: Astro writes no file then. */
  empty: boolean;
  /** The route's Content-Type (`text/html; charset=utf-8` for redirect pages). */
  contentType: string | undefined;
  /**
   * The headers the route and middleware set, without `Set-Cookie` and the framing ones
   * (`Content-Length`, `Transfer-Encoding`): a development render sends them, as Astro's dev
   * server does; a file keeps only its Content-Type. A redirect page has its Content-Type only.
   */
  headers: Headers;
  /** Where a redirect pointed, when the route answered with one. */
  redirect: string | undefined;
  /** Set-Cookie lines the route (or middleware) produced: a file cannot carry them. */
  droppedCookies: string[];
}

const encoder = new TextEncoder();

/**
 * The platform of a build-time render: no client, no host, no fall-through. `prerendered`
 * switches the render context to Astro's build-time rules (`isPrerendered`, no `clientAddress`,
 * no `session`).
 */
function buildPlatform(mountPath: string): Platform {
  return { name: 'astro-bridge build', clientAddress: undefined, locals: {}, mountPath, prerendered: true };
}

const NOT_KEPT = ['set-cookie', 'content-length', 'transfer-encoding'];

/**
 * Renders one prerendered path the way the build does (also what development serves for it):
 * a GET of `site` (or `http://localhost`) + `base` + the path, without query or headers, through
 * the middleware and the route, with the path's params and props. A redirect becomes Astro's
 * meta-refresh page. `mountPath` is where the host mounted the renderer (a development render
 * under `app.use('/app', …)`: `context.url` holds it, as for on-demand routes); the build has none.
 */
export async function renderStaticPath(pipeline: Pipeline, route: RouteEntry<RouteModule>, path: StaticPath, format: BuildFormat, mountPath = ''): Promise<RenderedPath> {
  const { site, base, trailingSlash } = pipeline.options;
  const origin = site?.origin ?? 'http://localhost';
  const requestPath = mountPath + requestPathOf(route.type, path.pathname, base, format, trailingSlash);
  const request = new Request(new URL(requestPath, origin), { method: 'GET' });
  const response = await pipeline.handle(request, { route, params: path.params, props: path.props }, buildPlatform(mountPath));
  const droppedCookies = response.headers.getSetCookie();
  const location = response.headers.get('location');
  if (response.status >= 300 && response.status < 400 && location !== null) {
    await response.body?.cancel();
    const absolute = site ? new URL(location, site).href : location;
    const body = encoder.encode(redirectPage(response.status, location, absolute, requestPath));
    const contentType = 'text/html; charset=utf-8';
    return { status: response.status, body, empty: false, contentType, headers: new Headers({ 'content-type': contentType }), redirect: location, droppedCookies };
  }
  const empty = response.body === null;
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  for (const name of NOT_KEPT) headers.delete(name);
  return { status: response.status, body, empty, contentType: response.headers.get('content-type') ?? undefined, headers, redirect: undefined, droppedCookies };
}
