import { Pipeline } from '../../../lib/core/pipeline/pipeline';
import { parseRoute } from '../../../lib/core/routing/parse';
import { endpoint, thrown } from '../../helpers/core';

// A compact picture of a parsed pattern: static text as is, `[x]` for a param, `[...x]` for rest.
const shape = (pattern: string) =>
  parseRoute(pattern).segments.map((segment) =>
    segment.map((p) => (p.spread ? `[...${p.content}]` : p.dynamic ? `[${p.content}]` : p.content)).join('|'),
  );

describe('valid route patterns', () => {
  it.each([
    ['/', '/', [], [], '/'],
    ['/about', '/about', ['about'], [], '/about'],
    ['/posts/[id]', '/posts/[id]', ['posts', '[id]'], ['id'], undefined],
    ['/[lang]/[slug]', '/[lang]/[slug]', ['[lang]', '[slug]'], ['lang', 'slug'], undefined],
    ['/docs/[...path]', '/docs/[...path]', ['docs', '[...path]'], ['path'], undefined],
    ['/files/[name].json', '/files/[name].json', ['files', '[name]|.json'], ['name'], undefined],
    ['/foo-[bar]', '/foo-[bar]', ['foo-|[bar]'], ['bar'], undefined],
    ['/[a]-[b]', '/[a]-[b]', ['[a]|-|[b]'], ['a', 'b'], undefined],
    ['/[...rest]/edit', '/[...rest]/edit', ['[...rest]', 'edit'], ['rest'], undefined],
    ['/[$x_1]', '/[$x_1]', ['[$x_1]'], ['$x_1'], undefined],
    // Normalised: a leading slash is added, one trailing slash dropped.
    ['about', '/about', ['about'], [], '/about'],
    ['/about/', '/about', ['about'], [], '/about'],
    ['/files/a.json', '/files/a.json', ['files', 'a.json'], [], '/files/a.json'],
  ])('%s', (pattern, route, segments, params, pathname) => {
    const parsed = parseRoute(pattern);
    expect(parsed.route).toBe(route);
    expect(shape(pattern)).toEqual(segments);
    expect(parsed.params).toEqual(params);
    expect(parsed.pathname).toBe(pathname);
    expect(() => new Pipeline({ routes: { [pattern]: endpoint() } })).not.toThrow();
  });
});

describe('invalid route patterns throw InvalidRoutePattern at construction', () => {
  it.each([
    ['/posts/[id', 'unbalanced'],
    ['/posts/id]', 'unbalanced'],
    ['/posts/]id[', 'unbalanced'],
    ['/posts/[id]]', 'unbalanced'],
    ['/[a][b]', 'separated by static text'],
    ['/x/[a][...b]', 'separated by static text'],
    ['/posts/[]', "parameter name ''"],
    ['/posts/[...]', "parameter name '...'"],
    ['/posts/[a-b]', "parameter name 'a-b'"],
    ['/posts/[a b]', "parameter name 'a b'"],
    ['/posts/[[id]]', "parameter name '[id'"],
    ['/[id]/[id]', "parameter 'id' appears twice"],
    ['/[id]/x/[...id]', "parameter 'id' appears twice"],
    ['/[a]-[a]', "parameter 'a' appears twice"],
    ['/a//b', 'empty segment'],
    ['//a', 'empty segment'],
    ['/a//', 'empty segment'],
    ['/a?b', '`?` or `#`'],
    ['/a#b', '`?` or `#`'],
  ])('%s (%s)', (pattern, reason) => {
    const error = thrown(() => new Pipeline({ routes: { [pattern]: endpoint() } }), 'InvalidRoutePattern');
    expect(error.message).toContain(`'${pattern}'`);
    expect(error.message).toContain(reason);
    expect(error.title).toBe('Invalid route pattern.');
    expect(error.hint).toContain('/posts/[id]');
  });

  it('throws from parseRoute itself, too', () => {
    thrown(() => parseRoute('/[a][b]'), 'InvalidRoutePattern');
  });
});
