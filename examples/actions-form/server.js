// A guestbook form with Astro Actions in Express: it works with JavaScript off (the form posts
// to `?_action=guestbook.sign`, the middleware runs the action, keeps the result in the session
// and redirects: Post/Redirect/Get) and on (the page's script calls the action through
// `astro-bridge/client`).
// Run: npm run example:actions   (builds, then serves http://127.0.0.1:3004)
'use strict';
const { readFileSync } = require('node:fs');
const express = require('express');
const { renderer } = require('astro-bridge/express');
const { defineMiddleware, getActionContext } = require('astro-bridge');
const { page } = require('./page.js');

// Post/Redirect/Get, as in Astro's guide: a reload after posting does not post again.
const postRedirectGet = defineMiddleware(async (context, next) => {
  const { action, setActionResult, serializeActionResult } = getActionContext(context);
  const stored = await context.session.get('actionResult');
  if (stored) {
    setActionResult(stored.name, stored.result);
    context.session.delete('actionResult');
    return next();
  }
  if (action?.calledFrom === 'form') {
    const result = await action.handler();
    context.session.set('actionResult', { name: action.name, result: serializeActionResult(result) });
    return context.redirect(context.originPathname, 303);
  }
  return next(); // RPC calls from the script are answered by the actions endpoint
});

function createApp() {
  const app = express();
  const bridge = renderer({
    // `src/actions/index.js` under `root` is discovered, as in Astro (`actions: server` would
    // say the same explicitly).
    root: __dirname,
    session: {},
    middleware: postRedirectGet,
    routes: {
      '/': { default: page },
      // The browser-safe client, as built by `npm run build` (dist/client.mjs).
      '/client.mjs': {
        GET: () =>
          new Response(readFileSync(require.resolve('astro-bridge/client').replace(/\.js$/, '.mjs')), {
            headers: { 'content-type': 'text/javascript; charset=utf-8' },
          }),
      },
    },
  });
  app.use(bridge);
  return { app, close: () => bridge.close() };
}

module.exports = { createApp };

if (require.main === module) {
  const { app } = createApp();
  const server = app.listen(Number(process.env.PORT ?? 3004), '127.0.0.1', () =>
    console.log(`actions-form listening on http://127.0.0.1:${server.address().port}/`),
  );
}
