import { AstroCookies } from '../../lib/core/cookies/cookies';
import type { AstroCookiesOptions } from '../../lib/core/cookies/options';

/** A jar over a real `Request`, as Astro's unit tests build it (`new AstroCookies(request)`). */
export function fromRequest(request: Request, options?: AstroCookiesOptions): AstroCookies {
  return new AstroCookies(() => request.headers.get('cookie'), options);
}

/** A jar for a request carrying `cookie` as its Cookie header (none when omitted). */
export function jar(cookie?: string, options?: AstroCookiesOptions): AstroCookies {
  const headers: Record<string, string> = cookie === undefined ? {} : { cookie };
  return fromRequest(new Request('http://example.com/', { headers }), options);
}

/** The value a deletion's Set-Cookie carries after the name. */
export const EPOCH = 'Expires=Thu, 01 Jan 1970 00:00:00 GMT';

/** Runs `fn` and returns what it threw (fails the test when it does not throw). */
export function thrownBy(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** Expects `fn` to throw a `TypeError` with exactly `message` (the `cookie` package's own). */
export function expectTypeError(fn: () => unknown, message: string): void {
  const error = thrownBy(fn);
  expect(error.name).toBe('TypeError');
  expect(error.message).toBe(message);
}
