import { createError } from '../errors/errors';
import { AstroResponseHeadersReassigned } from '../errors/catalog';

/**
 * `context.response`: the status, statusText and headers a page's response will get when the
 * page returns content rather than a `Response`. The headers object cannot be replaced.
 */
export class PageResponseInit {
  status: number;
  statusText: string;
  readonly #headers = new Headers();

  /** `status` 404 for the `/404` route and 500 for `/500` (Astro 7's default status), else 200. */
  constructor(status = 200, statusText = 'OK') {
    this.status = status;
    this.statusText = statusText;
  }

  get headers(): Headers {
    return this.#headers;
  }

  set headers(_value: Headers) {
    throw createError(AstroResponseHeadersReassigned);
  }
}
