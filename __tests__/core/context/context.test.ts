import { version } from '../../../package.json';
import { Pipeline, type RouteMatch } from '../../../lib/core/pipeline/pipeline';
import type { Platform } from '../../../lib/core/pipeline/platform';
import type { APIContext, RendererOptions } from '../../../lib/types';
import { rejected, thrown } from '../../helpers/core';
import { platform } from '../../helpers/platform';

/** Renders `path` through a one-route pipeline and returns the context the endpoint received. */
async function contextFor(
  path: string,
  { pattern = '/posts/[id]', options = {}, host = platform(), request }: {
    pattern?: string;
    options?: RendererOptions;
    host?: Omit<Platform, 'mountPath'>;
    request?: Request;
  } = {},
): Promise<APIContext> {
  let captured: APIContext | undefined;
  const pipeline = new Pipeline({
    ...options,
    routes: {
      [pattern]: {
        GET: (context) => {
          captured = context;
          return new Response('ok');
        },
      },
    },
  });
  const match = pipeline.match(path) as RouteMatch;
  expect(match.route).toBeDefined();
  await pipeline.render(request ?? new Request(`http://localhost:3000${path}?q=1`), match, host);
  expect(captured).toBeDefined();
  return captured!;
}

describe('context properties', () => {
  it('request is the Request being rendered', async () => {
    const request = new Request('http://localhost/posts/1');
    expect((await contextFor('/posts/1', { request })).request).toBe(request);
  });

  it('url is a URL of the request, built once', async () => {
    const ctx = await contextFor('/posts/1');
    expect(ctx.url).toBeInstanceOf(URL);
    expect(ctx.url.href).toBe('http://localhost:3000/posts/1?q=1');
    expect(ctx.url.searchParams.get('q')).toBe('1');
    expect(ctx.url).toBe(ctx.url);
  });

  it('url is lazy: request.url is not read until ctx.url is', async () => {
    let reads = 0;
    let readsBeforeUrl = -1;
    const request = {
      method: 'GET',
      headers: new Headers(),
      get url() {
        reads++;
        return 'http://localhost/lazy';
      },
    } as unknown as Request;
    const pipeline = new Pipeline({
      routes: {
        '/lazy': {
          GET: (context) => {
            readsBeforeUrl = reads;
            return new Response(context.url.pathname + context.url.pathname);
          },
        },
      },
    });
    const response = await pipeline.render(request, pipeline.match('/lazy') as RouteMatch, platform());
    expect(await response.text()).toBe('/lazy/lazy');
    expect(readsBeforeUrl).toBe(0);
    expect(reads).toBe(1);
  });

  it.each([
    ['/posts/[id]', '/posts/42', { id: '42' }],
    ['/[lang]/[slug]', '/en/caf%C3%A9', { lang: 'en', slug: 'café' }],
    ['/docs/[...path]', '/docs', { path: undefined }],
    ['/docs/[...path]', '/docs/a/b', { path: 'a/b' }],
    ['/about', '/about', {}],
  ])('%s at %s: params %j and routePattern', async (pattern, path, params) => {
    const ctx = await contextFor(path, { pattern });
    expect(ctx.params).toEqual(params);
    expect(ctx.routePattern).toBe(pattern);
  });

  it('site is the `site` option as a URL', async () => {
    const ctx = await contextFor('/posts/1', { options: { site: 'https://example.com/blog' } });
    expect(ctx.site).toBeInstanceOf(URL);
    expect(ctx.site?.href).toBe('https://example.com/blog');
  });

  it('site is undefined without the option', async () => {
    expect((await contextFor('/posts/1')).site).toBeUndefined();
  });

  it('generator names astro-bridge and the package version', async () => {
    const ctx = await contextFor('/posts/1');
    expect(ctx.generator).toBe(`astro-bridge v${version}`);
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('props is an empty object and isPrerendered is false', async () => {
    const ctx = await contextFor('/posts/1');
    expect(ctx.props).toEqual({});
    expect(ctx.isPrerendered).toBe(false);
  });

  it('redirect() is available on the context', async () => {
    const ctx = await contextFor('/posts/1');
    const response = ctx.redirect('/elsewhere', 307);
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('/elsewhere');
  });
});

describe('locals', () => {
  it("is the platform's object itself", async () => {
    const locals = { user: 'ada' };
    const ctx = await contextFor('/posts/1', { host: platform({ locals }) });
    expect(ctx.locals).toBe(locals);
  });

  it('takes new properties, visible to the host', async () => {
    const locals: Record<string, unknown> = {};
    const ctx = await contextFor('/posts/1', { host: platform({ locals }) });
    (ctx.locals as Record<string, unknown>).x = 1;
    expect(locals.x).toBe(1);
  });

  it('can not be reassigned: LocalsReassigned', async () => {
    const locals = { a: 1 };
    const ctx = await contextFor('/posts/1', { host: platform({ locals }) });
    const error = thrown(() => {
      // Plain JavaScript can still try (the type says readonly): the runtime refuses it too.
      (ctx as { locals: unknown }).locals = {};
    }, 'LocalsReassigned');
    expect(error.hint).toContain('property');
    expect(ctx.locals).toBe(locals);
  });

  it.each([null, 'a string', 42, undefined])('platform locals %j: LocalsNotAnObject', async (locals) => {
    const pipeline = new Pipeline({ routes: { '/x': { GET: () => new Response('ok') } } });
    const host = platform({ locals: locals as unknown as object });
    await rejected(
      (async () => pipeline.render(new Request('http://localhost/x'), pipeline.match('/x') as RouteMatch, host))(),
      'LocalsNotAnObject',
    );
  });
});

describe('clientAddress', () => {
  it("returns the platform's address", async () => {
    expect((await contextFor('/posts/1', { host: platform({ clientAddress: '9.8.7.6' }) })).clientAddress).toBe('9.8.7.6');
  });

  it.each([undefined, ''])('throws ClientAddressNotAvailable when the platform has %j', async (clientAddress) => {
    const ctx = await contextFor('/posts/1', { host: platform({ name: 'Koa', clientAddress }) });
    const error = thrown(() => ctx.clientAddress, 'ClientAddressNotAvailable');
    expect(error.message).toContain('Koa');
  });

  it('is only read when asked for', async () => {
    // Rendering with no address does not throw until clientAddress is read.
    await expect(contextFor('/posts/1', { host: platform({ clientAddress: undefined }) })).resolves.toBeDefined();
  });
});
