// Type test: middleware typed the Astro way. `npm test` type-checks this file, and each
// expected-error directive below fails the build if the typing regresses.
import { defineMiddleware, sequence } from '../../lib/index';
import type { MiddlewareHandler, MiddlewareNext, APIContext } from '../../lib/index';

declare global {
  namespace App {
    interface Locals {
      typeTestRequestId?: string;
    }
  }
}

const stamp = defineMiddleware(async (context, next) => {
  context.locals.typeTestRequestId = 'abc';
  // @ts-expect-error -- typeTestRequestId is a string
  context.locals.typeTestRequestId = 42;
  const response: Response = await next();
  return response;
});

const reroute: MiddlewareHandler = (context, next: MiddlewareNext) => {
  if (context.url.pathname === '/old') return next('/new');
  if (context.url.pathname === '/url') return next(new URL('/new', context.url));
  // @ts-expect-error -- a rewrite payload is a string, URL or Request
  if (context.url.pathname === '/bad') return next(42);
  return next(new Request(context.url));
};

// @ts-expect-error -- middleware must not return a string
const wrong: MiddlewareHandler = () => 'nope';

const rewriteEndpoint = ({ rewrite, originPathname }: APIContext): Promise<Response> => rewrite(`/login?from=${originPathname}`);

describe('middleware types', () => {
  it('composes typed handlers', () => {
    const composed: MiddlewareHandler = sequence(stamp, reroute);
    expect(typeof composed).toBe('function');
    expect(typeof rewriteEndpoint).toBe('function');
    void wrong;
  });
});
