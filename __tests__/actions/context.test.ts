// What an action handler's context holds, on every host: an endpoint's context without
// `rewrite`, `redirect`, `props`, `response`, `getActionResult` and `callAction` (Astro 6/7's
// ActionAPIContext), live (reads go to the request's context), `logger` and `csp` included.
import request from 'supertest';
import { parse } from 'devalue';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { defineAction, defineMiddleware } from '../../lib/index';
import type { ActionAPIContext } from '../../lib/index';
import type { APIContext } from '../../lib/types';

const logged: string[] = [];
const logger = { info: (m: string) => void logged.push(`info ${m}`), warn: (m: string) => void logged.push(`warn ${m}`), error: (m: string) => void logged.push(`error ${m}`) };

/** What a handler sees of its context: which keys exist, and a few values. */
function inspect(context: ActionAPIContext) {
  const all = context as unknown as Record<string, unknown>;
  context.logger.info(`called at ${context.url.pathname}`);
  return {
    missing: ['rewrite', 'redirect', 'props', 'response', 'getActionResult', 'callAction'].filter((key) => all[key] !== undefined),
    present: ['request', 'url', 'params', 'routePattern', 'site', 'generator', 'clientAddress', 'isPrerendered', 'cookies', 'session', 'preferredLocale', 'preferredLocaleList', 'currentLocale', 'originPathname', 'locals', 'logger', 'csp'].filter((key) => key in all),
    logger: typeof context.logger.info,
    csp: typeof context.csp?.insertDirective,
    user: (context.locals as { user?: string }).user,
    routePattern: context.routePattern,
  };
}

const server = { inspect: defineAction({ handler: (_input, context) => inspect(context) }) };
const routes = {
  '/page': {
    POST: async (context: APIContext) => Response.json(await context.callAction(server.inspect, undefined).then((r) => r.data)),
  },
};
const middleware = defineMiddleware((context, next) => {
  (context.locals as { user?: string }).user = 'ada';
  return next();
});

describeEachHost('the action handler context on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { routes, actions: server, middleware, logger, security: { csp: true } });
  });
  afterAll(() => app.close());

  it('has the endpoint context Astro 7 gives a handler, logger and csp included, through RPC', async () => {
    logged.length = 0;
    const res = await request(app.base).post('/_actions/inspect').set('content-type', 'application/json').expect(200);
    const seen = parse(res.text);
    expect(seen).toEqual({
      missing: [],
      present: ['request', 'url', 'params', 'routePattern', 'site', 'generator', 'clientAddress', 'isPrerendered', 'cookies', 'session', 'preferredLocale', 'preferredLocaleList', 'currentLocale', 'originPathname', 'locals', 'logger', 'csp'],
      logger: 'function',
      csp: 'function',
      user: 'ada',
      routePattern: '/_actions/[...path]',
    });
    expect(logged).toEqual(['info [app] called at /_actions/inspect']);
  });

  it('and the same through callAction from an endpoint', async () => {
    const res = await request(app.base).post('/page').expect(200);
    expect(res.body).toMatchObject({ missing: [], logger: 'function', csp: 'function', user: 'ada', routePattern: '/page' });
  });
});
