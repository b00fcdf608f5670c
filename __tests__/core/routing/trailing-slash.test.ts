import { Pipeline } from '../../../lib/core/pipeline/pipeline';
import { correctTrailingSlash, hasFileExtension, type TrailingSlash } from '../../../lib/core/routing/trailing-slash';
import { endpoint, summary } from '../../helpers/core';

const routes = (patterns: string[]) => Object.fromEntries(patterns.map((p) => [p, endpoint(p)]));
const ROUTES = routes(['/', '/about', '/posts/[id]', '/docs/[...path]', '/files/[name].json', '/feed.xml', '/_actions/[name]']);
const pipelines = {
  ignore: new Pipeline({ routes: ROUTES }),
  always: new Pipeline({ routes: ROUTES, trailingSlash: 'always' }),
  never: new Pipeline({ routes: ROUTES, trailingSlash: 'never' }),
};

const route = (r: string, params: Record<string, string | undefined> = {}) => ({ route: r, params });
const redirect = (to: string) => ({ redirect: to });

describe('correctTrailingSlash (Astro App #redirectTrailingSlash)', () => {
  it.each<[string, TrailingSlash, string]>([
    ['/', 'always', '/'],
    ['/', 'never', '/'],
    ['/about', 'ignore', '/about'],
    ['/about/', 'ignore', '/about/'],
    ['/about//', 'ignore', '/about/'],
    ['/about', 'always', '/about/'],
    ['/about/', 'always', '/about/'],
    ['/about///', 'always', '/about/'],
    ['/about/', 'never', '/about'],
    ['/about//', 'never', '/about'],
    ['/about', 'never', '/about'],
    ['/feed.xml', 'always', '/feed.xml'],
    ['/a.b/c', 'always', '/a.b/c/'],
    ['/feed.xml/', 'never', '/feed.xml'],
    ['//', 'ignore', '/'],
    ['///', 'never', '/'],
    ['/_actions/x', 'always', '/_actions/x'],
    ['/_image/', 'never', '/_image/'],
    ['/@vite/x', 'always', '/@vite/x'],
    ['/.well-known/x', 'always', '/.well-known/x'],
    ['//x/', 'never', '//x/'],
  ])('%j under %s → %j', (path, policy, expected) => {
    expect(correctTrailingSlash(path, policy)).toBe(expected);
  });

  it.each([
    ['/feed.xml', true],
    ['/a/b.tar.gz', true],
    ['/a/B.JSON', true],
    ['/about', false],
    ['/a.json/', false],
    ['/dir.d/x', false],
    ['/a.', false],
  ])('hasFileExtension(%j) is %s', (path, expected) => {
    expect(hasFileExtension(path)).toBe(expected);
  });
});

