// Koa native: ctx.cookies, ctx.acceptsLanguages, ctx.state, ctx.body (string, object, Readable),
// @koa/bodyparser. Koa has no router: each scenario's middleware checks ctx.path.
import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import { LOCALES, USER, STREAM_CHUNKS, BIG_CHUNKS, nodeStream, sharedChunk, freshChunk } from '../shared.mjs';

export function create(scenario) {
  const app = new Koa();
  switch (scenario) {
    case 'hello':
      app.use((ctx, next) => {
        if (ctx.path !== '/hello') return next();
        ctx.set('x-bench', 'hello');
        ctx.cookies.set('seen', '1', { path: '/', httpOnly: true });
        ctx.body = `Hello, ${ctx.query.name}!`;
      });
      break;
    case 'middleware':
      app.use((ctx, next) => {
        ctx.state.session = ctx.cookies.get('session');
        return next();
      });
      app.use((ctx, next) => {
        ctx.state.locale = ctx.acceptsLanguages(LOCALES) || 'en';
        return next();
      });
      app.use((ctx, next) => {
        ctx.state.user = USER;
        return next();
      });
      app.use((ctx, next) => {
        if (ctx.path !== '/api/me') return next();
        const { session, locale, user } = ctx.state;
        ctx.body = { session, locale, user };
      });
      break;
    case 'stream':
      app.use((ctx, next) => {
        if (ctx.path !== '/stream') return next();
        ctx.type = 'application/octet-stream';
        ctx.body = nodeStream(STREAM_CHUNKS, sharedChunk);
      });
      break;
    case 'post':
      app.use(bodyParser());
      app.use((ctx, next) => {
        if (ctx.path !== '/echo' || ctx.method !== 'POST') return next();
        ctx.body = { received: ctx.request.body.items.length };
      });
      break;
    case 'fallthrough':
      app.use(around);
      app.use(downstream);
      break;
    case 'rss':
      app.use((ctx, next) => {
        if (ctx.path !== '/big') return next();
        ctx.type = 'application/octet-stream';
        ctx.body = nodeStream(BIG_CHUNKS, freshChunk);
      });
      break;
  }
  return app.callback();
}

async function around(ctx, next) {
  ctx.state.around = true;
  await next();
  ctx.set('x-around', '1');
}

/** The plain Koa middleware the fall-through scenario falls through to. */
export function downstream(ctx, next) {
  if (ctx.path !== '/ft') return next();
  ctx.body = 'fell through';
}
