import { createError } from '../errors/errors';
import { RequestTimeout } from '../errors/catalog';

const noop = () => {};

/**
 * The `timeout` option: `work` must give its Response within `timeout` ms, or the request fails
 * with `RequestTimeout` (503) through the host's error handling. A Response that comes later is
 * not sent; its body is cancelled so its producer stops.
 */
export function withDeadline(work: Promise<Response>, timeout: number): Promise<Response> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let late = false;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      late = true;
      reject(createError(RequestTimeout, timeout));
    }, timeout);
  });
  work.then(
    (response) => {
      clearTimeout(timer);
      if (late) response.body?.cancel().catch(noop);
    },
    () => clearTimeout(timer),
  );
  return Promise.race([work, expired]);
}
