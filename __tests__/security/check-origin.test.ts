import request from 'supertest';
import type { MiddlewareHandler, RendererOptions } from '../../lib/types';
import { checkOrigin } from '../../lib/core/security/check-origin';
import { describeEachHost, isExpress, serve, type Served } from './support';

// Cross-site form posts (CSRF): a page on evil.example that auto-submits a form to our route
// must get 403 before any middleware runs (Astro's security.checkOrigin, 7.4's rule).

const form = (init: { method?: string; type?: string | null; site?: string; origin?: string }) => {
  const headers = new Headers();
  if (init.type !== null) headers.set('content-type', init.type ?? 'application/x-www-form-urlencoded');
  if (init.site) headers.set('sec-fetch-site', init.site);
  if (init.origin) headers.set('origin', init.origin);
  return new Request('http://site.example/x', { method: init.method ?? 'POST', headers, body: init.method === 'GET' ? undefined : 'a=1' });
};
const ORIGIN = 'http://site.example';

describe('checkOrigin(request, origin)', () => {
  it.each(['same-origin', 'none'])('Sec-Fetch-Site: %s passes', (site) => expect(checkOrigin(form({ site, origin: 'http://evil.example' }), ORIGIN)).toBe(true));
  it.each(['cross-site', 'same-site', 'bogus', ''])('Sec-Fetch-Site: %j is refused, whatever Origin says', (site) => {
    const req = form({ origin: ORIGIN });
    req.headers.set('sec-fetch-site', site);
    expect(checkOrigin(req, ORIGIN)).toBe(false);
  });
  it('without Sec-Fetch-Site, Origin decides', () => {
    expect(checkOrigin(form({ origin: ORIGIN }), ORIGIN)).toBe(true);
    expect(checkOrigin(form({ origin: 'http://evil.example' }), ORIGIN)).toBe(false);
    expect(checkOrigin(form({ origin: 'null' }), ORIGIN)).toBe(false);
    expect(checkOrigin(form({ origin: 'https://site.example' }), ORIGIN)).toBe(false);
  });
  it('without either header, passes (not a browser form)', () => expect(checkOrigin(form({}), ORIGIN)).toBe(true));
  it.each(['application/x-www-form-urlencoded', 'Multipart/Form-Data; boundary=x', 'TEXT/PLAIN;charset=UTF-8', ' text/plain '])('%j is form-like', (type) =>
    expect(checkOrigin(form({ type, site: 'cross-site' }), ORIGIN)).toBe(false));
  it('no Content-Type is form-like', () => expect(checkOrigin(form({ type: null, site: 'cross-site' }), ORIGIN)).toBe(false));
  it.each(['application/json', 'application/json; x=application/x-www-form-urlencoded', 'application/octet-stream'])('%j passes (a browser must ask CORS first)', (type) =>
    expect(checkOrigin(form({ type, site: 'cross-site' }), ORIGIN)).toBe(true));
  it.each(['PUT', 'PATCH', 'DELETE'])('%s is checked', (method) => expect(checkOrigin(form({ method, site: 'cross-site' }), ORIGIN)).toBe(false));
  it.each(['GET', 'HEAD', 'OPTIONS'])('%s passes', (method) => {
    const req = new Request('http://site.example/x', { method, headers: { 'sec-fetch-site': 'cross-site' } });
    expect(checkOrigin(req, ORIGIN)).toBe(true);
  });
});

describeEachHost('checkOrigin on %s', (host) => {
  let ran: string[];
  const middleware: MiddlewareHandler = (context, next) => {
    ran.push(context.url.pathname);
    return next();
  };
  const routes = { '/form': { POST: () => new Response('ok'), PUT: () => new Response('ok') } };
  const hostForm = (app: { post: Function; use: Function }) => {
    if (isExpress(host)) app.post('/host-form', (_req: unknown, res: { end(t: string): void }) => res.end('host ok'));
    else app.use(async (ctx: { path: string; method: string; body: unknown }, next: () => Promise<void>) => (ctx.path === '/host-form' && ctx.method === 'POST' ? (ctx.body = 'host ok') : next()));
  };
  const start = (options: Partial<RendererOptions> = {}, extra = {}) => serve(host, { routes, middleware, ...options } as RendererOptions, { after: host === 'node' ? undefined : hostForm, ...extra });
  beforeEach(() => {
    ran = [];
  });

  describe('by default', () => {
    let served: Served;
    beforeAll(async () => {
      served = await start();
    });
    afterAll(() => served.close());

    it('refuses a cross-site form post with 403, before any middleware runs', async () => {
      const res = await request(served.base).post('/form').set('sec-fetch-site', 'cross-site').type('form').send('a=1');
      expect(res.status).toBe(403);
      expect(res.text).toBe('Cross-site POST form submissions are forbidden');
      expect(ran).toEqual([]);
    });

    it('refuses an Origin of another site, and `null` (sandboxed iframes)', async () => {
      for (const origin of ['http://evil.example', 'null']) {
        await request(served.base).post('/form').set('origin', origin).type('form').send('a=1').expect(403);
      }
      await request(served.base).put('/form').set('origin', 'http://evil.example').expect(403);
    });

    it('lets same-origin posts through, on whatever port the server listens', async () => {
      await request(served.base).post('/form').set('origin', served.base).type('form').send('a=1').expect(200, 'ok');
      await request(served.base).post('/form').set('sec-fetch-site', 'same-origin').set('origin', 'http://ignored.example').type('form').send('a=1').expect(200);
      expect(ran).toEqual(['/form', '/form']);
    });

    it('lets JSON and requests without either header through', async () => {
      await request(served.base).post('/form').set('sec-fetch-site', 'cross-site').set('content-type', 'application/json').send('{}').expect(200);
      await request(served.base).post('/form').type('form').send('a=1').expect(200);
    });

    if (host !== 'node') {
      it("leaves the host's own routes alone unless asked", async () => {
        await request(served.base).post('/host-form').set('sec-fetch-site', 'cross-site').type('form').send('a=1').expect(200, 'host ok');
      });
    }
  });

  if (host !== 'node') {
    it('{ hostRoutes: true } checks what falls through to the host too', async () => {
      const served = await start({ checkOrigin: { hostRoutes: true } } as Partial<RendererOptions>);
      try {
        await request(served.base).post('/host-form').set('sec-fetch-site', 'cross-site').type('form').send('a=1').expect(403);
        await request(served.base).post('/host-form').set('sec-fetch-site', 'same-origin').type('form').send('a=1').expect(200, 'host ok');
        expect(ran).toEqual(['/host-form']);
      } finally {
        await served.close();
      }
    });
  }

  it('false turns it off', async () => {
    const served = await start({ checkOrigin: false } as Partial<RendererOptions>);
    try {
      await request(served.base).post('/form').set('sec-fetch-site', 'cross-site').type('form').send('a=1').expect(200);
    } finally {
      await served.close();
    }
  });

  it('compares with the origin the trust rules computed (a trusted proxy in front)', async () => {
    const served = await start({}, { trustProxy: true });
    try {
      const behind = (origin: string) =>
        request(served.base).post('/form').set('x-forwarded-proto', 'https').set('x-forwarded-host', 'public.example').set('origin', origin).type('form').send('a=1');
      await behind('https://public.example').expect(200);
      await behind(served.base).expect(403);
    } finally {
      await served.close();
    }
  });
});
