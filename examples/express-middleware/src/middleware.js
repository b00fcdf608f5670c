// Astro middleware, exported by name as `onRequest`, exactly as in an Astro project.
const { defineMiddleware, sequence } = require('astro-bridge');

// Adds a Server-Timing header to every response, Astro pages and Express routes alike.
const timing = defineMiddleware(async (context, next) => {
  const started = performance.now();
  const response = await next();
  response.headers.set('server-timing', `total;dur=${(performance.now() - started).toFixed(1)}`);
  return response;
});

// Reads the user (here from a header, for the demo) and guards /dashboard.
const auth = defineMiddleware((context, next) => {
  const user = context.request.headers.get('x-user');
  if (user) context.locals.user = user;
  if (context.url.pathname.startsWith('/dashboard') && !user) return context.redirect('/login');
  return next();
});

// The guide's "redacting" example, applied to a route that Express renders.
const redact = defineMiddleware(async (context, next) => {
  const response = await next();
  // A 304 (Express answers If-None-Match itself) or HEAD has no body to redact.
  if (context.url.pathname !== '/report' || response.body === null) return response;
  const text = await response.text();
  return new Response(text.replaceAll('PRIVATE INFO', 'REDACTED'), {
    status: response.status,
    headers: response.headers,
  });
});

exports.onRequest = sequence(timing, auth, redact);
