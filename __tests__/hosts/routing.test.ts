import request from 'supertest';
import type { APIContext, RendererOptions } from '../../lib/types';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { rawPath } from '../helpers/http-client';

// What the endpoint saw of its URL and params, as JSON.
const where = ({ url, params, routePattern }: APIContext) =>
  Response.json({ href: url.href, pathname: url.pathname, search: url.search, a: url.searchParams.getAll('a'), params, routePattern });

const options: RendererOptions = {
  trailingSlash: 'never',
  routes: {
    '/': { GET: () => new Response('home') },
    '/posts/new': { GET: () => new Response('static') },
    '/posts/[id]': { GET: ({ params }) => new Response(`id:${params.id}`), POST: () => new Response('posted') },
    '/docs/[...slug]': { GET: ({ params }) => new Response(`rest:${params.slug ?? '(none)'}`) },
    '/files/[name].json': { GET: ({ params }) => new Response(`file:${params.name}`) },
    '/where/[id]': { GET: where },
    '/custom-status': { GET: () => new Response('odd', { status: 299, statusText: 'Odd But Fine' }) },
    '/methods': { GET: () => new Response('get'), POST: () => new Response('post') },
  },
};

describeEachHost('routing on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options);
  });
  afterAll(() => app.close());

  it('answers a static route, and a static route wins over a dynamic one', async () => {
    await request(app.base).get('/').expect(200, 'home');
    await request(app.base).get('/posts/new').expect(200, 'static');
  });

  it('fills dynamic and rest params', async () => {
    await request(app.base).get('/posts/42').expect(200, 'id:42');
    await request(app.base).get('/docs/a/b/c').expect(200, 'rest:a/b/c');
    await request(app.base).get('/docs').expect(200, 'rest:(none)');
    await request(app.base).get('/files/report.json').expect(200, 'file:report');
  });

  it('decodes an encoded segment into the param, an encoded slash included', async () => {
    await request(app.base).get('/posts/hello%20w%C3%B6rld').expect(200, 'id:hello wörld');
    await request(app.base).get('/posts/a%2Fb').expect(200, 'id:a/b');
  });

  it('redirects paths with dot segments to their canonical spelling, never serving the raw one', async () => {
    // Sent raw: supertest would normalise the path itself. The host routes (and guards) the raw
    // path, so only a redirect lets every guard see the path that is served (issue 18).
    expect(await rawPath(app.base, '/docs/../posts/new')).toEqual({ status: 301, text: '' });
    expect(await rawPath(app.base, '/docs/%2e%2e/posts/7')).toEqual({ status: 301, text: '' });
  });

  it('matches nothing for invalid percent-encoding', async () => {
    const res = await rawPath(app.base, '/posts/%E0%A4%A');
    expect(res).toEqual({ status: 404, text: host === 'node' ? 'Not Found' : 'host fall-through' });
  });

  it('shows the raw path and the query in context.url, and the route pattern', async () => {
    const res = await request(app.base).get('/where/%C3%A9t%C3%A9?a=1&a=2&b=%20x&c').expect(200);
    expect(res.body).toEqual({
      href: `${app.base}/where/%C3%A9t%C3%A9?a=1&a=2&b=%20x&c`,
      pathname: '/where/%C3%A9t%C3%A9',
      search: '?a=1&a=2&b=%20x&c',
      a: ['1', '2'],
      params: { id: 'été' },
      routePattern: '/where/[id]',
    });
  });

  it('redirects a trailing slash with 301 for GET, keeping the query', async () => {
    const res = await request(app.base).get('/posts/42/?x=1&x=2').expect(301);
    expect(res.headers.location).toBe('/posts/42?x=1&x=2');
    expect(res.text).toBe('');
  });

  it('redirects a trailing slash with 308 for POST (the method must be kept)', async () => {
    const res = await request(app.base).post('/posts/42/?x=1').send('ignored').expect(308);
    expect(res.headers.location).toBe('/posts/42?x=1');
  });

  it('sends a status the host does not know, with its statusText', async () => {
    const res = await request(app.base).get('/custom-status').expect(299, 'odd');
    expect((res as unknown as { res: { statusMessage: string } }).res.statusMessage).toBe('Odd But Fine');
  });

  it('answers a method the route does not export with an empty 404 and an Allow header', async () => {
    const res = await request(app.base).put('/methods').send('x').expect(404);
    expect(res.headers.allow).toBe('GET, POST, HEAD');
    expect(res.text).toBe('');
    // The route itself works for the methods it has.
    await request(app.base).post('/methods').expect(200, 'post');
  });
});

describeEachHost('mounted below /app on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options, { mountPath: '/app' });
  });
  afterAll(() => app.close());

  it('matches routes below the mount path while context.url shows the full path', async () => {
    const res = await request(app.base).get('/app/where/1?x=1').expect(200);
    expect(res.body.href).toBe(`${app.base}/app/where/1?x=1`);
    expect(res.body.params).toEqual({ id: '1' });
    await request(app.base).get('/app/posts/new').expect(200, 'static');
    await request(app.base).get('/app').expect(200, 'home');
  });

  it('does not match the routes outside the mount path', async () => {
    await request(app.base).get('/where/1').expect(404, 'host fall-through');
    await request(app.base).get('/other/posts/1').expect(404, 'host fall-through');
  });

  it('keeps the mount path and the query in a trailing-slash redirect', async () => {
    const get = await request(app.base).get('/app/posts/1/?x=1').expect(301);
    expect(get.headers.location).toBe('/app/posts/1?x=1');
    const post = await request(app.base).post('/app/posts/1/?x=1').send('x').expect(308);
    expect(post.headers.location).toBe('/app/posts/1?x=1');
  });
}, {
  skip: {
    node: 'node:http has no mount path: the listener always serves from /',
  },
});
