// @whatwg-node/server's adapter in Koa, wired exactly as its README shows.
import Koa from 'koa';
import { createServerAdapter } from '@whatwg-node/server';
import { Response } from '@whatwg-node/fetch';
import { fetchHandlers } from '../shared.mjs';

export function create(scenario) {
  const adapter = createServerAdapter(fetchHandlers(Response)[scenario]);
  const app = new Koa();
  app.use(async (ctx) => {
    const response = await adapter.handleNodeRequestAndResponse(ctx.request, ctx.res, ctx);
    ctx.status = response.status;
    response.headers.forEach((value, key) => {
      ctx.append(key, value);
    });
    ctx.body = response.body;
  });
  return app.callback();
}
