// astro-bridge in Koa 3: app.use(renderer(options)), built package (dist/).
import Koa from 'koa';
import { renderer } from 'astro-bridge/koa';
import { options } from './astro.mjs';
import { downstream } from './koa.mjs';

export function create(scenario) {
  const app = new Koa();
  app.use(renderer(options(scenario)));
  if (scenario === 'fallthrough') app.use(downstream);
  return app.callback();
}
