// Compile-time checks (tsc runs over __tests__): the public prerender types accept Astro-shaped
// modules and refuse what Astro 6 refuses.
import type { APIContext, GetStaticPaths, Page, PageModule, RendererOptions } from 'astro-bridge';

const getStaticPaths: GetStaticPaths = async ({ paginate, routePattern }) => [
  ...paginate(['a', 'b'], { pageSize: 1, params: { tag: routePattern } }),
  { params: { page: undefined, tag: 'x' }, props: { extra: true } },
];

const page: PageModule = {
  prerender: true,
  getStaticPaths,
  default: ({ props }: APIContext) => `<p>${(props.page as Page<string>).data.join()}</p>`,
};

// @ts-expect-error Astro 6: params are strings or undefined, not numbers.
const numeric: GetStaticPaths = () => [{ params: { id: 1 } }];

const options: RendererOptions = { prerender: true, outDir: 'dist', dev: false, build: { format: 'file', concurrency: 2 } };

// @ts-expect-error build.format is 'directory' or 'file'.
const badFormat: RendererOptions = { build: { format: 'preserve' } };

describe('prerender types', () => {
  it('compile (this file is checked by tsc)', () => {
    expect([page, numeric, options, badFormat]).toHaveLength(4);
  });
});
