import { createError } from '../errors/errors';
import { PageNumberParamNotFound } from '../errors/catalog';
import type { ParsedRoute } from '../routing/parse';
import { generatePath } from './route-path';
import { describeRoute } from './where';
import type { Page, PaginateFunction, PaginateOptions } from './types';

const PARAM = 'page';

/**
 * Astro's `paginate()` for one route: `[page]` numbers every page, `[...page]` leaves the first
 * page's number out (`/blog`, `/blog/2`). URLs carry `base` and follow `trailingSlash: 'always'`.
 */
export function createPaginate(route: ParsedRoute & { file?: string }, base: string, trailingSlashAlways: boolean): PaginateFunction {
  const spread = route.segments.some((s) => s.some((p) => p.spread && p.content === PARAM));
  const plain = route.segments.some((s) => s.some((p) => p.dynamic && !p.spread && p.content === PARAM));
  return function paginate<T>(data: readonly T[], options: PaginateOptions = {}) {
    if (!spread && !plain) throw createError(PageNumberParamNotFound, describeRoute(route), PARAM);
    const includesFirst = plain;
    const pageSize = options.pageSize || 10;
    const format = options.format ?? ((url: string) => url);
    const lastPage = Math.max(1, Math.ceil(data.length / pageSize));
    const url = (params: Record<string, string | undefined>) => {
      const path = generatePath(route.segments, params, trailingSlashAlways) ?? '/';
      // The root below a base is the base itself (`/docs`), with a slash only under 'always'.
      return format(path === '/' && base ? base + (trailingSlashAlways ? '/' : '') : base + path);
    };
    const numbered = (n: number) => (includesFirst || n > 1 ? String(n) : undefined);
    return Array.from({ length: lastPage }, (_, i) => {
      const current = i + 1;
      const start = pageSize === Number.POSITIVE_INFINITY ? 0 : i * pageSize;
      const end = Math.min(start + pageSize, data.length);
      const params = { ...options.params, [PARAM]: numbered(current) };
      const page: Page<T> = {
        data: data.slice(start, end),
        start,
        end: end - 1,
        size: pageSize,
        total: data.length,
        currentPage: current,
        lastPage,
        url: {
          current: url(params),
          next: current === lastPage ? undefined : url({ ...params, [PARAM]: String(current + 1) }),
          prev: current === 1 ? undefined : url({ ...params, [PARAM]: numbered(current - 1) }),
          first: current === 1 ? undefined : url({ ...params, [PARAM]: includesFirst ? '1' : undefined }),
          last: current === lastPage ? undefined : url({ ...params, [PARAM]: String(lastPage) }),
        },
      };
      return { params, props: { ...options.props, page } };
    });
  };
}
