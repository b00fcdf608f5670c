// Express + raw res.writeHead/end: Express's base cost. The raw node:http handler, mounted with
// app.use() exactly as the bridges are mounted.
import express from 'express';
import { raw, fallThroughRoute } from '../shared.mjs';

export function create(scenario) {
  const app = express();
  if (scenario === 'fallthrough') {
    app.use((req, res, next) => {
      res.locals.around = true;
      res.setHeader('x-around', '1');
      next();
    });
    app.get('/ft', fallThroughRoute);
  } else {
    app.use(raw[scenario]);
  }
  return app;
}
