import { parseRoute } from '../../../lib/core/routing/parse';
import { compareRoutes, type Comparable } from '../../../lib/core/routing/priority';

// Routes are written `'/x'` (an endpoint) or `'/x page'`; the expected orders below were checked
// against Astro 5.18.2's `routeComparator` (core/routing/priority.ts).
const toComparable = (spec: string): Comparable => {
  const [pattern, type = 'endpoint'] = spec.split(' ');
  const { route, segments } = parseRoute(pattern!);
  return { route, segments, type: type as Comparable['type'] };
};
const name = (r: Comparable) => (r.type === 'page' ? `${r.route} page` : r.route);

// Deterministic shuffles (mulberry32), so a failure is reproducible.
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let s = seed;
  const random = () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
const sortSpecs = (specs: string[]) => specs.map(toComparable).sort(compareRoutes).map(name);

const ASTRO_ORDER = [
  '/a/[...rest]/[...more]', // two more segments than `/a`: longer wins
  '/a',
  '/about/team',
  '/about',
  '/blog/[year]/[month]/[slug]',
  '/docs',
  '/docs/[...path]', // `/foo` before `/foo/[...rest]`
  '/files/index.json',
  '/files/[name].json',
  '/foo',
  '/foo/[...rest]',
  '/posts/new', // static beats partly dynamic …
  '/posts/p-[id]', // … beats fully dynamic
  '/posts/[id]/edit', // more segments first
  '/posts/[id]',
  '/posts',
  '/posts/[...rest]', // single params beat rest params
  '/static',
  '/[lang]-x', // partly dynamic, then alphabetical
  '/foo-[bar]',
  '/static-[dynamic]',
  '/[contact]/x', // endpoints before pages
  '/[contact]/x page',
  '/[lang]/[slug]',
  '/[lang]/[...rest]/edit',
  '/[lang]',
  '/',
  '/[...catchall]',
];

describe('compareRoutes', () => {
  it.each([1, 2, 3, 42, 1234])("sorts a shuffled route list into Astro's order (seed %i)", (seed) => {
    expect(sortSpecs(shuffled(ASTRO_ORDER, seed))).toEqual(ASTRO_ORDER);
  });

  it.each([
    ['static beats dynamic', '/foo/bar', '/foo/[bar]'],
    ['static beats partly dynamic', '/static', '/static-[dynamic]'],
    ['partly dynamic beats fully dynamic', '/game-[title]', '/[title]'],
    ['single param beats rest param', '/foo/[bar]', '/foo/[...bar]'],
    ['more segments beat fewer', '/foo/bar', '/foo'],
    ['more dynamic segments beat fewer', '/[a]/[b]', '/[a]'],
    ['/foo before /foo/[...rest]', '/foo', '/foo/[...rest]'],
    ['/ before /[...rest]', '/', '/[...rest]'],
    ['two extra segments win even ending in rest', '/foo/[a]/[...rest]', '/foo'],
    ['endpoints before pages', '/[x]', '/[x] page'],
    ['then alphabetical', '/bar', '/foo'],
    ['alphabetical by route for equal shapes', '/[c]-d page', '/a-[b] page'],
    ['static segments compare alphabetically first', '/a/[x]', '/b/c'],
  ])('%s: %s before %s', (_rule, first, second) => {
    const a = toComparable(first);
    const b = toComparable(second);
    expect(compareRoutes(a, b)).toBeLessThan(0);
    expect(compareRoutes(b, a)).toBeGreaterThan(0);
  });

  it('gives 0 for a route compared with itself', () => {
    expect(compareRoutes(toComparable('/posts/[id]'), toComparable('/posts/[id]'))).toBe(0);
  });
});

// Data ported from Astro 5.18.2 `test/units/routing/manifest.test.js`.
describe("Astro's manifest ordering tests", () => {
  it('endpoint routes are sorted before page routes', () => {
    const specs = ['/about page', '/api', '/[contact]', '/[contact] page'];
    expect(sortSpecs(shuffled(specs, 7))).toEqual(specs);
  });

  it('injected routes are sorted alongside filesystem routes', () => {
    const specs = ['/_image', '/blog/[...slug] page', '/contributing page', '/ page', '/[...slug] page'];
    expect(sortSpecs(shuffled(specs, 7))).toEqual(specs);
  });

  it('should concatenate each part of the segment (issue #10122)', () => {
    const specs = ['/_image', '/blog/a-[b].233', '/posts/a-[b].233 page', '/[c]-d page', '/a-[b] page'];
    expect(sortSpecs(shuffled(specs, 7))).toEqual(specs);
  });

  const relations: [string, string[], [string, string][]][] = [
    [
      'static routes are sorted before dynamic and rest routes',
      ['/[dynamic]', '/[...rest]', '/static', '/static-[dynamic]', '/'],
      [
        ['/', '/[...rest]'],
        ['/static', '/static-[dynamic]'],
        ['/static-[dynamic]', '/[dynamic]'],
        ['/static', '/[dynamic]'],
        ['/static', '/[...rest]'],
        ['/[dynamic]', '/[...rest]'],
      ],
    ],
    [
      'route sorting with multi-layer index page conflict (issue #10071)',
      ['/a/1', '/a/2', '/a/3', '/modules/[...slug]', '/modules', '/test/[...slug]', '/test', '/'],
      [
        ['/test', '/test/[...slug]'],
        ['/modules', '/modules/[...slug]'],
        ['/a/1', '/'],
        ['/a/2', '/'],
        ['/a/3', '/'],
        ['/test', '/'],
        ['/modules', '/'],
        ['/modules', '/test'],
      ],
    ],
    [
      'route sorting respects the file tree',
      [
        '/[dynamic_folder]/static',
        '/[dynamic_folder]',
        '/[dynamic_folder]/[...rest]',
        '/[...rest]/static',
        '/[...rest]',
        '/blog',
        '/blog/[...slug]',
        '/[dynamic_file]',
        '/[...other]',
        '/static',
        '/',
      ],
      [
        ['/', '/[...rest]'],
        ['/', '/[...other]'],
        ['/blog', '/blog/[...slug]'],
        ['/[dynamic_file]', '/[dynamic_folder]/[...rest]'],
        ['/[dynamic_folder]', '/[dynamic_folder]/[...rest]'],
        ['/static', '/[dynamic_folder]'],
        ['/static', '/[dynamic_file]'],
        ['/blog', '/[...rest]'],
        ['/blog', '/[...other]'],
        ['/static', '/[...rest]'],
        ['/static', '/[...other]'],
        ['/static', '/[...rest]/static'],
        ['/[dynamic_folder]/static', '/[dynamic_folder]/[...rest]'],
        ['/[dynamic_file]', '/[dynamic_folder]/[...rest]'],
        ['/[dynamic_folder]/[...rest]', '/[...rest]'],
        ['/[dynamic_folder]/[...rest]', '/[...other]'],
        ['/blog/[...slug]', '/[...rest]'],
        ['/blog/[...slug]', '/[...other]'],
      ],
    ],
  ];

  it.each(relations)('%s', (_title, specs, pairs) => {
    for (const seed of [1, 2, 3]) {
      const order = sortSpecs(shuffled(specs, seed));
      for (const [before, after] of pairs) {
        expect(order.indexOf(before)).toBeGreaterThanOrEqual(0);
        expect(order.indexOf(before)).toBeLessThan(order.indexOf(after));
      }
    }
  });
});
