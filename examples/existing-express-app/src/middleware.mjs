// Astro middleware, exactly as in an Astro project: it runs around the Astro pages in src/pages
// AND around the Express routes registered after renderer().
import { defineMiddleware, getActionContext, sequence } from 'astro-bridge';

// The language of the URL (/fr/… is French), for Express's views too.
const language = defineMiddleware((context, next) => {
  context.locals.lang = context.currentLocale ?? 'en';
  return next();
});

// The signed-in user, their note and the outcome of their last form action, from the Astro
// session (loaded only when read), for the Astro pages and Express's views alike.
// A prerendered page has no session (nor cookies): it is the same for every visitor, as in Astro.
const user = defineMiddleware(async (context, next) => {
  if (context.isPrerendered) return next();
  context.locals.user = await context.session.get('user');
  if (context.locals.user) {
    context.locals.note = await context.session.get('note');
    context.locals.flash = await context.session.get('flash');
    if (context.locals.flash) context.session.delete('flash');
  }
  return next();
});

// A visit counter in a cookie.
const visits = defineMiddleware((context, next) => {
  if (context.isPrerendered) return next();
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

// Runs a form posted to an action (`?_action=account.saveNote`, see src/actions/index.mjs), keeps
// its outcome in the session for the next page and redirects back to where the form was: a
// reload does not post again (Post/Redirect/Get). Express never sees the POST.
const formActions = defineMiddleware(async (context, next) => {
  const { action } = getActionContext(context);
  if (action?.calledFrom !== 'form') return next();
  const { error } = await action.handler();
  context.session.set('flash', error ? error.message : 'Note saved.');
  return context.redirect(context.originPathname, 303);
});

// Decorates every response, Express's included.
const decorate = defineMiddleware(async (_context, next) => {
  const response = await next();
  response.headers.set('x-guarded-by', 'astro-middleware');
  return response;
});

export const onRequest = sequence(language, user, visits, guard, formActions, decorate);
