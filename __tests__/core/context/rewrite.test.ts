import { run } from '../../helpers/platform';
import type { APIContext, MiddlewareHandler } from '../../../lib/types';
import { sequence } from '../../../lib/core/middleware/sequence';

const describeContext = (c: APIContext) =>
  Response.json({ url: c.url.pathname + c.url.search, params: c.params, routePattern: c.routePattern, origin: c.originPathname, method: c.request.method });

const routes = {
  '/a': { GET: describeContext, POST: describeContext },
  '/b/[id]': { ALL: async (c: APIContext) => Response.json({ ...(await describeContext(c).json()), body: c.request.method === 'POST' ? await c.request.text() : null }) },
  '/self': { GET: (c: APIContext) => c.rewrite('/self') },
  '/to-b': { GET: (c: APIContext) => c.rewrite('/b/7?x=1') },
  '/read-then-rewrite': { POST: async (c: APIContext) => { await c.request.text(); return c.rewrite('/b/1'); } },
};

describe('next(payload): rewrites the rest of the chain', () => {
  it.each([
    ['a string', (_c: APIContext) => '/b/42?q=1'],
    ['a URL', (c: APIContext) => new URL('/b/42?q=1', c.url)],
    ['a Request', (c: APIContext) => new Request(new URL('/b/42?q=1', c.url))],
  ])('with %s: the route, url, params and routePattern of the target', async (_name, payload) => {
    const middleware: MiddlewareHandler = (c, next) => next(payload(c));
    const { response } = await run({ routes, middleware }, '/a');
    expect(await response.json()).toMatchObject({ url: '/b/42?q=1', params: { id: '42' }, routePattern: '/b/[id]', origin: '/a' });
  });

  it('updates the context for later handlers of a sequence, and does not re-run earlier ones', async () => {
    const seen: string[] = [];
    const middleware = sequence(
      (c, next) => {
        seen.push(`first:${c.url.pathname}`);
        return next('/b/9');
      },
      (c, next) => {
        seen.push(`second:${c.routePattern}:${c.params.id}`);
        return next();
      },
    );
    const { response } = await run({ routes, middleware }, '/a');
    expect(seen).toEqual(['first:/a', 'second:/b/[id]:9']);
    expect((await response.json()).params).toEqual({ id: '9' });
  });

  it('keeps the body of a POST for the target route', async () => {
    const middleware: MiddlewareHandler = (_c, next) => next('/b/5');
    const { response } = await run({ routes, middleware }, '/a', { method: 'POST', body: 'payload' });
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'payload', params: { id: '5' } });
  });

  it('hands a path no route owns to the host app, rewritten', async () => {
    const middleware: MiddlewareHandler = (_c, next) => next('/express/page?z=1');
    const { response, hostCalls } = await run({ routes, middleware }, '/a');
    expect(await response.text()).toBe('host:/express/page');
    expect(new URL(hostCalls[0]!.url).search).toBe('?z=1');
  });
});

describe('context.rewrite()', () => {
  it('serves another route without a redirect and runs the middleware again, keeping locals', async () => {
    const log: string[] = [];
    const middleware: MiddlewareHandler = (c, next) => {
      log.push(c.url.pathname);
      (c.locals as { runs?: number }).runs = ((c.locals as { runs?: number }).runs ?? 0) + 1;
      return next();
    };
    const { response, locals } = await run({ routes, middleware }, '/to-b');
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ url: '/b/7?x=1', params: { id: '7' }, origin: '/to-b' });
    expect(log).toEqual(['/to-b', '/b/7']);
    expect(locals.runs).toBe(2);
  });

  it('answers a rewrite loop with 508 Loop Detected instead of overflowing the stack', async () => {
    const { response } = await run({ routes }, '/self');
    expect(response.status).toBe(508);
    expect(await response.text()).toBe('Loop Detected');
  });

  it('refuses to move a body that was already read (RewriteWithBodyUsed)', async () => {
    await expect(run({ routes }, '/read-then-rewrite', { method: 'POST', body: 'x' })).rejects.toMatchObject({ name: 'RewriteWithBodyUsed' });
  });

  it('can be destructured from the context', async () => {
    const { response } = await run({ routes: { ...routes, '/d': { GET: ({ rewrite }: APIContext) => rewrite('/a') } } }, '/d');
    expect((await response.json()).url).toBe('/a');
  });
});
