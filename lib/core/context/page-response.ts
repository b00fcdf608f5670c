import { createError } from '../errors/errors';
import { AstroResponseHeadersReassigned } from '../errors/catalog';

/**
 * `context.response`: the status, statusText and headers a page's response will get when the
 * page returns content rather than a `Response`. The headers object cannot be replaced.
 */
export class PageResponseInit {
  status = 200;
  statusText = 'OK';
  readonly #headers = new Headers();

  get headers(): Headers {
    return this.#headers;
  }

  set headers(_value: Headers) {
    throw createError(AstroResponseHeadersReassigned);
  }
}
