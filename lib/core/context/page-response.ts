import { createError } from '../errors/errors';
import { AstroResponseHeadersReassigned } from '../errors/catalog';
import { errorStatusText } from '../pipeline/error-page';

// The error routes' status, seen by the page in `context.response.status` (Astro 7).
const ERROR_ROUTE_STATUS: Record<string, number | undefined> = { '/404': 404, '/500': 500 };

/**
 * `context.response`: the status, statusText and headers a page's response will get when the
 * page returns content rather than a `Response`. The headers object cannot be replaced.
 */
export class PageResponseInit {
  status: number;
  statusText: string;
  readonly #headers = new Headers();

  constructor(status = 200, statusText = 'OK') {
    this.status = status;
    this.statusText = statusText;
  }

  /** For a route: 404 in the `/404` route and 500 in `/500` (Astro 7's default status), else 200. */
  static forRoute(routePattern: string): PageResponseInit {
    const status = ERROR_ROUTE_STATUS[routePattern];
    return status === undefined ? new PageResponseInit() : new PageResponseInit(status, errorStatusText(status));
  }

  get headers(): Headers {
    return this.#headers;
  }

  set headers(_value: Headers) {
    throw createError(AstroResponseHeadersReassigned);
  }
}
