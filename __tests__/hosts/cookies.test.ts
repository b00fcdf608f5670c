// Cookies set anywhere during a request reach the client exactly once, in order, each on its own
// Set-Cookie line, after the ones the Response itself carries — on every host.
import http from 'node:http';
import request from 'supertest';
import { close, describeEachHost, isKoa, mount } from '../helpers/hosts';
import type { APIContext, MiddlewareHandler, PageModule } from '../../lib/types';

const page = (fn: (c: APIContext) => unknown) => ({ default: fn }) as unknown as PageModule;

const middleware: MiddlewareHandler = async (c, next) => {
  if (c.url.searchParams.has('guard')) {
    c.cookies.set('guard', '1', { path: '/' });
    return c.redirect('/login');
  }
  if (c.url.searchParams.has('own')) {
    c.cookies.set('own', 'mw');
    return new Response('own response', { headers: [['set-cookie', 'carried=1']] });
  }
  c.cookies.set('before', 'b', { httpOnly: true });
  const response = await next();
  c.cookies.set('after', 'a');
  if (c.url.searchParams.has('wrap')) return new Response(`wrapped:${await response.text()}`, response);
  return response;
};

const routes = {
  '/endpoint': {
    GET: (c: APIContext) => {
      c.cookies.set('endpoint', 'e', { maxAge: 60, sameSite: 'lax' });
      c.cookies.delete('old', { path: '/' });
      const headers = new Headers();
      headers.append('set-cookie', 'r1=1');
      headers.append('set-cookie', 'r2=2');
      return new Response('endpoint', { headers });
    },
  },
  '/page': page((c) => {
    c.cookies.set('page', 'p');
    return '<p>page</p>';
  }),
  '/rewrite-from': { GET: (c: APIContext) => { c.cookies.set('from', 'f'); return c.rewrite('/endpoint'); } },
  '/immutable': { GET: (c: APIContext) => { c.cookies.set('imm', 'i'); return Response.redirect('http://example.com/elsewhere', 302); } },
  '/500': page((c) => { c.cookies.set('errorpage', 'x'); return '<h1>500</h1>'; }),
  '/boom': { GET: (c: APIContext) => { c.cookies.set('beforeboom', 'b'); throw new Error('boom'); } },
  '/read': { GET: (c: APIContext) => Response.json({ a: c.cookies.get('a')?.value ?? null, bad: c.cookies.get('bad')?.value ?? null, has: c.cookies.has('empty'), json: c.cookies.get('obj')?.json() ?? null }) },
};

const names = (res: request.Response): string[] =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).map((c) => c.split(';')[0]!);

describeEachHost('cookies on %s', (host) => {
  let server: http.Server;
  beforeAll(() => {
    server = mount(host, { routes, middleware }, {
      after: (app: { use: (fn: unknown) => void; get?: unknown }) => {
        // A host route after the renderer that sets its own cookie.
        if (!isKoa(host)) {
          app.use((req: http.IncomingMessage, res: http.ServerResponse, next: () => void) => {
            if (req.url?.startsWith('/host')) {
              res.setHeader('set-cookie', 'host=h; Path=/');
              res.end('from host');
            } else next();
          });
        } else {
          app.use(async (ctx: { path: string; body: unknown; cookies: { set: (n: string, v: string) => void } }, next: () => Promise<void>) => {
            if (ctx.path.startsWith('/host')) {
              ctx.cookies.set('host', 'h');
              ctx.body = 'from host';
            } else await next();
          });
        }
      },
    } as never);
  });
  afterAll(() => close(server));

  it('an endpoint: middleware before and after next(), the endpoint, a deletion and the Response’s own lines', async () => {
    const res = await request(server).get('/endpoint').expect(200);
    expect(names(res)).toEqual(['r1=1', 'r2=2', 'before=b', 'endpoint=e', 'old=deleted', 'after=a']);
    const raw = res.headers['set-cookie'] as unknown as string[];
    expect(raw).toContain('before=b; HttpOnly');
    expect(raw).toContain('endpoint=e; Max-Age=60; SameSite=Lax');
    expect(raw).toContain('old=deleted; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  });

  it('a page, and a Response the middleware built around it', async () => {
    expect(names(await request(server).get('/page').expect(200))).toEqual(['before=b', 'page=p', 'after=a']);
    const wrapped = await request(server).get('/page?wrap').expect(200);
    expect(wrapped.text).toBe('wrapped:<p>page</p>');
    expect(names(wrapped)).toEqual(['before=b', 'page=p', 'after=a']);
  });

  it('a redirect returned before next(), and a middleware’s own Response with its own cookie', async () => {
    const guard = await request(server).get('/page?guard').expect(302);
    expect(names(guard)).toEqual(['guard=1']);
    const own = await request(server).get('/page?own').expect(200);
    expect(names(own)).toEqual(['carried=1', 'own=mw']);
  });

  it('a rewrite: the cookies of both renders, once each', async () => {
    const res = await request(server).get('/rewrite-from').expect(200);
    // The middleware ran twice (rewrite re-runs it): one jar, so each name once, in the order
    // first set (before → from → endpoint → old → after, set by the inner run first).
    expect(names(res)).toEqual(['r1=1', 'r2=2', 'before=b', 'from=f', 'endpoint=e', 'old=deleted', 'after=a']);
  });

  it('a Response with immutable headers (Response.redirect) is re-wrapped, not broken', async () => {
    const res = await request(server).get('/immutable').expect(302);
    expect(res.headers.location).toBe('http://example.com/elsewhere');
    expect(names(res)).toEqual(['before=b', 'imm=i', 'after=a']);
  });

  it('the /500 error page keeps every cookie set before the error', async () => {
    const res = await request(server).get('/boom').expect(500);
    expect(names(res)).toEqual(['before=b', 'beforeboom=b', 'errorpage=x']);
  });

  it('the host app’s own response in fall-through: its cookie and the middleware’s', async () => {
    const res = await request(server).get('/host-page').expect(200);
    expect(res.text).toBe('from host');
    expect(names(res)).toEqual(['host=h', 'before=b', 'after=a']);
  });

  it('reads cookies, and survives a malformed Cookie header', async () => {
    const ok = await request(server).get('/read').set('cookie', 'a=1; a=2; empty=; obj=%7B%22k%22%3A1%7D; bad=%E0%A4%A').expect(200);
    expect(ok.body).toEqual({ a: '1', bad: '%E0%A4%A', has: true, json: { k: 1 } });
    const junk = await request(server).get('/read').set('cookie', `;;==; noequals; ${'x'.repeat(8000)}; a=2`).expect(200);
    expect(junk.body.a).toBe('2');
  });
});
