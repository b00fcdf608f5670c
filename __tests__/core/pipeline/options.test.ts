import { Pipeline } from '../../../lib/core/pipeline/pipeline';
import type { RendererOptions } from '../../../lib/types';
import { endpoint, thrown } from '../../helpers/core';

const ROUTES = { '/': endpoint() };
const build = (options: unknown) => () => new Pipeline(options as RendererOptions);

describe('valid options are normalised once', () => {
  it('defaults', () => {
    const { options } = new Pipeline({ routes: ROUTES });
    expect(options.trailingSlash).toBe('ignore');
    expect(options.base).toBe('');
    expect(options.site).toBeUndefined();
    expect(options.allowedDomains).toBeUndefined();
  });

  it.each(['ignore', 'always', 'never'] as const)("trailingSlash '%s'", (trailingSlash) => {
    expect(new Pipeline({ routes: ROUTES, trailingSlash }).options.trailingSlash).toBe(trailingSlash);
  });

  it.each([
    ['https://example.com', 'https://example.com/'],
    ['http://localhost:4321/blog/', 'http://localhost:4321/blog/'],
    [new URL('https://example.com/x'), 'https://example.com/x'],
  ])('site %s', (site, href) => {
    const { options } = new Pipeline({ routes: ROUTES, site });
    expect(options.site).toBeInstanceOf(URL);
    expect(options.site?.href).toBe(href);
  });
});

describe('invalid options throw InvalidOption at construction, naming the option', () => {
  it.each([
    ['trailingSlash', { trailingSlash: 'sometimes' }, '"sometimes"'],
    ['trailingSlash', { trailingSlash: true }, 'true'],
    ['site', { site: 'not a url' }, '"not a url"'],
    ['site', { site: '/relative' }, 'absolute URL'],
    ['base', { base: '/docs?x=1' }, '"/docs?x=1"'],
    ['base', { base: '/docs#top' }, 'a path'],
    ['base', { base: '/my docs' }, 'a path'],
    ['base', { base: 42 }, '42'],
    ['routes', { routes: 'not an object' }, 'object mapping route patterns'],
    ['routes', { routes: null }, 'object mapping route patterns'],
    ['routes', { routes: 42 }, 'object mapping route patterns'],
    ['routes', { routes: [endpoint()] }, 'object mapping route patterns'],
    ['routes', { routes: { '/x': { GET: 'hello' } } }, "the GET export of '/x' is a string, not a function"],
    ['routes', { routes: { '/x': { GET: endpoint().GET, ALL: 5 } } }, "the ALL export of '/x' is a number"],
    ['allowedDomains', { allowedDomains: 'example.com' }, 'must be an array'],
    ['allowedDomains', { allowedDomains: { hostname: 'example.com' } }, 'must be an array'],
    ['allowedDomains', { allowedDomains: [{ hostname: 'example.com', host: 'x' }] }, "unknown field 'host'"],
    ['allowedDomains', { allowedDomains: [{ hostname: 1 }] }, "'hostname' must be a string"],
  ])('%s: %j', (option, options, reason) => {
    const error = thrown(build({ routes: ROUTES, ...options }), 'InvalidOption');
    expect(error.message).toContain(`\`${option}\``);
    expect(error.message).toContain(reason);
    expect(error.title).toBe('Invalid renderer option.');
  });

  it.each([null, 5, 'options'])('the options themselves: %j', (options) => {
    const error = thrown(build(options), 'InvalidOption');
    expect(error.message).toContain('`options`');
  });
});

describe('route modules without handlers throw InvalidRouteModule', () => {
  it.each([
    ['an empty module', {}],
    ['lower-case exports only', { get: () => new Response(), all: () => new Response() }],
    ['null', null],
    ['a function', () => new Response()],
    ['a string', 'GET'],
    ['undefined handlers only', { GET: undefined }],
  ])('%s', (_what, mod) => {
    const error = thrown(build({ routes: { '/posts/[id]': mod } }), 'InvalidRouteModule');
    expect(error.message).toContain("'/posts/[id]'");
    expect(error.message).toContain('GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD or ALL');
  });
});
