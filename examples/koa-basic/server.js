// A Koa app with Astro-style endpoints. Run from the repository root: npm run example -- koa-basic
'use strict';
const Koa = require('koa');
const { bodyParser } = require('@koa/bodyparser');
const { renderer } = require('astro-bridge/koa');

const app = new Koa();
app.use(bodyParser());

// ctx.state is context.locals.
app.use(async (ctx, next) => {
  ctx.state.startedAt = Date.now();
  await next();
});

app.use(
  renderer({
    routes: {
      '/hello/[name]': {
        GET: ({ params, locals }) =>
          new Response(`Hello, ${params.name}!`, {
            headers: { 'content-type': 'text/plain; charset=utf-8', 'x-started-at': String(locals.startedAt) },
          }),
      },
      '/echo': {
        // @koa/bodyparser already read the stream: request.json() still works.
        POST: async ({ request }) => Response.json({ received: await request.json() }),
      },
    },
  }),
);

// Requests no route owns continue downstream.
app.use((ctx) => {
  ctx.body = 'Koa downstream';
});

module.exports = { app };

if (require.main === module) {
  const server = app.listen(Number(process.env.PORT ?? 3001), '127.0.0.1', () =>
    console.log(`koa-basic listening on http://127.0.0.1:${server.address().port}/`),
  );
}
