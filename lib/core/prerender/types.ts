import type { Params } from '../routing/match';

/** One path `getStaticPaths()` asks to prerender: its params and the props the route gets. */
export interface GetStaticPathsItem {
  /** Values for the route's parameters: strings, or `undefined` for an empty `[...rest]`. */
  params: Params;
  props?: Record<string, unknown>;
}

/** What `getStaticPaths()` returns (or resolves to). */
export type GetStaticPathsResult = GetStaticPathsItem[];

/** Options of `paginate()`, as in Astro. */
export interface PaginateOptions {
  /** Items per page (default 10). */
  pageSize?: number;
  /** Values for the route's other parameters, shared by every page. */
  params?: Params;
  /** Props every page gets besides `page`. */
  props?: Record<string, unknown>;
  /** Rewrites each page URL (e.g. to add a query); the identity by default. */
  format?: (url: string) => string;
}

/** The `page` prop `paginate()` gives each page, as in Astro. */
export interface Page<T = unknown> {
  data: T[];
  /** Index of the first item of this page (0-based). */
  start: number;
  /** Index of the last item of this page. */
  end: number;
  size: number;
  total: number;
  currentPage: number;
  lastPage: number;
  url: { current: string; next?: string; prev?: string; first?: string; last?: string };
}

/** Astro's `paginate()`: one `getStaticPaths()` entry per page of `data`. */
export type PaginateFunction = <T>(data: readonly T[], options?: PaginateOptions) => Array<{ params: Params; props: { page: Page<T> } & Record<string, unknown> }>;

/** What `getStaticPaths()` is called with. */
export interface GetStaticPathsOptions {
  paginate: PaginateFunction;
  /** The route's pattern, e.g. `/blog/[page]` (Astro 6). */
  routePattern: string;
}

/** A dynamic prerendered route's `getStaticPaths` export. */
export type GetStaticPaths = (options: GetStaticPathsOptions) => GetStaticPathsResult | Promise<GetStaticPathsResult>;

/** The exports that make a route prerendered. */
export interface PrerenderExports {
  /** `true`: rendered to a file by `astro-bridge build`; `false`: on demand. Default: the `prerender` option. */
  prerender?: boolean;
  /** The paths of a dynamic prerendered route, with their props. */
  getStaticPaths?: GetStaticPaths;
}
