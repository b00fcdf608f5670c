// What Astro 6/7 added to sessions: the driver as an object (`sessionDrivers.redis({...})`,
// `{ entrypoint, config }`), `session: false`, `sessionID` (undefined until a session exists and
// after destroy(): Astro's runtime declares `#sessionID: string | undefined`, returns it from the
// getter and sets it to `undefined` in destroy(), from 5.1 through 7.2 — never `null`), and
// `cookies.consume()` (Astro's AstroCookies.consume(): a later set() warns).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close } from '../helpers/hosts';
import { renderer } from '../../lib/hosts/express/index';
import { sessionDrivers } from '../../lib/index';
import type { APIContext, RendererOptions } from '../../lib/types';

const routes: RendererOptions['routes'] = {
  '/login': {
    POST: async ({ session }: APIContext) => {
      const before = session!.sessionID;
      session!.set('user', 'ada');
      return Response.json({ before: before ?? 'undefined', after: session!.sessionID });
    },
  },
  '/me': { GET: async ({ session }: APIContext) => Response.json((await session!.get('user')) ?? null) },
  '/logout': {
    POST: async ({ session }: APIContext) => {
      await session!.get('user');
      session!.destroy();
      const after = session!.sessionID ?? 'undefined';
      // Reading the destroyed session makes no new one (Astro 6.2.2+).
      const data = (await session!.get('user')) ?? null;
      return Response.json({ after, afterRead: session!.sessionID ?? 'undefined', data });
    },
  },
  // What reading does to sessionID (Astro 6.2.2+, withastro/astro#16540: an anonymous read makes no ID).
  '/peek': {
    GET: async ({ session }: APIContext) => {
      await session!.get('user');
      await session!.has('user');
      await session!.keys();
      return Response.json({ id: session!.sessionID ?? 'undefined' });
    },
  },
  '/has-session': { GET: ({ session }: APIContext) => new Response(session === undefined ? 'no session' : 'session') },
};

const cookieOf = (res: request.Response) => ((res.headers['set-cookie'] as unknown as string[]) ?? []).find((c) => c.startsWith('astro-session='))!.split(';')[0]!;

async function roundTrip(server: http.Server): Promise<void> {
  const login = await request(server).post('/login').expect(200);
  expect(login.body.before).toBe('undefined');
  expect(login.body.after).toMatch(/^[\w-]{20,}$/);
  const me = await request(server).get('/me').set('cookie', cookieOf(login)).expect(200);
  expect(me.body).toBe('ada');
}

