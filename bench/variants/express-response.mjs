// Express + raw writeHead/end, plus the Response the fetch-style handler of the scenario builds
// (`new Response(text, init)`, `Response.json(…)`), built and dropped: the floor any bridge pays
// that keeps Node's own Response (on Node 20 each one builds a web stream for its body). The
// answer itself is the raw handler's.
import express from 'express';
import { raw, USER } from '../shared.mjs';

const text = { 'content-type': 'text/plain; charset=utf-8', 'x-bench': 'hello' };

export function create(scenario) {
  const app = express();
  app.use((req, res, next) => {
    if (scenario === 'hello') globalThis.__benchSink = new Response(`Hello, x!`, { headers: text });
    else if (scenario === 'middleware') globalThis.__benchSink = Response.json({ session: 's3cr3t', locale: 'fr', user: USER });
    raw[scenario](req, res, next);
  });
  return app;
}
