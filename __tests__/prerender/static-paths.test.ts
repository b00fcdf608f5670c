import { routeEntry } from '../../lib/core/pipeline/options';
import { staticPathsOf } from '../../lib/core/prerender/static-paths';
import { isAstroBridgeError } from '../../lib/core/errors/errors';

const policy = { base: '', trailingSlashAlways: false };
const page = () => '<p>x</p>';

function route(pattern: string, mod: Record<string, unknown>, file?: string) {
  return routeEntry(pattern, { default: page, prerender: true, ...mod }, file);
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    expect(isAstroBridgeError(error)).toBe(true);
    return error as { name: string; message: string };
  }
  throw new Error('expected a rejection');
}

describe('getStaticPaths', () => {
  it('gives a static route its own pathname', async () => {
    const { paths } = await staticPathsOf(route('/about', {}), policy);
    expect(paths).toEqual([{ pathname: '/about', params: {}, props: {} }]);
  });

  it('turns params into pathnames and keeps props, awaiting an async function', async () => {
    const r = route('/posts/[id]', {
      getStaticPaths: async () => [
        { params: { id: '1' }, props: { title: 'One' } },
        { params: { id: 'two words' } },
      ],
    });
    const { paths, byPathname } = await staticPathsOf(r, policy);
    expect(paths.map((p) => p.pathname)).toEqual(['/posts/1', '/posts/two words']);
    expect(byPathname.get('/posts/1')?.props).toEqual({ title: 'One' });
    expect(byPathname.get('/posts/two words')?.props).toEqual({});
  });

  it('passes routePattern and encodes # and ? in values', async () => {
    let seen: string | undefined;
    const r = route('/tags/[tag]', {
      getStaticPaths: ({ routePattern }: { routePattern: string }) => {
        seen = routePattern;
        return [{ params: { tag: 'c#?' } }];
      },
    });
    const { paths } = await staticPathsOf(r, policy);
    expect(seen).toBe('/tags/[tag]');
    expect(paths[0]!.pathname).toBe('/tags/c%23%3F');
  });

  it('supports rest params: nested values, and undefined for the bare prefix', async () => {
    const r = route('/docs/[...slug]', {
      getStaticPaths: () => [{ params: { slug: 'a/b/' } }, { params: { slug: undefined } }],
    });
    const { paths } = await staticPathsOf(r, policy);
    expect(paths.map((p) => p.pathname)).toEqual(['/docs/a/b', '/docs']);
  });

  it('renders a pathname listed twice once, with the first entry', async () => {
    const r = route('/[id]', { getStaticPaths: () => [{ params: { id: 'a' }, props: { n: 1 } }, { params: { id: 'a' }, props: { n: 2 } }] });
    const { paths } = await staticPathsOf(r, policy);
    expect(paths).toEqual([{ pathname: '/a', params: { id: 'a' }, props: { n: 1 } }]);
  });

  it.each([
    ['GetStaticPathsRequired', {}],
    ['InvalidGetStaticPathsReturn', { getStaticPaths: () => ({ params: { id: '1' } }) }],
    ['InvalidGetStaticPathsEntry', { getStaticPaths: () => [[{ params: { id: '1' } }]] }],
    ['InvalidGetStaticPathsEntry', { getStaticPaths: () => [null] }],
    ['GetStaticPathsExpectedParams', { getStaticPaths: () => [{ props: {} }] }],
    ['GetStaticPathsExpectedParams', { getStaticPaths: () => [{ params: {} }] }],
    ['InvalidGetStaticPathParam', { getStaticPaths: () => [{ params: 'id=1' }] }],
    ['GetStaticPathsInvalidRouteParam', { getStaticPaths: () => [{ params: { id: 1 } }] }],
    ['GetStaticPathsMissingParam', { getStaticPaths: () => [{ params: { other: 'x' } }] }],
  ])('%s names the route and its file', async (name, mod) => {
    const error = await failure(staticPathsOf(route('/posts/[id]', mod, '/app/src/pages/posts/[id].ts'), policy));
    expect(error.name).toBe(name);
    expect(error.message).toContain("'/posts/[id]'");
    expect(error.message).toContain('[id].ts');
  });

  it('says which param is not a string (Astro 6: numbers are refused)', async () => {
    const error = await failure(staticPathsOf(route('/p/[n]', { getStaticPaths: () => [{ params: { n: 42 } }] }), policy));
    expect(error.message).toContain('`n`');
    expect(error.message).toContain('`number` (`42`)');
  });

  it('refuses a dynamic endpoint whose undefined param collapses to /', async () => {
    const r = routeEntry('/[...all]', { GET: () => new Response('x'), getStaticPaths: () => [{ params: { all: undefined } }] });
    expect((await failure(staticPathsOf(r, policy))).name).toBe('PrerenderDynamicEndpointPathCollide');
  });

  it('calls getStaticPaths once per route, and again after a failure', async () => {
    let calls = 0;
    const ok = route('/[id]', { getStaticPaths: () => (calls++, [{ params: { id: 'a' } }]) });
    await staticPathsOf(ok, policy);
    await staticPathsOf(ok, policy);
    expect(calls).toBe(1);
    let attempts = 0;
    const bad = route('/[id]', { getStaticPaths: () => (attempts++, 'nope') });
    await failure(staticPathsOf(bad, policy));
    await failure(staticPathsOf(bad, policy));
    expect(attempts).toBe(2);
  });

  it.each([
    ['prerender', { prerender: 'yes' }],
    ['getStaticPaths', { getStaticPaths: [] }],
  ])('refuses a %s export of the wrong type when the route is made (InvalidPrerenderExport)', (what, mod) => {
    expect(() => routeEntry('/x', { default: page, ...mod })).toThrow(expect.objectContaining({ name: 'InvalidPrerenderExport', message: expect.stringContaining(`\`${what}\``) }));
  });
});

