import { RenderContext } from './context/create';
import { callEndpoint } from './routing/endpoint';
import { resolveOptions, type ResolvedOptions } from './options';
import type { MatchResult } from './routing/match';
import type { Platform } from './platform';
import type { RendererOptions, RouteModule } from '../types';

export type Match = MatchResult<RouteModule>;
export type RouteMatch = Extract<Match, { route: object }>;

const DOT_SEGMENT_OR_BACKSLASH = /\/\.|\\/;

/**
 * One renderer's request pipeline, built once from the options: the host adapters ask it to
 * `match` a path (cheap, before any `Request` exists) and then to `render` the matched route.
 */
export class Pipeline {
  readonly options: ResolvedOptions;

  constructor(options?: RendererOptions) {
    this.options = resolveOptions(options);
  }

  /**
   * Matches a raw pathname relative to the host's mount point (no query string). `undefined`
   * means no route owns it: the request belongs to the host app. A `redirect` result carries
   * the corrected pathname (relative to the mount point) for a trailing-slash redirect.
   */
  match(pathname: string): Match | undefined {
    // Route on the path the URL will show: `/a/../b` and `\` are normalised as WHATWG URL does.
    let path = DOT_SEGMENT_OR_BACKSLASH.test(pathname) ? new URL(pathname, 'http://h').pathname : pathname;
    const { base, router } = this.options;
    if (base) {
      if (path === base) path = '';
      else if (path.startsWith(`${base}/`)) path = path.slice(base.length);
      else return undefined;
    }
    const result = router.match(path);
    if (result?.redirect !== undefined) return { redirect: base + result.redirect };
    return result;
  }

  /** Astro's trailing-slash redirect: 301 for GET, 308 otherwise (the method must be kept). */
  redirectResponse(location: string, method: string): Response {
    return new Response(null, { status: method === 'GET' ? 301 : 308, headers: { Location: location } });
  }

  /** Runs the matched route for `request`. Errors propagate to the host's error handling. */
  render(request: Request, match: RouteMatch, platform: Platform): Promise<Response> {
    const context = new RenderContext(request, match.params, match.route.route, this.options.site, platform);
    return callEndpoint(match.route.module as Record<string, unknown>, context, request.method, match.route.route);
  }
}
