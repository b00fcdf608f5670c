// astro-bridge's options for each scenario, shared by astro-express and astro-koa.
import { defineMiddleware, sequence } from 'astro-bridge';
import { LOCALES, USER, STREAM_CHUNKS, BIG_CHUNKS, webStream, sharedChunk, freshChunk } from '../shared.mjs';

// i18n is passed whether or not this build wires it: the server's probe reports whether
// `context.preferredLocale` was in effect.
const i18n = { locales: LOCALES, defaultLocale: 'en' };
const octets = { 'content-type': 'application/octet-stream' };

/** Reports what the bench checks inside the bridge: `context.request` is Node's own Request. */
const probe = {
  GET: (context) =>
    Response.json({
      requestIsNodeRequest: context.request instanceof globalThis.__bench.originalRequest,
      requestIsGlobalRequest: context.request instanceof Request,
      preferredLocale: context.preferredLocale ?? null,
      preferredLocaleList: context.preferredLocaleList ?? null,
    }),
};

export function options(scenario) {
  switch (scenario) {
    case 'hello':
      return {
        routes: {
          '/hello': {
            GET: ({ url, cookies }) => {
              cookies.set('seen', '1', { path: '/', httpOnly: true });
              return new Response(`Hello, ${url.searchParams.get('name')}!`, {
                headers: { 'content-type': 'text/plain; charset=utf-8', 'x-bench': 'hello' },
              });
            },
          },
          '/__probe': probe,
        },
      };
    case 'middleware':
      return {
        i18n,
        middleware: sequence(
          defineMiddleware((context, next) => {
            context.locals.session = context.cookies.get('session')?.value;
            return next();
          }),
          defineMiddleware((context, next) => {
            context.locals.locale = context.preferredLocale;
            return next();
          }),
          defineMiddleware((context, next) => {
            context.locals.user = USER;
            return next();
          }),
        ),
        routes: {
          '/api/me': {
            GET: ({ locals }) => Response.json({ session: locals.session, locale: locals.locale, user: locals.user }),
          },
          '/__probe': probe,
        },
      };
    case 'stream':
      return { routes: { '/stream': { GET: () => new Response(webStream(STREAM_CHUNKS, sharedChunk), { headers: octets }) } } };
    case 'post':
      return {
        routes: {
          '/echo': {
            POST: async ({ request }) => {
              const data = await request.json();
              return Response.json({ received: data.items.length });
            },
          },
        },
      };
    case 'fallthrough':
      // No routes: every request falls through to the host's route, with this middleware around it.
      return {
        routes: {},
        middleware: async (context, next) => {
          context.locals.around = true;
          const response = await next();
          response.headers.set('x-around', '1');
          return response;
        },
      };
    case 'rss':
      return { routes: { '/big': { GET: () => new Response(webStream(BIG_CHUNKS, freshChunk), { headers: octets }) } } };
  }
  throw new Error(`unknown scenario ${scenario}`);
}