describe('paginate()', () => {
  const items = Array.from({ length: 25 }, (_, i) => i + 1);

  it('numbers every page for [page], with Astro-shaped page props', async () => {
    const r = route('/blog/[page]', { getStaticPaths: ({ paginate }: any) => paginate(items, { pageSize: 10, props: { x: 1 } }) });
    const { paths } = await staticPathsOf(r, policy);
    expect(paths.map((p) => p.pathname)).toEqual(['/blog/1', '/blog/2', '/blog/3']);
    const second = paths[1]!.props as any;
    expect(second.x).toBe(1);
    expect(second.page).toEqual({
      data: items.slice(10, 20), start: 10, end: 19, size: 10, total: 25, currentPage: 2, lastPage: 3,
      url: { current: '/blog/2', next: '/blog/3', prev: '/blog/1', first: '/blog/1', last: '/blog/3' },
    });
    expect((paths[2]!.props as any).page.data).toEqual([21, 22, 23, 24, 25]);
  });

  it('leaves the first page number out for [...page], with base and extra params', async () => {
    const r = route('/[tag]/[...page]', {
      getStaticPaths: ({ paginate }: any) => paginate(items, { pageSize: 20, params: { tag: 'js' } }),
    });
    const { paths } = await staticPathsOf(r, { base: '/docs', trailingSlashAlways: true });
    expect(paths.map((p) => p.pathname)).toEqual(['/js', '/js/2']);
    const page = (paths[1]!.props as any).page;
    expect(page.url).toEqual({ current: '/docs/js/2/', next: undefined, prev: '/docs/js/', first: '/docs/js/', last: undefined });
  });

  it('makes one empty page for no data, and applies format', async () => {
    const r = route('/list/[page]', { getStaticPaths: ({ paginate }: any) => paginate([], { format: (u: string) => `${u}?v=1` }) });
    const { paths } = await staticPathsOf(r, policy);
    expect(paths).toHaveLength(1);
    expect((paths[0]!.props as any).page).toMatchObject({ data: [], total: 0, lastPage: 1, url: { current: '/list/1?v=1' } });
  });

  it('throws PageNumberParamNotFound without a page param', async () => {
    const r = route('/blog/[slug]', { getStaticPaths: ({ paginate }: any) => paginate(items) });
    const error = await failure(staticPathsOf(r, policy));
    expect(error.name).toBe('PageNumberParamNotFound');
    expect(error.message).toContain("'/blog/[slug]'");
  });
});