describe.each(Object.keys(pipelines) as TrailingSlash[])("trailingSlash: '%s'", (policy) => {
  const table: Record<TrailingSlash, [string, unknown][]> = {
    ignore: [
      ['/', route('/')],
      ['//', redirect('/')],
      ['/about', route('/about')],
      ['/about/', route('/about')],
      ['/about//', redirect('/about/')],
      ['/about///', redirect('/about/')],
      ['/posts/1/', route('/posts/[id]', { id: '1' })],
      ['/posts/1//', redirect('/posts/1/')],
      ['/docs/a//', redirect('/docs/a/')],
      ['/feed.xml/', route('/feed.xml')],
      ['/files/a.json/', route('/files/[name].json', { name: 'a' })],
      ['/nope//', undefined],
      ['/_actions/x//', undefined],
    ],
    always: [
      ['/', route('/')],
      ['//', redirect('/')],
      ['/about', redirect('/about/')],
      ['/about/', route('/about')],
      ['/about//', redirect('/about/')],
      ['/posts/1', redirect('/posts/1/')],
      ['/posts/1/', route('/posts/[id]', { id: '1' })],
      ['/posts/a%2Fb', redirect('/posts/a%2Fb/')],
      ['/docs', redirect('/docs/')],
      ['/docs/', route('/docs/[...path]', { path: undefined })],
      ['/docs/a/b', redirect('/docs/a/b/')],
      ['/docs/a/b/', route('/docs/[...path]', { path: 'a/b' })],
      // A static route with a file extension ignores the policy (Astro 5).
      ['/feed.xml', route('/feed.xml')],
      ['/feed.xml/', route('/feed.xml')],
      // A path with a file extension never gets a slash added, so Astro's dynamic
      // `[name].json` route is only reached with one.
      ['/files/a.json', undefined],
      ['/files/a.json/', route('/files/[name].json', { name: 'a' })],
      ['/_actions/x', undefined],
      ['/_actions/x/', route('/_actions/[name]', { name: 'x' })],
      ['/nope', undefined],
      ['/posts/%E0%A4%A', undefined],
    ],
    never: [
      ['/', route('/')],
      ['//', redirect('/')],
      ['/about', route('/about')],
      ['/about/', redirect('/about')],
      ['/about//', redirect('/about')],
      ['/posts/1', route('/posts/[id]', { id: '1' })],
      ['/posts/1/', redirect('/posts/1')],
      ['/docs', route('/docs/[...path]', { path: undefined })],
      ['/docs/', redirect('/docs')],
      ['/docs/a/b', route('/docs/[...path]', { path: 'a/b' })],
      ['/docs/a/b/', redirect('/docs/a/b')],
      ['/feed.xml', route('/feed.xml')],
      ['/feed.xml/', redirect('/feed.xml')],
      ['/files/a.json/', redirect('/files/a.json')],
      ['/_actions/x', route('/_actions/[name]', { name: 'x' })],
      ['/_actions/x/', undefined],
      ['/nope/', undefined],
    ],
  };

  it.each(table[policy])('%s → %j', (path, expected) => {
    expect(summary(pipelines[policy].match(path))).toEqual(expected);
  });
});

describe('trailing slash with a base', () => {
  const at = (trailingSlash: TrailingSlash) => new Pipeline({ base: '/docs', trailingSlash, routes: routes(['/', '/about']) });

  it.each<[TrailingSlash, string, unknown]>([
    ['ignore', '/docs', route('/')],
    ['ignore', '/docs/', route('/')],
    ['ignore', '/docs//', redirect('/docs/')],
    ['ignore', '/docs/about//', redirect('/docs/about/')],
    ['always', '/docs', redirect('/docs/')],
    ['always', '/docs/', route('/')],
    ['always', '/docs//', redirect('/docs/')],
    ['always', '/docs/about', redirect('/docs/about/')],
    ['always', '/docs/about/', route('/about')],
    ['always', '/docsx', undefined],
    ['never', '/docs', route('/')],
    ['never', '/docs/', redirect('/docs')],
    ['never', '/docs//', redirect('/docs')],
    ['never', '/docs/about', route('/about')],
    ['never', '/docs/about/', redirect('/docs/about')],
    ['never', '/about/', undefined],
  ])("'%s': %s → %j", (policy, path, expected) => {
    expect(summary(at(policy).match(path))).toEqual(expected);
  });

  it.each<TrailingSlash>(['always', 'never'])("'%s': no root route means no redirect for the base", (trailingSlash) => {
    const p = new Pipeline({ base: '/docs', trailingSlash, routes: routes(['/about']) });
    expect(p.match('/docs')).toBeUndefined();
    expect(p.match('/docs/')).toBeUndefined();
  });
});

describe('redirectResponse', () => {
  const pipeline = pipelines.always;

  it.each([
    ['GET', 301],
    ['POST', 308],
    ['PUT', 308],
    ['PATCH', 308],
    ['DELETE', 308],
    ['HEAD', 308], // as in Astro: only GET gets the 301
  ])('%s → %i', async (method, status) => {
    const response = pipeline.redirectResponse('/about/?q=1', method);
    expect(response.status).toBe(status);
    expect(response.headers.get('Location')).toBe('/about/?q=1');
    expect(await response.text()).toBe('');
  });
});
