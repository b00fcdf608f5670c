// astro-bridge in Express 5: app.use(renderer(options)), built package (dist/).
import express from 'express';
import { renderer } from 'astro-bridge/express';
import { options } from './astro.mjs';
import { fallThroughRoute } from '../shared.mjs';

export function create(scenario) {
  const app = express();
  app.use(renderer(options(scenario)));
  if (scenario === 'fallthrough') app.get('/ft', fallThroughRoute);
  return app;
}
