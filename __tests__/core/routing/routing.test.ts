import { Pipeline, type RouteMatch } from '../../../lib/core/pipeline/pipeline';
import { endpoint, summary, thrown } from '../../helpers/core';

const routes = (patterns: string[]) => Object.fromEntries(patterns.map((p) => [p, endpoint(p)]));

const site = new Pipeline({
  routes: routes([
    '/',
    '/about',
    '/café',
    '/posts/new',
    '/posts/[id]',
    '/posts/p-[id]',
    '/posts/[id]/edit',
    '/[lang]/[slug]',
    '/docs/[...path]',
    '/files/[name].json',
    '/files/index.json',
    '/foo-[bar]',
    '/foo',
    '/foo/[...rest]',
  ]),
});

describe('matching: which route wins, with which params', () => {
  it.each([
    ['/', '/', {}],
    ['/about', '/about', {}],
    ['/about/', '/about', {}],
    ['/posts/new', '/posts/new', {}],
    ['/posts/42', '/posts/[id]', { id: '42' }],
    ['/posts/42/', '/posts/[id]', { id: '42' }],
    ['/posts/p-42', '/posts/p-[id]', { id: '42' }],
    ['/posts/p-', '/posts/[id]', { id: 'p-' }],
    ['/posts/42/edit', '/posts/[id]/edit', { id: '42' }],
    ['/posts/hello', '/posts/[id]', { id: 'hello' }],
    ['/en/hello', '/[lang]/[slug]', { lang: 'en', slug: 'hello' }],
    ['/files/a.txt', '/[lang]/[slug]', { lang: 'files', slug: 'a.txt' }],
    ['/files/a.json', '/files/[name].json', { name: 'a' }],
    ['/files/a.b.json', '/files/[name].json', { name: 'a.b' }],
    ['/files/index.json', '/files/index.json', {}],
    ['/docs', '/docs/[...path]', { path: undefined }],
    ['/docs/', '/docs/[...path]', { path: undefined }],
    ['/docs/a', '/docs/[...path]', { path: 'a' }],
    ['/docs/a/b', '/docs/[...path]', { path: 'a/b' }],
    ['/docs/a/b/', '/docs/[...path]', { path: 'a/b' }],
    ['/foo-x', '/foo-[bar]', { bar: 'x' }],
    ['/foo-x-y', '/foo-[bar]', { bar: 'x-y' }],
    ['/foo', '/foo', {}],
    ['/foo/x', '/foo/[...rest]', { rest: 'x' }],
    ['/foo/a/b', '/foo/[...rest]', { rest: 'a/b' }],
    ['/caf%C3%A9', '/café', {}],
    ['/%61bout', '/about', {}],
  ])('%s → %s %j', (path, route, params) => {
    expect(summary(site.match(path))).toEqual({ route, params });
  });

  it('gives `undefined` params for a rest that matched nothing, present as a key', () => {
    const match = site.match('/docs') as RouteMatch;
    expect(match.params).toHaveProperty('path', undefined);
  });

  it.each(['/nope', '/foo-', '/a/b/c/d', '/posts/42/edit/more', '/about%2F', '/files/a.json/x'])(
    '%s matches nothing (belongs to the host app)',
    (path) => {
      expect(site.match(path)).toBeUndefined();
    },
  );
});

describe('params are percent-decoded, once', () => {
  it.each([
    ['/posts/a%2Fb', { id: 'a/b' }],
    ['/posts/a%2fb', { id: 'a/b' }],
    ['/posts/hello%20world', { id: 'hello world' }],
    ['/posts/caf%C3%A9', { id: 'café' }],
    ['/posts/100%25', { id: '100%' }],
    ['/posts/%252F', { id: '%2F' }],
    ['/posts/%2525', { id: '%25' }],
    ['/posts/a+b', { id: 'a+b' }],
    ['/posts/%3Fx%23y', { id: '?x#y' }],
  ])('%s → %j', (path, params) => {
    expect(summary(site.match(path))).toEqual({ route: '/posts/[id]', params });
  });

  it.each([
    ['/posts/1%2Fedit', '/posts/[id]', { id: '1/edit' }],
    ['/docs/a%2Fb/c', '/docs/[...path]', { path: 'a/b/c' }],
    ['/en/a%2Fb', '/[lang]/[slug]', { lang: 'en', slug: 'a/b' }],
  ])('an encoded slash never splits a segment: %s → %s', (path, route, params) => {
    expect(summary(site.match(path))).toEqual({ route, params });
  });

  it.each(['/posts/%E0%A4%A', '/posts/%', '/posts/%ZZ', '/posts/%C3', '/docs/a/%FF/b', '/%E0%A4%A/about'])(
    'invalid percent-encoding matches nothing: %s',
    (path) => {
      expect(site.match(path)).toBeUndefined();
    },
  );
});

