import type { RouteMatch } from '../pipeline/request-state';
import { staticPathKey, staticPathsOf, type UrlPolicy } from './static-paths';

/**
 * The match of a rewrite made while prerendering (an i18n fallback rewrite, `context.rewrite()`)
 * to a dynamic prerendered route, with the props its `getStaticPaths()` gave that path, as
 * Astro's build looks them up for the rewritten route. A path it did not produce keeps none.
 */
export async function withStaticProps(match: RouteMatch, policy: UrlPolicy): Promise<RouteMatch> {
  if (match.props !== undefined || match.route.pathname !== undefined) return match;
  const key = staticPathKey(match.route, match.params);
  const found = key === undefined ? undefined : (await staticPathsOf(match.route, policy)).byPathname.get(key);
  return found === undefined ? match : { ...match, props: found.props };
}
