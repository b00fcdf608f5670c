import fc from 'fast-check';
import request from 'supertest';
import { redirect } from '../../lib/core/context/redirect';
import type { MiddlewareHandler } from '../../lib/types';
import { describeEachHost, rawGet, serve, type Served } from './support';

// Open redirects: user input handed to `redirect()`, and the trailing-slash redirects, must never
// send a browser to another origin (GHSA-5ff5-9fcw-vg88; Astro's trailing-slash open redirect).

const ORIGINS = ['http://site.example', 'https://site.example'];
/** Where a browser on `page` goes for this Location (WHATWG URL, as browsers parse it). */
const landsOn = (location: string, page: string) => new URL(location, page).origin;

const ATTACKS = [
  '//evil.example', '///evil.example', '//evil.example/path', '/\\evil.example', '\\/evil.example', '\\\\evil.example',
  '/\\/evil.example', 'https:evil.example', 'https:/evil.example', 'http:evil.example', 'HTTPS:\\\\evil.example',
  'javascript:alert(1)', 'data:text/html,x', '/\t/evil.example', '\t//evil.example', ' //evil.example', '/%09/evil.example',
  '\u0000//evil.example', '/\u000b/evil.example', '\u3000//evil.example', '／／evil.example', '/．/evil.example',
];

describe('redirect() with user input', () => {
  it.each(ATTACKS)('keeps %j on this origin', (input) => {
    const location = redirect(input).headers.get('location')!;
    for (const origin of ORIGINS) {
      expect(landsOn(location, `${origin}/a/b`)).toBe(origin);
      expect(landsOn(location, `${origin}/`)).toBe(origin);
    }
  });

  it.each(['/a\r\nSet-Cookie: x=1', '/a\rb', '//evil.example\n', '/%0d%0a'.replace('%0d%0a', '\r\n')])('refuses CR/LF in %j (no header injection)', (input) => {
    expect(() => redirect(input)).toThrow(expect.objectContaining({ name: 'InvalidRedirectLocation' }));
  });

  it('a lone surrogate is U+FFFD, not a URIError', () => {
    expect(redirect('/a\uD800b').headers.get('location')).toBe('/a%EF%BF%BDb');
  });

  it('an absolute URL given on purpose (string with scheme://, or a URL) goes where it says', () => {
    expect(redirect('https://accounts.example/login?x=1').headers.get('location')).toBe('https://accounts.example/login?x=1');
    expect(redirect(new URL('https://accounts.example/a b')).headers.get('location')).toBe('https://accounts.example/a%20b');
  });

  it('ordinary paths are unchanged', () => {
    for (const path of ['/login', '/a/b?c=d#e', '../up', 'rel/ative', '/100%', "/!$&'()*+,;=:@~"]) expect(redirect(path).headers.get('location')).toBe(path);
  });

  it('property: any text that is not scheme://… lands on this origin, and never throws but for CR/LF', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...ATTACKS)), (input) => {
        if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(input)) return;
        if (/[\r\n]/.test(input)) {
          expect(() => redirect(input)).toThrow();
          return;
        }
        const location = redirect(input).headers.get('location')!;
        for (const origin of ORIGINS) expect(landsOn(location, `${origin}/a/b`)).toBe(origin);
      }),
      { numRuns: 5000 },
    );
  });
});

describeEachHost('redirects through %s', (host) => {
  let served: Served;
  // The classic open redirect: `?next=` handed to redirect().
  const login: MiddlewareHandler = (context, next) => {
    const target = context.url.searchParams.get('next');
    return target === null ? next() : context.redirect(target);
  };
  beforeAll(async () => {
    served = await serve(host, { trailingSlash: 'never', routes: { '/[...rest]': { GET: () => new Response('page') } }, middleware: login });
  });
  afterAll(() => served.close());

  it.each(ATTACKS.filter((a) => !/[\u0000-\u001f]/.test(a)))('?next=%j stays on this origin', async (attack) => {
    const res = await request(served.base).get(`/login?next=${encodeURIComponent(attack)}`);
    expect(res.status).toBe(302);
    expect(landsOn(res.headers.location, `${served.base}/login`)).toBe(served.base);
  });

  it.each(['//evil.example/', '/%2F%2Fevil.example/', '/%5C%5Cevil.example/', '/\\\\evil.example/', '/./%2Fevil.example//', '/https:evil.example/', '/x/..//evil.example/', '/%09/evil.example/'])(
    'the trailing-slash redirect of %j stays on this origin',
    async (path) => {
      const answer = await rawGet(served.base, path);
      if (answer.headers.location !== undefined) expect(landsOn(answer.headers.location, `${served.base}${path.startsWith('/') ? '' : '/'}`)).toBe(served.base);
      expect(answer.status).not.toBe(500);
    },
  );

  it('the trailing-slash redirect keeps the query as sent (Node refuses non-ASCII targets itself)', async () => {
    const answer = await rawGet(served.base, '/page/?q=%C3%A9&r="x"\\');
    expect(answer.status).toBe(301);
    // A backslash is escaped wherever it is: it decodes to the same query value.
    expect(answer.headers.location).toBe('/page?q=%C3%A9&r="x"%5C');
  });
});
