import type { RoutePart } from './parse';

export interface Comparable {
  route: string;
  segments: RoutePart[][];
  type: 'endpoint' | 'page';
}

/**
 * Astro's route order: at the first differing segment, static beats partly dynamic beats fully
 * dynamic beats rest; then more segments first (but `/foo` before `/foo/[...rest]`); then
 * endpoints before pages; then alphabetical. Mirrors `core/routing/priority.ts` of Astro 5.
 */
export function compareRoutes(a: Comparable, b: Comparable): number {
  const common = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < common; i++) {
    const sa = a.segments[i]!;
    const sb = b.segments[i]!;
    const aStatic = sa.every((p) => !p.dynamic);
    const bStatic = sb.every((p) => !p.dynamic);
    if (aStatic && bStatic) {
      const ca = sa.map((p) => p.content).join('');
      const cb = sb.map((p) => p.content).join('');
      if (ca !== cb) return ca.localeCompare(cb);
    }
    if (aStatic !== bStatic) return aStatic ? -1 : 1;
    const aAllDynamic = sa.every((p) => p.dynamic);
    const bAllDynamic = sb.every((p) => p.dynamic);
    if (aAllDynamic !== bAllDynamic) return aAllDynamic ? 1 : -1;
    const aSpread = sa.some((p) => p.spread);
    const bSpread = sb.some((p) => p.spread);
    if (aSpread !== bSpread) return aSpread ? 1 : -1;
  }
  const la = a.segments.length;
  const lb = b.segments.length;
  if (la !== lb) {
    const aEndsInRest = a.segments.at(-1)?.some((p) => p.spread) ?? false;
    const bEndsInRest = b.segments.at(-1)?.some((p) => p.spread) ?? false;
    if (aEndsInRest !== bEndsInRest && Math.abs(la - lb) === 1) {
      if (la > lb && aEndsInRest) return 1;
      if (lb > la && bEndsInRest) return -1;
    }
    return la > lb ? -1 : 1;
  }
  if ((a.type === 'endpoint') !== (b.type === 'endpoint')) return a.type === 'endpoint' ? -1 : 1;
  return a.route.localeCompare(b.route);
}
