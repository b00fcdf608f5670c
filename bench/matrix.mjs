// Variants and scenarios: names, labels, and which variant runs which scenario. No imports:
// the orchestrator never loads a variant's code (some patch globals on import).

/** In the order they run in each round. `base`: the variant this one's added µs/request is over. */
export const VARIANTS = [
  { name: 'node', label: 'raw node:http', host: 'node' },
  { name: 'express-raw', label: 'Express + raw writeHead/end (base)', host: 'express' },
  { name: 'express-response', label: 'Express base + the handler’s Node Response, built and dropped (floor)', host: 'express', base: 'express-raw' },
  { name: 'express', label: 'Express native', host: 'express', base: 'express-raw' },
  { name: 'hono-express', label: '@hono/node-server in Express', host: 'express', base: 'express-raw' },
  { name: 'srvx-express', label: 'srvx in Express', host: 'express', base: 'express-raw' },
  { name: 'whatwg-express', label: '@whatwg-node/server in Express', host: 'express', base: 'express-raw' },
  { name: 'astro-express', label: 'astro-bridge in Express', host: 'express', base: 'express-raw' },
  { name: 'koa', label: 'Koa native (base)', host: 'koa' },
  { name: 'whatwg-koa', label: '@whatwg-node/server in Koa', host: 'koa', base: 'koa' },
  { name: 'astro-koa', label: 'astro-bridge in Koa', host: 'koa', base: 'koa' },
];

export const SCENARIOS = [
  { name: 'hello', label: '1. GET /hello?name=x: text, a header, a Set-Cookie' },
  { name: 'middleware', label: '2. JSON behind three middlewares (cookie, preferred locale, locals)' },
  { name: 'stream', label: '3. 1 MiB streamed in 64 KiB chunks' },
  { name: 'post', label: '4. POST 16 KiB JSON, read with request.json() (or the host’s parser)' },
  { name: 'fallthrough', label: '5. Fall-through: middleware around a plain host route' },
];

/** Fall-through needs a host route after the middleware: fetch-handler peers own every request. */
const FALLTHROUGH = new Set(['express-raw', 'express', 'koa', 'astro-express', 'astro-koa']);

/** The floor variant: the scenarios whose handlers answer with a Response built from a value. */
const FLOOR = new Set(['hello', 'middleware']);

export function applies(variant, scenario) {
  if (variant === 'express-response') return FLOOR.has(scenario);
  if (scenario === 'fallthrough') return FALLTHROUGH.has(variant);
  return true;
}

export function notApplicableReason(variant, scenario) {
  if (applies(variant, scenario)) return undefined;
  if (variant === 'express-response') return 'measured where the handler builds its Response from a value (hello, middleware)';
  if (variant === 'node') return 'no host framework to fall through to';
  return 'the adapter answers every request itself (no next())';
}

/** The slow-client RSS test: the required three, plus Koa's bridge. */
export const RSS_VARIANTS = ['node', 'hono-express', 'astro-express', 'astro-koa'];

/** In-process CPU per request (bench/micro.mjs) for the report: the hosts, the floor, the nearest peers, ours. */
export const MICRO_VARIANTS = ['express-raw', 'express-response', 'hono-express', 'srvx-express', 'astro-express', 'koa', 'astro-koa'];
export const MICRO_SCENARIOS = ['hello', 'middleware'];