describe('paths whose URL form differs from the raw path belong to the host', () => {
  // Express and Koa route (and guard) the raw path: `app.use('/admin', auth)` does not see
  // `/x/../admin/1`, so the renderer must not serve it as `/admin/1` either.
  it.each(['/a/../posts/1', '/posts/./1', '/../about', '/x/y/../../about', '/x/%2e%2e/posts/1', '/x/%2E%2E/about', '/x/.%2e/about', '/posts/%2e/1', '/posts\\1', '//evil/../posts/1', '/\\evil/../posts/1'])(
    '%s matches nothing',
    (path) => {
      expect(new URL(`http://h${path}`).pathname).not.toBe(path);
      expect(site.match(path)).toBeUndefined();
    },
  );

  it('a dot that does not change the URL is an ordinary segment', () => {
    expect(summary(site.match('/.well-known/x'))).toEqual({ route: '/[lang]/[slug]', params: { lang: '.well-known', slug: 'x' } });
  });
});

describe('base', () => {
  const docs = new Pipeline({ base: '/docs', routes: routes(['/', '/about', '/posts/[id]']) });

  it.each([
    ['/docs', '/', {}],
    ['/docs/', '/', {}],
    ['/docs/about', '/about', {}],
    ['/docs/posts/1', '/posts/[id]', { id: '1' }],
    ['/docs/posts/a%2Fb', '/posts/[id]', { id: 'a/b' }],
  ])('%s → %s', (path, route, params) => {
    expect(summary(docs.match(path))).toEqual({ route, params });
  });

  it.each(['/', '/about', '/docsx', '/docsx/about', '/doc', '/docs/../about', '/docs/x/../about', '/x/docs/about'])(
    '%s is not under the base',
    (path) => {
      expect(docs.match(path)).toBeUndefined();
    },
  );

  it.each(['docs', '/docs/', 'docs//'])('base %j is normalised to /docs', (base) => {
    const p = new Pipeline({ base, routes: routes(['/about']) });
    expect(p.options.base).toBe('/docs');
    expect(summary(p.match('/docs/about'))).toEqual({ route: '/about', params: {} });
    expect(p.match('/about')).toBeUndefined();
  });

  it.each(['', '/', '//'])('base %j is the root', (base) => {
    const p = new Pipeline({ base, routes: routes(['/about']) });
    expect(p.options.base).toBe('');
    expect(summary(p.match('/about'))).toEqual({ route: '/about', params: {} });
  });
});

describe('route collisions throw RouteCollision at construction', () => {
  it.each([
    ['/[a]', '/[b]'],
    ['/posts/[id]', '/posts/[slug]'],
    ['/[...a]', '/[...b]'],
    ['/files/[name].json', '/files/[id].json'],
    ['/x-[a]', '/x-[b]'],
    ['/about', '/about/'],
  ])('%s and %s', (a, b) => {
    const error = thrown(() => new Pipeline({ routes: routes([a, b]) }), 'RouteCollision');
    expect(error.message).toContain(`'${a.replace(/\/$/, '')}'`);
    expect(error.message).toContain(`'${b.replace(/\/$/, '')}'`);
  });

  it.each([
    ['/[a]', '/[...b]'],
    ['/[a]', '/about'],
    ['/a-[x]', '/[x]-a'],
    ['/[a]/x', '/[a]/y'],
    ['/files/[name].json', '/files/[name].xml'],
  ])('%s and %s do not collide', (a, b) => {
    expect(() => new Pipeline({ routes: routes([a, b]) })).not.toThrow();
  });
});
