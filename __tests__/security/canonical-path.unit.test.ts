import fc from 'fast-check';
import { canonicalPath } from '../../lib/core/security/canonical-path';
import { foldCase } from '../../lib/core/security/case-fold';
import { Router } from '../../lib/core/routing/match';
import { parseRoute } from '../../lib/core/routing/parse';

describe('canonicalPath', () => {
  it.each([
    ['/admin', '/admin'],
    ['/%61dmin', '/admin'],
    ['/%61%64%6D%69%6E', '/admin'],
    ['/%7e/%7E', '/~/~'],
    ['/x/../admin', '/admin'],
    ['/x/%2e%2e/admin', '/admin'],
    ['/x/%2E./admin', '/admin'],
    ['/./admin', '/admin'],
    ['/%2e/admin', '/admin'],
    ['/../../admin', '/admin'],
    ['//admin', '/admin'],
    ['///admin//x//', '/admin/x/'],
    ['/\\admin', '/admin'],
    ['/admin\\..\\public', '/public'],
    ['/caf%c3%a9', '/caf%C3%A9'],
    ['/caf%C3%A9', '/caf%C3%A9'],
    ['/a%2fb', '/a%2Fb'],
    ['/%2561dmin', '/%2561dmin'],
    ['/a b"<>`{}', '/a%20b%22%3C%3E%60%7B%7D'],
    ['/é', '/%C3%A9'],
    ['/.well-known/x', '/.well-known/x'],
    ["/a!$&'()*+,;=:@b", "/a!$&'()*+,;=:@b"],
    ['/', '/'],
    // Node 20's URL parser keeps this `/./`: the answer must not depend on the Node version.
    ['/a/.b-/./c', '/a/.b-/c'],
    ['/a/.--/../b', '/a/b'],
  ])('%s → %s', (path, canonical) => {
    expect(canonicalPath(path)).toBe(canonical);
  });

  it.each(['/%', '/%z1', '/a%2', '/%5C', '/%5cadmin', '/%00', '/%0A', '/%0d', '/%1F', '/%7F', '/%FF', '/%C0%AF', '/%E0%A4%A', '/a#b', 'admin', '', '*'])(
    'refuses %j (no single safe spelling)',
    (path) => {
      expect(canonicalPath(path)).toBeUndefined();
    },
  );
});

// Property-based: what holds for every path, not only the ones we thought of.
const PATH_CHARS = ['a', 'd', 'm', 'i', 'n', 'A', '/', '\\', '.', '%', '2', 'e', 'E', '5', 'c', 'C', '6', '1', 'f', 'F', '~', '-', ' ', 'é', '"', '?'];
const rawPath = fc.array(fc.constantFrom(...PATH_CHARS), { maxLength: 24 }).map((chars) => `/${chars.join('')}`);
const segment = fc.stringMatching(/^[a-z0-9._~-]{1,8}$/).filter((s) => s !== '.' && s !== '..');

describe('canonicalPath properties', () => {
  it('never throws, and is idempotent: the canonical spelling is its own canonical spelling', () => {
    fc.assert(
      fc.property(rawPath, (path) => {
        const canonical = canonicalPath(path);
        if (canonical !== undefined) expect(canonicalPath(canonical)).toBe(canonical);
      }),
      { numRuns: 5000 },
    );
  });

  it('a canonical path reads the same to WHATWG URL (what context.url.pathname shows)', () => {
    fc.assert(
      fc.property(rawPath, (path) => {
        const canonical = canonicalPath(path);
        if (canonical !== undefined) expect(new URL(`http://h${canonical}`).pathname).toBe(canonical);
      }),
      { numRuns: 5000 },
    );
  });

  it('maps every spelling of a guarded path to it: escapes, dots, duplicate and back slashes', () => {
    // A spelling of `/admin/<rest>`: each character maybe escaped (any case), junk segments that
    // `..` removes again, `.` segments, separators doubled or written as `\`.
    const spelling = fc.tuple(fc.array(segment, { minLength: 1, maxLength: 3 }), fc.array(fc.nat(), { minLength: 64, maxLength: 64 })).map(([segments, dice]) => {
      let d = 0;
      const roll = (n: number) => dice[d++ % dice.length]! % n;
      const spell = (text: string) =>
        [...text].map((c) => (roll(3) === 0 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`[roll(2) ? 'toUpperCase' : 'toLowerCase']() : c)).join('');
      const sep = () => ['/', '//', '\\', '/./'][roll(4)]!;
      const parts = ['admin', ...segments];
      const junk = roll(2) ? `${sep()}junk${sep()}${['..', '%2e%2e', '.%2E'][roll(3)]}` : '';
      // A request target starts with `/` (origin-form), whatever follows.
      return { canonical: `/${parts.join('/')}`, spelt: `/${junk}${parts.map((p) => sep() + spell(p)).join('')}` };
    });
    fc.assert(
      fc.property(spelling, ({ canonical, spelt }) => {
        expect(canonicalPath(spelt)).toBe(canonical);
        // On a case-insensitive host every letter case is the same path too: folded, it is one.
        const cased = [...spelt].map((c, i) => (i % 2 === 0 || c === '%' ? c.toUpperCase() : c)).join('');
        expect(foldCase(canonicalPath(cased)!)).toBe(canonical);
      }),
      { numRuns: 3000 },
    );
  });

  it('folding case keeps a canonical path canonical, escapes intact, and is idempotent', () => {
    fc.assert(
      fc.property(rawPath, (path) => {
        const canonical = canonicalPath(path);
        if (canonical === undefined) return;
        const folded = foldCase(canonical);
        expect(canonicalPath(folded)).toBe(folded);
        expect(foldCase(folded)).toBe(folded);
        expect(folded.toLowerCase()).toBe(canonical.toLowerCase());
        expect(folded.match(/%[0-9A-F]{2}/g)).toEqual(canonical.match(/%[0-9A-F]{2}/g));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('route matching properties', () => {
  const router = new Router(
    ['/posts/[id]', '/files/[...path]', '/[lang]/about', '/static/page'].map((pattern) => ({ ...parseRoute(pattern), type: 'endpoint' as const, module: pattern })),
    'ignore',
  );

  it('never throws, whatever the path', () => {
    fc.assert(
      fc.property(fc.oneof(rawPath, fc.string({ maxLength: 40 })), (path) => {
        router.match(path);
      }),
      { numRuns: 5000 },
    );
  });

  it('params round-trip: a value encoded into the path comes back as it was', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/[\uD800-\uDFFF]/.test(s)), (value) => {
        const result = router.match(`/posts/${encodeURIComponent(value)}`);
        expect(result?.route?.route).toBe('/posts/[id]');
        expect(result?.route ? result.params : undefined).toEqual({ id: value });
      }),
      { numRuns: 3000 },
    );
  });
});
