// Astro middleware, exactly as in an Astro project: it runs around the Astro pages in src/pages
// AND around the Express routes registered after renderer().
import { defineMiddleware, sequence } from 'astro-bridge';

// The language of the URL (/fr/… is French), for Express's views too.
const language = defineMiddleware((context, next) => {
  context.locals.lang = context.currentLocale ?? 'en';
  return next();
});

// The signed-in user, from the Astro session (loaded only when read).
const user = defineMiddleware(async (context, next) => {
  context.locals.user = await context.session.get('user');
  return next();
});

// A visit counter in a cookie.
const visits = defineMiddleware((context, next) => {
  const count = (context.cookies.get('visits')?.number() ?? 0) + 1;
  context.cookies.set('visits', String(count), { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 });
  context.locals.visits = count;
  return next();
});

// Guards Express's /account: Express never runs for a visitor who is not signed in.
const guard = defineMiddleware((context, next) => {
  if (context.url.pathname.startsWith('/account') && !context.locals.user) {
    return context.redirect(`/login?next=${encodeURIComponent(context.url.pathname)}`);
  }
  return next();
});

// Decorates every response, Express's included.
const decorate = defineMiddleware(async (_context, next) => {
  const response = await next();
  response.headers.set('x-guarded-by', 'astro-middleware');
  return response;
});

export const onRequest = sequence(language, user, visits, guard, decorate);
