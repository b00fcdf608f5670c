// `routePattern` as Astro 6/7 have it: parameter names keep their casing (withastro/astro#16946)
// and the pattern follows a rewrite made from middleware (withastro/astro#14132).
import path from 'node:path';
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close } from '../helpers/hosts';
import type { APIContext, MiddlewareHandler } from '../../lib/types';

const describeRoute = { GET: ({ routePattern, params }: APIContext) => Response.json({ routePattern, params }) };

// Middleware that rewrites `/old/*` and reports what its own context says afterwards.
const middleware: MiddlewareHandler = async (context, next) => {
  const before = context.routePattern;
  let response: Response;
  if (context.url.pathname === '/via-next') response = await next('/items/Abc');
  else if (context.url.pathname === '/via-rewrite') response = await context.rewrite('/items/Abc');
  else response = await next();
  const copy = new Response(response.body, response);
  copy.headers.set('x-pattern-before', before);
  copy.headers.set('x-pattern-after', context.routePattern);
  return copy;
};

describeEachHost('routePattern on %s', (host) => {
  let server: http.Server;
  let discovered: http.Server;
  beforeAll(() => {
    server = mount(host, {
      routes: { '/blog/[postId]': describeRoute, '/items/[itemID]': describeRoute, '/via-next': describeRoute, '/via-rewrite': describeRoute },
      middleware,
    });
    discovered = mount(host, { root: path.join(__dirname, '../fixtures/parity-casing'), middleware: (_c, next) => next() });
  });
  afterAll(async () => {
    await close(server);
    await close(discovered);
  });

  it('keeps the casing of parameter names, given as routes', async () => {
    const res = await request(server).get('/blog/First-Post').expect(200);
    expect(res.body).toEqual({ routePattern: '/blog/[postId]', params: { postId: 'First-Post' } });
  });

  it('keeps the casing of parameter names of discovered pages', async () => {
    const res = await request(discovered).get('/blog/42').expect(200);
    expect(res.body).toEqual({ routePattern: '/blog/[postId]', postId: '42' });
  });

  it('follows next(payload): the route and the middleware see the target’s pattern', async () => {
    const res = await request(server).get('/via-next').expect(200);
    expect(res.body).toEqual({ routePattern: '/items/[itemID]', params: { itemID: 'Abc' } });
    expect(res.headers['x-pattern-before']).toBe('/via-next');
    expect(res.headers['x-pattern-after']).toBe('/items/[itemID]');
  });

  it('follows context.rewrite() from middleware', async () => {
    const res = await request(server).get('/via-rewrite').expect(200);
    expect(res.body.routePattern).toBe('/items/[itemID]');
    expect(res.headers['x-pattern-before']).toBe('/via-rewrite');
    expect(res.headers['x-pattern-after']).toBe('/items/[itemID]');
  });
});
