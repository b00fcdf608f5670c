// Signed cookies through the Express adapter: the renderer signs with cookie-parser's secret
// (req.secret), and verifies cookies Express signed.
import http from 'node:http';
import request from 'supertest';
import cookieParser from 'cookie-parser';
import { close, describeEachHost, mount } from '../../helpers/hosts';
import type { APIContext } from '../../../lib/types';

describeEachHost('signed cookies on %s', (host) => {
  let server: http.Server;
  let unsignedServer: http.Server;
  beforeAll(() => {
    const routes = {
      '/sign': { GET: (c: APIContext) => { c.cookies.set('session', 'user-42', { signed: true, path: '/' }); return new Response('signed'); } },
      '/verify': { GET: (c: APIContext) => Response.json({ value: c.cookies.get('session', { signed: true })?.value ?? null }) },
    };
    server = mount(host, { routes }, {
      before: (app) => app.use(cookieParser('s3cret')),
      after(app) {
        app.get('/express-sign', (_req: unknown, res: { cookie: (n: string, v: string, o: object) => void; end: (b: string) => void }) => {
          res.cookie('session', 'from-express', { signed: true });
          res.end('ok');
        });
        app.get('/express-read', (req: { signedCookies: Record<string, unknown> }, res: { json: (b: unknown) => void }) => res.json(req.signedCookies));
      },
    });
    unsignedServer = mount(host, { routes }, {
      errors: 'none',
      after: (app) => app.use((err: Error, _req: unknown, res: http.ServerResponse, _next: unknown) => res.writeHead(500).end(`${err.name}: ${err.message}`)),
    });
  });
  afterAll(async () => {
    await close(server);
    await close(unsignedServer);
  });

  it('a cookie the renderer signs is in Express’s req.signedCookies', async () => {
    const res = await request(server).get('/sign').expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!;
    expect(cookie).toMatch(/^session=s%3Auser-42\.[A-Za-z0-9%]+; Path=\/$/);
    const read = await request(server).get('/express-read').set('cookie', cookie.split(';')[0]!).expect(200);
    expect(read.body).toEqual({ session: 'user-42' });
  });

  it('a cookie Express signed is verified by context.cookies.get(…, { signed: true })', async () => {
    const res = await request(server).get('/express-sign').expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    expect((await request(server).get('/verify').set('cookie', cookie)).body).toEqual({ value: 'from-express' });
  });

  it('a tampered or unsigned cookie reads as undefined', async () => {
    const res = await request(server).get('/express-sign').expect(200);
    const cookie = (res.headers['set-cookie'] as unknown as string[])[0]!.split(';')[0]!;
    const tampered = cookie.replace('from-express', 'from-attackr');
    expect((await request(server).get('/verify').set('cookie', tampered)).body).toEqual({ value: null });
    expect((await request(server).get('/verify').set('cookie', 'session=from-express')).body).toEqual({ value: null });
  });

  it('signing without cookie-parser’s secret is a clear error that reaches the host', async () => {
    const res = await request(unsignedServer).get('/sign').expect(500);
    expect(res.text).toMatch(/^CookieSignerMissing: .*cookieParser/);
  });
}, {
  skip: {
    koa: 'Express signs with cookie-parser secret (req.secret); Koa signs with app.keys in hosts/koa/signed-cookies',
    node: 'node:http has no cookie secret of the host to sign with',
  },
});

describeEachHost('the secret on %s is looked up only for signed cookies', (host) => {
  it('an unsigned set never reads req.secret; a signed one reads it once', async () => {
    let reads = 0;
    const server = mount(
      host,
      {
        routes: {
          '/plain': { GET: (c: APIContext) => { c.cookies.set('a', '1'); c.cookies.set('b', '2'); return new Response('plain'); } },
          '/signed': { GET: (c: APIContext) => { c.cookies.set('a', '1', { signed: true }); c.cookies.set('b', '2', { signed: true }); return new Response('signed'); } },
        },
      },
      {
        before(app) {
          app.use(cookieParser('s3cret'));
          // Counts what the adapter asks of cookie-parser's secret.
          app.use((req: { secret?: string }, _res: unknown, next: () => void) => {
            const secret = req.secret;
            Object.defineProperty(req, 'secret', { configurable: true, get: () => (reads++, secret) });
            next();
          });
        },
      },
    );
    try {
      const plain = await request(server).get('/plain').expect(200);
      expect(plain.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(reads).toBe(0);
      const signed = await request(server).get('/signed').expect(200);
      expect((signed.headers['set-cookie'] as unknown as string[]).every((line) => line.includes('s%3A'))).toBe(true);
      expect(reads).toBe(1);
    } finally {
      await close(server);
    }
  });
}, {
  skip: {
    koa: 'counts reads of Express req.secret',
    node: 'counts reads of Express req.secret',
  },
});
