// srvx's node handler (toNodeHandler) mounted in Express with app.use(); responses are srvx's
// FastResponse, its documented fast path on Node. srvx patches globalThis.Request on import
// (in this process only).
import express from 'express';
import { toNodeHandler, FastResponse } from 'srvx/node';
import { fetchHandlers } from '../shared.mjs';

export function create(scenario) {
  const handler = fetchHandlers(FastResponse)[scenario];
  const app = express();
  app.use(toNodeHandler(handler));
  return app;
}
