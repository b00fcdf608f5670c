// Sessions through the real hosts: login/logout with Express 4/5 and Koa 2/3 (memory driver),
// laziness on the wire, forged ids, errors reaching the host's error handling.
import http from 'node:http';
import request from 'supertest';
import { close, describeEachHost, mount } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

const routes: RendererOptions['routes'] = {
  '/login': {
    POST: async ({ session, request: req }: APIContext) => {
      await session!.regenerate();
      session!.set('user', { name: await req.text(), since: new Date(0) });
      return new Response('in');
    },
  },
  '/me': { GET: async ({ session }: APIContext) => Response.json((await session!.get('user')) ?? null) },
  '/logout': { POST: ({ session }: APIContext) => { session!.destroy(); return new Response('out'); } },
  '/plain': { GET: () => new Response('no session touched') },
  '/counter': {
    POST: async ({ session }: APIContext) => {
      const n = ((await session!.get('n')) as number | undefined) ?? 0;
      session!.set('n', n + 1);
      session!.set('n', n + 1); // set twice: saved once
      return Response.json(n + 1);
    },
  },
};

const sessionCookie = (res: request.Response) =>
  ((res.headers['set-cookie'] as unknown as string[] | undefined) ?? []).find((c) => c.startsWith('astro-session='));

describeEachHost('sessions on %s', (host) => {
  let server: http.Server;
  beforeAll(() => {
    server = mount(host, { routes, session: { ttl: 60 } });
  });
  afterAll(() => close(server));

  it('logs a user in and out; the cookie holds only an unguessable id, HttpOnly, SameSite=Lax, Path=/', async () => {
    const login = await request(server).post('/login').set('content-type', 'text/plain').send('ada').expect(200);
    const cookie = sessionCookie(login)!;
    expect(cookie).toMatch(/^astro-session=[0-9a-f-]{36}; Path=\/; HttpOnly; SameSite=Lax$/);
    const id = cookie.split(';')[0]!;
    const me = await request(server).get('/me').set('cookie', id).expect(200);
    expect(me.body).toEqual({ name: 'ada', since: '1970-01-01T00:00:00.000Z' });
    const logout = await request(server).post('/logout').set('cookie', id).expect(200);
    expect(sessionCookie(logout)).toMatch(/^astro-session=deleted;/);
    expect((await request(server).get('/me').set('cookie', id)).body).toBeNull();
  });

  it('does no session work and sets no cookie for a request that never touches it', async () => {
    const res = await request(server).get('/plain').expect(200);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('never adopts a forged or unknown id', async () => {
    for (const forged of ['astro-session=attacker-chosen', 'astro-session=00000000-0000-4000-8000-000000000000', 'astro-session=%E0%A4%A']) {
      const res = await request(server).post('/counter').set('cookie', forged).expect(200);
      const issued = sessionCookie(res)!;
      expect(issued).toBeDefined();
      expect(issued.split(';')[0]).not.toBe(forged);
    }
  });

  it('keeps data across requests and saves repeated sets once', async () => {
    const first = await request(server).post('/counter').expect(200);
    const id = sessionCookie(first)!.split(';')[0]!;
    const second = await request(server).post('/counter').set('cookie', id).expect(200);
    expect([first.body, second.body]).toEqual([1, 2]);
  });

  it('marks the cookie Secure when the request is HTTPS (behind a trusted proxy)', async () => {
    const trusted = mount(host, { routes, session: {} }, { trustProxy: true });
    try {
      const res = await request(trusted).post('/counter').set('x-forwarded-proto', 'https').expect(200);
      expect(sessionCookie(res)).toMatch(/; Secure/);
    } finally {
      await close(trusted);
    }
  });
});

describe('session option validation', () => {
  it('fails at renderer() time for an unknown driver or a bad cookie name', () => {
    expect(() => mount('express5', { session: { driver: 'nope' as never } })).toThrow(/session/);
    expect(() => mount('koa3', { session: { cookie: 'bad name' } })).toThrow(/cookie/);
  });

  it('leaves context.session undefined without the option, as Astro does', async () => {
    const server = mount('express5', { routes: { '/s': { GET: ({ session }: APIContext) => Response.json({ s: session === undefined }) } } });
    try {
      expect((await request(server).get('/s')).body).toEqual({ s: true });
    } finally {
      await close(server);
    }
  });
});
