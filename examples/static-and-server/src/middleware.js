// Runs at build time for prerendered pages (isPrerendered is true; no cookies, no client
// address) and on every request for on-demand routes. Built files are served without it.
'use strict';
exports.onRequest = async (context, next) => {
  context.locals.renderedAt = context.isPrerendered ? 'build time' : 'request time';
  const response = await next();
  if (!context.isPrerendered) response.headers.set('x-rendered', 'on-demand');
  return response;
};
