// Astro's error pages (Astro 7's `renderDefaultError` + `mergeResponses`, custom-404 tests):
// which empty 404/500s are rerouted, and what the `/404` and `/500` routes see and keep.
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close } from '../helpers/hosts';
import type { APIContext, MiddlewareHandler, RendererOptions } from '../../lib/types';

const describeErrorPage = (name: string) => ({
  default: ({ response, props, locals, routePattern }: APIContext) => {
    response.headers.set('x-error-page', name);
    response.headers.set('x-shared', 'page');
    const error = props.error;
    return JSON.stringify({
      name,
      status: response.status,
      routePattern,
      mw: (locals as { mw?: string }).mw,
      error: error instanceof Error ? error.message : error === null ? 'null' : typeof error,
    });
  },
});

const middleware: MiddlewareHandler = async (context, next) => {
  (context.locals as { mw?: string }).mw = 'set by middleware';
  context.cookies.set('mw', '1');
  // Middleware that answers an empty 404 itself (Astro 7: rerouted as any empty 404 is).
  if (context.url.searchParams.has('deny')) return new Response(null, { status: 404, headers: { 'x-denied': 'yes', 'content-type': 'application/json' } });
  const response = await next();
  // Astro users copy responses to change them; a copied endpoint 404 stays deliberate.
  const copy = context.url.searchParams.has('copy') ? new Response(response.body, response) : response;
  copy.headers.set('x-mw', 'after next');
  copy.headers.set('x-shared', 'middleware');
  return copy;
};

const routes: RendererOptions['routes'] = {
  '/page-empty-404': { default: () => new Response(null, { status: 404 }) },
  '/page-empty-500': { default: () => new Response(null, { status: 500 }) },
  '/page-own-404': { default: ({ response }: APIContext) => ((response.status = 404), 'own 404 body') },
  '/endpoint-404': { GET: () => new Response(null, { status: 404 }) },
  '/endpoint-500': { GET: () => new Response(null, { status: 500 }) },
  '/get-only': { GET: () => new Response('got') },
  '/throws': { GET: () => { throw new Error('boom'); } },
  '/404': describeErrorPage('404'),
  '/500': describeErrorPage('500'),
};

describeEachHost('error pages on %s', (host) => {
  let server: http.Server;
  let bare: http.Server;
  beforeAll(() => {
    server = mount(host, { routes, middleware });
    const { '/404': _404, '/500': _500, ...withoutErrorPages } = routes!;
    bare = mount(host, { routes: withoutErrorPages, middleware });
  });
  afterAll(async () => {
    await close(server);
    await close(bare);
  });

  it('renders /404 for a page that answers an empty 404, with status 404 inside the page', async () => {
    const res = await request(server).get('/page-empty-404').expect(404);
    expect(JSON.parse(res.text)).toMatchObject({ name: '404', status: 404, routePattern: '/404', mw: 'set by middleware' });
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('keeps a page’s 404 with a body (the page handles its own 404)', async () => {
    const res = await request(server).get('/page-own-404').expect(404);
    expect(res.text).toBe('own 404 body');
  });

  it('leaves an endpoint’s own empty 404 and 500 alone, also when middleware copied the Response', async () => {
    for (const path of ['/endpoint-404', '/endpoint-404?copy', '/endpoint-500?copy']) {
      const res = await request(server).get(path);
      expect([path, res.status, res.text]).toEqual([path, path.startsWith('/endpoint-404') ? 404 : 500, '']);
      expect(res.headers['x-mw']).toBe('after next');
    }
  });

  it('keeps middleware headers, cookies and locals on the /404 page, and the original headers win', async () => {
    const res = await request(server).get('/page-empty-404').expect(404);
    expect(res.headers['x-mw']).toBe('after next');
    expect(res.headers['x-error-page']).toBe('404');
    expect(res.headers['x-shared']).toBe('middleware');
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
  });

  it('answers a method the endpoint does not export with /404, keeping Allow and middleware headers', async () => {
    const res = await request(server).delete('/get-only').expect(404);
    expect(JSON.parse(res.text)).toMatchObject({ name: '404', status: 404, mw: 'set by middleware' });
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['x-mw']).toBe('after next');
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
  });

  it('without a /404 route: the empty 404 with Allow and middleware headers', async () => {
    const res = await request(bare).delete('/get-only').expect(404);
    expect(res.text).toBe('');
    expect(res.headers.allow).toBe('GET, HEAD');
    expect(res.headers['x-mw']).toBe('after next');
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
  });

  it('renders /500 with status 500 and the thrown error as props.error', async () => {
    const res = await request(server).get('/throws').expect(500);
    expect(JSON.parse(res.text)).toMatchObject({ name: '500', status: 500, error: 'boom', mw: 'set by middleware' });
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
  });

  it('renders /500 for a page’s empty 500 with props.error null and the middleware’s headers', async () => {
    const res = await request(server).get('/page-empty-500').expect(500);
    expect(JSON.parse(res.text)).toMatchObject({ name: '500', status: 500, error: 'null', mw: 'set by middleware' });
    expect(res.headers['x-mw']).toBe('after next');
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
  });

  it('renders /404 for an empty 404 middleware answers itself, keeping its headers, cookies and locals', async () => {
    const res = await request(server).get('/get-only?deny').expect(404);
    expect(JSON.parse(res.text)).toMatchObject({ name: '404', status: 404, mw: 'set by middleware' });
    expect(res.headers['x-denied']).toBe('yes');
    expect(res.headers['set-cookie']).toEqual(['mw=1']);
    // Astro 7's mergeResponses drops the original Content-Type: the error page's own applies.
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('HEAD: the /404 page’s status and headers (the middleware’s and Allow), no body', async () => {
    const res = await request(server).head('/page-empty-404').expect(404);
    expect(res.headers['x-error-page']).toBe('404');
    expect(res.headers['x-mw']).toBe('after next');
    expect(res.text).toBeUndefined();
  });

  it('a request for /404 itself answers 404, and the page sees it', async () => {
    const res = await request(server).get('/404').expect(404);
    expect(JSON.parse(res.text)).toMatchObject({ status: 404, routePattern: '/404' });
  });

  it('renders /404 with status 404 for unmatched paths when fallThrough is off', async () => {
    const strict = mount(host, { routes, fallThrough: false });
    try {
      const res = await request(strict).get('/nothing-here').expect(404);
      expect(JSON.parse(res.text)).toMatchObject({ name: '404', status: 404 });
    } finally {
      await close(strict);
    }
  });
});
