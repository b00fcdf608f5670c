// Log in and out with Astro sessions in an Express app. Sessions live in memory by default;
// set REDIS_URL (e.g. redis://127.0.0.1:6379) and every instance of the app shares them.
// Run from the repository root: npm run example -- auth-sessions
'use strict';
const express = require('express');
const { renderer } = require('astro-bridge/express');

function createApp({ redisUrl = process.env.REDIS_URL } = {}) {
  const app = express();
  app.use(express.urlencoded({ extended: false }));

  const bridge = renderer({
    session: redisUrl ? { driver: 'redis', options: { url: redisUrl }, ttl: 60 * 60 } : { ttl: 60 * 60 },
    middleware: async (context, next) => {
      // Every page can read the user; the session is only loaded when something asks.
      context.locals.user = await context.session.get('user');
      return next();
    },
    routes: {
      '/': {
        default: ({ locals }) =>
          locals.user
            ? `<h1>Hello, ${locals.user.name}</h1><p>Signed in at ${locals.user.since.toISOString()}</p>` +
              '<form method="post" action="/logout"><button>Log out</button></form>'
            : '<h1>Hello, stranger</h1><form method="post" action="/login"><input name="name"><button>Log in</button></form>',
      },
      '/login': {
        POST: async ({ request, session, redirect }) => {
          const name = String((await request.formData()).get('name') ?? '').trim();
          if (!name) return new Response('A name is required', { status: 400 });
          // A new id on privilege change: a session id fixed before login is worthless after it.
          await session.regenerate();
          session.set('user', { name, since: new Date() });
          return redirect('/', 303);
        },
      },
      '/logout': {
        POST: ({ session, redirect }) => {
          session.destroy();
          return redirect('/', 303);
        },
      },
      '/api/me': { GET: ({ locals }) => Response.json({ user: locals.user ?? null }) },
    },
  });
  app.use(bridge);
  return { app, close: () => bridge.close() };
}

module.exports = { createApp };

if (require.main === module) {
  const { app } = createApp();
  const server = app.listen(Number(process.env.PORT ?? 3003), '127.0.0.1', () =>
    console.log(`auth-sessions listening on http://127.0.0.1:${server.address().port}/ (${process.env.REDIS_URL ? 'Redis' : 'memory'} sessions)`),
  );
}
