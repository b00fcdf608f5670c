// Type tests (expect-type, checked by tsc in `npm test`): the public types as a user meets them.
import { expectTypeOf } from 'expect-type';
import lruCache from 'unstorage/drivers/lru-cache';
import { defineMiddleware, sequence } from '../../lib/index';
import type {
  APIContext,
  APIRoute,
  AstroCookies,
  AstroSession,
  MiddlewareHandler,
  MiddlewareNext,
  Params,
  RendererOptions,
  SessionConfig,
} from '../../lib/index';

describe('public types', () => {
  it('APIContext has Astro’s members with their types', () => {
    expectTypeOf<APIContext['request']>().toEqualTypeOf<Request>();
    expectTypeOf<APIContext['url']>().toEqualTypeOf<URL>();
    expectTypeOf<APIContext['params']>().toEqualTypeOf<Params>();
    expectTypeOf<APIContext<Record<string, unknown>, { id: string }>['params']>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<APIContext['cookies']>().toEqualTypeOf<AstroCookies>();
    expectTypeOf<APIContext['session']>().toEqualTypeOf<AstroSession | undefined>();
    expectTypeOf<APIContext['clientAddress']>().toBeString();
    expectTypeOf<APIContext['routePattern']>().toBeString();
    expectTypeOf<APIContext['preferredLocale']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<APIContext['redirect']>().returns.toEqualTypeOf<Response>();
    expectTypeOf<APIContext['rewrite']>().returns.toEqualTypeOf<Promise<Response>>();
  });

  it('App.Locals augmentation (the README’s .d.ts with `export {}`) types locals', () => {
    expectTypeOf<APIContext['locals']>().toEqualTypeOf<App.Locals>();
    expectTypeOf<App.Locals['user']>().toEqualTypeOf<{ name: string } | undefined>();
  });

  it('locals cannot be reassigned (readonly), only its properties set', () => {
    const assign = (context: APIContext) => {
      context.locals.user = { name: 'Ada' };
      // @ts-expect-error -- locals is readonly: set properties instead
      context.locals = {};
    };
    expectTypeOf(assign).toBeFunction();
  });

  it('App.SessionData types session.get and session.set', () => {
    const use = async (session: AstroSession) => {
      expectTypeOf(await session.get('favourites')).toEqualTypeOf<string[] | undefined>();
      session.set('favourites', ['apple']);
      // @ts-expect-error -- favourites is a string[]
      session.set('favourites', 42);
    };
    expectTypeOf(use).toBeFunction();
  });

  it('MiddlewareHandler: (context, next) => Response | Promise<Response> | void, next takes a rewrite payload', () => {
    expectTypeOf<Parameters<MiddlewareHandler>[0]>().toEqualTypeOf<APIContext>();
    expectTypeOf<Parameters<MiddlewareHandler>[1]>().toEqualTypeOf<MiddlewareNext>();
    expectTypeOf<MiddlewareNext>().returns.toEqualTypeOf<Promise<Response>>();
    expectTypeOf<MiddlewareNext>().toBeCallableWith('/path');
    expectTypeOf<MiddlewareNext>().toBeCallableWith(new URL('http://x/'));
    expectTypeOf(defineMiddleware((_c, next) => next())).toEqualTypeOf<MiddlewareHandler>();
    expectTypeOf(sequence).returns.toEqualTypeOf<MiddlewareHandler>();
    // @ts-expect-error -- a middleware returns a Response, not a string
    defineMiddleware(() => 'nope');
  });

  it('APIRoute is an endpoint handler returning a Response', () => {
    expectTypeOf<APIRoute>().returns.toEqualTypeOf<Response | Promise<Response>>();
  });

  it('RendererOptions takes Astro’s config and an unstorage driver for sessions', () => {
    expectTypeOf<RendererOptions['root']>().toEqualTypeOf<string | URL | undefined>();
    const session: SessionConfig = { driver: lruCache({ max: 100 }), ttl: 60 };
    const options: RendererOptions = { root: __dirname, session, i18n: { locales: ['en', 'fr'], defaultLocale: 'en' } };
    expectTypeOf(options).toMatchTypeOf<RendererOptions>();
  });
});
