// @whatwg-node/server's adapter mounted in Express (app.use(adapter), as its README shows);
// responses are @whatwg-node/fetch's Response, the adapter's own Fetch API.
import express from 'express';
import { createServerAdapter } from '@whatwg-node/server';
import { Response } from '@whatwg-node/fetch';
import { fetchHandlers } from '../shared.mjs';

export function create(scenario) {
  const adapter = createServerAdapter(fetchHandlers(Response)[scenario]);
  const app = express();
  app.use(adapter);
  return app;
}
