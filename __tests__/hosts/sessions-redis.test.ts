// Sessions on a real Redis shared by two app instances (two servers, as two machines would be),
// Redis restarted mid-test. Needs REDIS_URL (set by .ci/run); otherwise reported SKIPPED.
import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import request from 'supertest';
import { mount } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

const REDIS_URL = process.env.REDIS_URL;
const describeRedis = REDIS_URL ? describe : describe.skip;
if (!REDIS_URL) console.warn('SKIPPED: Redis session host tests need REDIS_URL (bash .ci/run starts a redis-server and sets it).');

const routes: RendererOptions['routes'] = {
  '/login': { POST: async ({ session, request: req }: APIContext) => { session!.set('user', await req.text()); return new Response('in'); } },
  '/me': { GET: async ({ session }: APIContext) => Response.json({ user: (await session!.get('user')) ?? null }) },
};

function expressApp(url: string) {
  const server = mount('express5', { routes, session: { driver: 'redis', options: { url }, timeout: 500 } }, {
    errors: 'none',
    after: (app) =>
      app.use((err: Error & { status?: number }, _req: unknown, res: http.ServerResponse, _next: unknown) => {
        res.writeHead(err.status ?? 500).end(`${err.name}`);
      }),
  });
  return { server, bridge: server.bridge };
}

function koaApp(url: string) {
  const server = mount('koa3', { routes, session: { driver: 'redis', options: { url }, timeout: 500 } }, { errors: 'none', fallThrough: false });
  return { server, bridge: server.bridge };
}

describeRedis('sessions on a shared Redis', () => {
  it('a login made on one instance (Express) is read on another (Koa)', async () => {
    const a = expressApp(REDIS_URL!);
    const b = koaApp(REDIS_URL!);
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

describeRedis('Redis stopped and restarted', () => {
  it('answers 503 through the host error handler within the timeout, then recovers', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    const app = expressApp(`redis://127.0.0.1:${port}`);
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