describeEachHost('Astro 6/7 sessions on %s', (host) => {
  const servers: http.Server[] = [];
  const start = (options: RendererOptions) => {
    // node: a host around the listener, whose error handler answers as Express's and Koa's do.
    const server = mount(host, options, { fallThrough: true });
    servers.push(server);
    return server;
  };
  afterAll(async () => {
    await Promise.all(servers.map(close));
  });

  it('takes sessionDrivers.memory() and reports sessionID only once the session exists', async () => {
    await roundTrip(start({ routes, session: { driver: sessionDrivers.memory() } }));
  });

  it('takes sessionDrivers.fs({ base }) and stores there', async () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'astro-bridge-parity-'));
    try {
      await roundTrip(start({ routes, session: { driver: sessionDrivers.fs({ base }) } }));
      expect(fs.readdirSync(base).length).toBe(1);
    } finally {
      fs.rmSync(base, { recursive: true, force: true });
    }
  });

  it('takes any unstorage driver by name (sessionDrivers.lruCache) and Astro’s module entrypoints', async () => {
    await roundTrip(start({ routes, session: { driver: sessionDrivers.lruCache({ max: 100 }) } }));
    await roundTrip(start({ routes, session: { driver: { entrypoint: 'unstorage/drivers/memory' } } }));
  });

  it('takes a driver module of your own as entrypoint (path or file: URL), with its config', async () => {
    const map = new Map<string, unknown>();
    const file = path.join(__dirname, '../fixtures/parity-session-driver/driver.js');
    await roundTrip(start({ routes, session: { driver: { entrypoint: file, config: { map } } } }));
    expect(map.size).toBe(1);
    await roundTrip(start({ routes, session: { driver: { entrypoint: new URL(`file://${file}`), config: { map } } } }));
  });

  it('answers a request with SessionStorageInitError when the entrypoint cannot be loaded', async () => {
    const server = start({ routes, session: { driver: { entrypoint: '/nonexistent/driver-module.js' } } });
    const res = await request(server).post('/login');
    expect(res.status).toBeGreaterThanOrEqual(500);
    expect(res.text).toMatch(/^host error: SessionStorageInitError: .*driver-module\.js/);
  });

  it('sessionID is undefined again after destroy()', async () => {
    const server = start({ routes, session: {} });
    const login = await request(server).post('/login').expect(200);
    const logout = await request(server).post('/logout').set('cookie', cookieOf(login)).expect(200);
    expect(logout.body).toEqual({ after: 'undefined', afterRead: 'undefined', data: null });
    expect((logout.headers['set-cookie'] as unknown as string[]).join()).toMatch(/^astro-session=deleted; .*Expires=Thu, 01 Jan 1970/);
  });

  it('reading without a session cookie leaves sessionID undefined and sets no cookie (Astro 6.2.2+)', async () => {
    const server = start({ routes, session: {} });
    const anonymous = await request(server).get('/peek').expect(200);
    expect(anonymous.body).toEqual({ id: 'undefined' });
    expect(anonymous.headers['set-cookie']).toBeUndefined();
    // A session that exists is named by its cookie once read.
    const login = await request(server).post('/login').expect(200);
    const known = await request(server).get('/peek').set('cookie', cookieOf(login)).expect(200);
    expect(known.body).toEqual({ id: login.body.after });
  });

  it('session: false turns sessions off', async () => {
    const server = start({ routes, session: false });
    expect((await request(server).get('/has-session').expect(200)).text).toBe('no session');
  });

  it('cookies.consume() gives the Set-Cookie lines so far, and they still reach the client', async () => {
    const warnings: string[] = [];
    const server = start({
      logger: { info() {}, warn: (line: string) => void warnings.push(line), error() {} },
      middleware: async ({ cookies }, next) => {
        cookies.set('a', '1', { path: '/' });
        const response = await next();
        const lines = [...cookies.consume()];
        response.headers.set('x-consumed', JSON.stringify(lines));
        // Astro: a set() after consume() warns; the response is not sent yet, so the cookie still goes out.
        cookies.set('c', '3');
        return response;
      },
      routes: { '/': { GET: ({ cookies }: APIContext) => (cookies.set('b', '2'), new Response('ok')) } },
    });
    const res = await request(server).get('/').expect(200);
    expect(JSON.parse(res.headers['x-consumed'] as string)).toEqual(['a=1; Path=/', 'b=2']);
    expect(res.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2', 'c=3']);
    expect(warnings).toEqual([expect.stringMatching(/^\[cookies\] cookies\.set\("c"\)/)]);
  });
});

describe('the driver object in the session option', () => {
  it.each([
    ['options beside a driver object', { driver: sessionDrivers.redis({ url: 'redis://127.0.0.1:1' }), options: {} }, 'session.options'],
    ['an empty entrypoint', { driver: { entrypoint: '' } }, 'session.driver.entrypoint'],
    ['a config that is not an object', { driver: { entrypoint: 'memory', config: 'x' } }, 'session.driver.config'],
  ])('refuses %s at renderer() time (InvalidOption)', (_name, session, option) => {
    expect(() => renderer({ session: session as never })).toThrow(expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining(option) }));
  });

  it('sessionDrivers makes Astro 6’s shape', () => {
    expect(sessionDrivers.redis({ url: 'redis://x' })).toEqual({ entrypoint: 'redis', config: { url: 'redis://x' } });
    expect((sessionDrivers as unknown as { then?: unknown }).then).toBeUndefined();
  });
});
