// Sessions on a real Redis shared by two app instances (two servers, as two machines would be),
// Redis restarted mid-test. Needs REDIS_URL (set by .ci/run); otherwise reported SKIPPED.
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import request from 'supertest';
import { describeEachHost, isExpress, isKoa, mount, type HostName, type Mounted, type NodeApp } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

const REDIS_URL = process.env.REDIS_URL;
if (!REDIS_URL) console.warn('SKIPPED: Redis session host tests need REDIS_URL (bash .ci/run starts a redis-server and sets it).');

const routes: RendererOptions['routes'] = {
  '/login': { POST: async ({ session, request: req }: APIContext) => { session!.set('user', await req.text()); return new Response('in'); } },
  '/me': { GET: async ({ session }: APIContext) => Response.json({ user: (await session!.get('user')) ?? null }) },
};

/** The host's error handling answers `<error name>` with the error's status (or 500). */
function appOn(host: HostName, url: string) {
  const answer = (err: Error & { status?: number }, res: http.ServerResponse) => res.writeHead(err.status ?? 500).end(`${err.name}`);
  const options: RendererOptions = { routes, session: { driver: 'redis', options: { url }, timeout: 500 } };
  let server: Mounted;
  if (isExpress(host)) {
    server = mount(host, options, {
      errors: 'none',
      after: (app) => app.use((err: Error & { status?: number }, _req: unknown, res: http.ServerResponse, _next: unknown) => answer(err, res)),
    });
  } else if (isKoa(host)) {
    server = mount(host, options, {
      errors: 'none',
      fallThrough: false,
      before: (app) =>
        app.use(async (ctx: { status: number; body: unknown }, next: () => Promise<void>) => {
          try {
            await next();
          } catch (err) {
            ctx.status = (err as { status?: number }).status ?? 500;
            ctx.body = (err as Error).name;
          }
        }),
    });
  } else {
    server = mount(host, options, {
      errors: 'none',
      before: (app: NodeApp) => {
        app.onError = (err, _req, res) => answer(err as Error & { status?: number }, res);
      },
    });
  }
  return { server, bridge: server.bridge };
}

// The column's host logs in; another host (Koa 3, or Express 5 for the Koa columns) reads the session.
describeEachHost('sessions on a shared Redis, from %s', (host) => {
  const reader: HostName = isKoa(host) ? 'express5' : 'koa3';
  (REDIS_URL ? it : it.skip)(`a login made on one instance (${host}) is read on another (${reader})`, async () => {
    const a = appOn(host, REDIS_URL!);
    const b = appOn(reader, REDIS_URL!);
    try {
      const login = await request(a.server).post('/login').set('content-type', 'text/plain').send('grace').expect(200);
      const id = ((login.headers['set-cookie'] as unknown as string[])[0] ?? '').split(';')[0]!;
      expect((await request(b.server).get('/me').set('cookie', id)).body).toEqual({ user: 'grace' });
    } finally {
      await a.bridge.close();
      await b.bridge.close();
    }
  });
});

// A Redis of our own, so it can be stopped and started again.
async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); }).on('error', () => resolve(false));
    });
    if (up) return child;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}
const stop = (child: ChildProcess) => new Promise<void>((resolve) => { child.once('exit', () => resolve()); child.kill('SIGKILL'); });

describeEachHost('Redis stopped and restarted on %s', (host) => {
  (REDIS_URL ? it : it.skip)('answers 503 through the host error handler within the timeout, then recovers', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const app = appOn(host, `redis://127.0.0.1:${port}`);
    try {
      const login = await request(app.server).post('/login').set('content-type', 'text/plain').send('alan').expect(200);
      const id = ((login.headers['set-cookie'] as unknown as string[])[0] ?? '').split(';')[0]!;
      await stop(redis);
      const down = await request(app.server).get('/me').set('cookie', id).timeout(5000);
      expect(down.status).toBe(503);
      expect(down.text).toBe('SessionStorageUnavailable');
      redis = await startRedis(port);
      // The data went with the killed server (no persistence): the session starts afresh, and works.
      let recovered: request.Response | undefined;
      for (let i = 0; i < 30 && recovered?.status !== 200; i++) {
        recovered = await request(app.server).post('/login').set('content-type', 'text/plain').send('alan').timeout(5000);
        if (recovered.status !== 200) await new Promise((r) => setTimeout(r, 200));
      }
      expect(recovered!.status).toBe(200);
    } finally {
      await app.bridge.close();
      await stop(redis);
    }
  }, 30000);
});
