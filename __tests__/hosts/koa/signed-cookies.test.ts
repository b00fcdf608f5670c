// Signed cookies on Koa: the format of Koa's own ctx.cookies with app.keys (`name` plus
// `name.sig`, keygrip), both ways, with real Koa 2 and 3 apps.
import http from 'node:http';
import request from 'supertest';
import { close, describeEachHost, mount } from '../../helpers/hosts';
import type { APIContext } from '../../../lib/types';

type Ctx = { path: string; body: unknown; status: number; cookies: { set: (n: string, v: string, o: object) => void; get: (n: string, o: object) => string | undefined } };

const cookieList = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[]) ?? []).map((c) => c.split(';')[0]!);

describeEachHost('signed cookies on %s', (host) => {
  let server: http.Server;
  let keyless: http.Server;
  beforeAll(() => {
    const routes = {
      '/sign': { GET: (c: APIContext) => { c.cookies.set('session', 'user 42', { signed: true, path: '/' }); return new Response('signed'); } },
      '/verify': { GET: (c: APIContext) => Response.json({ value: c.cookies.get('session', { signed: true })?.value ?? null }) },
      '/forget': { GET: (c: APIContext) => { c.cookies.delete('session', { path: '/' }); return new Response('gone'); } },
    };
    const build = (keys?: string[]) =>
      mount(host, { routes }, {
        errors: 'none',
        fallThrough: false,
        before(app) {
          if (keys) app.keys = keys;
          app.use(async (ctx: Ctx, next: () => Promise<void>) => {
            try {
              await next();
            } catch (err) {
              ctx.status = 500;
              ctx.body = `${(err as Error).name}: ${(err as Error).message}`;
            }
          });
        },
        after(app) {
          app.use((ctx: Ctx) => {
            if (ctx.path === '/koa-sign') {
              ctx.cookies.set('session', 'from-koa', { signed: true });
              ctx.body = 'ok';
            } else if (ctx.path === '/koa-read') {
              ctx.body = { value: ctx.cookies.get('session', { signed: true }) ?? null };
            }
          });
        },
      });
    server = build(['new-key', 'old-key']);
    keyless = build();
  });
  afterAll(async () => {
    await close(server);
    await close(keyless);
  });

  it('a cookie the renderer signs is read by Koa’s ctx.cookies.get(…, { signed: true })', async () => {
    const res = await request(server).get('/sign').expect(200);
    const [value, sig] = cookieList(res);
    expect(value).toBe('session=user%2042');
    expect(sig).toMatch(/^session\.sig=[A-Za-z0-9_-]+$/);
    const read = await request(server).get('/koa-read').set('cookie', `${value}; ${sig}`).expect(200);
    expect(read.body).toEqual({ value: 'user%2042' });
  });

  it('a cookie Koa signed is verified by context.cookies.get(…, { signed: true })', async () => {
    const res = await request(server).get('/koa-sign').expect(200);
    const cookies = cookieList(res).join('; ');
    expect((await request(server).get('/verify').set('cookie', cookies)).body).toEqual({ value: 'from-koa' });
  });

  it('a tampered value, a missing signature, or a signature by an unknown key reads as undefined', async () => {
    const res = await request(server).get('/koa-sign').expect(200);
    const [value, sig] = cookieList(res);
    expect((await request(server).get('/verify').set('cookie', `${value!.replace('koa', 'kob')}; ${sig}`)).body).toEqual({ value: null });
    expect((await request(server).get('/verify').set('cookie', value!)).body).toEqual({ value: null });
    expect((await request(server).get('/verify').set('cookie', `${value}; session.sig=AAAA`)).body).toEqual({ value: null });
  });

  it('deleting a signed cookie deletes its signature too', async () => {
    const res = await request(server).get('/forget').set('cookie', 'session=x; session.sig=y').expect(200);
    expect(cookieList(res)).toEqual(['session=deleted', 'session.sig=deleted']);
  });

  it('signing without app.keys is a clear error', async () => {
    const res = await request(keyless).get('/sign').expect(500);
    expect(res.text).toMatch(/^CookieSignerMissing: /);
  });
}, {
  skip: {
    express: 'Koa signs with app.keys (keygrip, name.sig); Express signs with cookie-parser in hosts/express/signed-cookies',
    node: 'node:http has no cookie keys of the host to sign with',
  },
});
