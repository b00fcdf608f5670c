// Sessions on a real Redis server. Run with REDIS_URL set, e.g.
//   redis-server --port 6391 --save '' --appendonly no --daemonize yes
//   REDIS_URL=redis://127.0.0.1:6391 npx jest __tests__/session
//   redis-cli -p 6391 shutdown nosave
// The outage test also starts (and kills, and restarts) its own redis-server on a free port.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import Redis from 'ioredis';
import { Browser, setup, sleep } from '../../helpers/session';
import type { SessionConfig } from '../../../lib/core/session';

const REDIS_URL = process.env.REDIS_URL;
const REDIS_SERVER = process.env.REDIS_SERVER ?? 'redis-server';

if (!REDIS_URL) {
  console.warn(
    'SKIPPED: Redis session tests need REDIS_URL (e.g. `redis-server --port 6391 --save "" --appendonly no --daemonize yes` ' +
      'then `REDIS_URL=redis://127.0.0.1:6391 npx jest __tests__/session`).',
  );
}

const describeRedis = REDIS_URL ? describe : describe.skip;

describeRedis('sessions on Redis (REDIS_URL)', () => {
  const prefix = `astro-bridge-test-${process.pid}-${Date.now()}`;
  let raw: Redis;
  let run = 0;

  beforeAll(() => {
    raw = new Redis(REDIS_URL!);
  });

  afterAll(async () => {
    const keys = await raw.keys(`${prefix}*`);
    if (keys.length > 0) await raw.del(...keys);
    await raw.quit();
  });

  // Two app instances (two storages, two ioredis clients) sharing one Redis, as behind a load balancer.
  const twoApps = (extra: SessionConfig = {}) => {
    const base = `${prefix}-${++run}`;
    const config: SessionConfig = { driver: 'redis', options: { url: REDIS_URL, base }, ...extra };
    const a = setup(config);
    const b = setup(config);
    return { a: new Browser(a.config, a.storage), b: new Browser(b.config, b.storage), key: (id: string) => `${base}:${id}` };
  };

  it('a value set through one instance is read through the other', async () => {
    const { a, b, key } = twoApps();
    await a.request((s) => s.set('user', { id: 7, since: new Date(0), roles: new Set(['admin']) }));
    expect(await raw.exists(key(a.cookie!))).toBe(1);
    b.cookie = a.cookie;
    expect(await b.request((s) => s.get('user'))).toEqual({ id: 7, since: new Date(0), roles: new Set(['admin']) });
    await b.request((s) => s.set('cart', ['book']));
    expect(await a.request((s) => s.entries())).toEqual([
      ['user', { id: 7, since: new Date(0), roles: new Set(['admin']) }],
      ['cart', ['book']],
    ]);
  });

  it('regenerate() on one instance moves the record; destroy() on the other removes it', async () => {
    const { a, b, key } = twoApps();
    await a.request((s) => s.set('n', 1));
    const oldId = a.cookie!;
    b.cookie = oldId;
    await b.request((s) => s.regenerate());
    expect(b.cookie).not.toBe(oldId);
    expect(await raw.exists(key(oldId))).toBe(0);
    expect(await a.request((s) => s.get('n'))).toBeUndefined(); // the old ID is dead
    a.cookie = b.cookie;
    expect(await a.request((s) => s.get('n'))).toBe(1);
    await a.request((s) => s.destroy());
    expect(await raw.exists(key(b.cookie!))).toBe(0);
    expect(await b.request((s) => s.get('n'))).toBeUndefined();
  });

  it('interleaved requests on the two instances keep both keys', async () => {
    const { a, b } = twoApps();
    await a.request((s) => s.set('k0', 0));
    b.cookie = a.cookie;
    const ra = a.open();
    const rb = b.open();
    await Promise.all([ra.session.get('k0'), rb.session.get('k0')]);
    ra.session.set('k1', 1);
    rb.session.set('k2', 2);
    await ra.session.persist();
    await rb.session.persist();
    expect(Object.fromEntries(await a.request((s) => s.entries()))).toEqual({ k0: 0, k1: 1, k2: 2 });
  });

  it('ttl becomes a Redis expiry (EX), and Redis drops the record', async () => {
    const { a, b, key } = twoApps({ ttl: 1 });
    await a.request((s) => s.set('short', 'lived'));
    const id = a.cookie!;
    expect(await raw.ttl(key(id))).toBe(1);
    b.cookie = id;
    expect(await b.request((s) => s.get('short'))).toBe('lived');
    await sleep(1600);
    expect(await raw.exists(key(id))).toBe(0);
    expect(await b.request((s) => s.get('short'))).toBeUndefined();
    await b.request((s) => s.set('new', 1));
    expect(b.cookie).not.toBe(id);
  });

  it('without ttl the record does not expire', async () => {
    const { a, key } = twoApps();
    await a.request((s) => s.set('k', 1));
    expect(await raw.ttl(key(a.cookie!))).toBe(-1);
  });

  describe('when Redis goes away and comes back (a dedicated redis-server)', () => {
    const hasServer = spawnSync(REDIS_SERVER, ['--version']).status === 0;
    if (!hasServer) console.warn(`SKIPPED: the Redis outage test needs the ${REDIS_SERVER} binary (set REDIS_SERVER to its path).`);
    const itServer = hasServer ? it : it.skip;
    let server: ChildProcess | undefined;

    const start = async (port: number) => {
      server = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      const probe = new Redis({ port, host: '127.0.0.1', lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      for (let i = 0; i < 100; i++) {
        try {
          await probe.connect();
          await probe.ping();
          break;
        } catch {
          await sleep(50);
        }
      }
      probe.disconnect();
    };
    const stop = async () => {
      const child = server;
      server = undefined;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    };

    afterEach(stop);

    itServer('fails fast with SessionStorageUnavailable (503), then recovers', async () => {
      const port = await freePort();
      await start(port);
      const { config, storage } = setup({ driver: 'redis', options: { url: `redis://127.0.0.1:${port}` }, timeout: 500 });
      const browser = new Browser(config, storage);
      await browser.request((s) => s.set('before', 1));
      expect(await browser.request((s) => s.get('before'))).toBe(1);

      // Stopped in the middle of a request: the read worked, the save cannot.
      const { session } = browser.open();
      expect(await session.get('before')).toBe(1);
      await stop();
      session.set('during', 2);
      let started = Date.now();
      await expect(session.persist()).rejects.toThrow(expect.objectContaining({ name: 'SessionStorageUnavailable', status: 503 }));
      expect(Date.now() - started).toBeLessThan(2000);

      // While it is down, every request fails within the timeout.
      started = Date.now();
      await expect(browser.request((s) => s.get('before'))).rejects.toThrow(/failed to read the session/);
      expect(Date.now() - started).toBeLessThan(2000);

      // Back (empty: no persistence configured): sessions work again without a restart of the app.
      await start(port);
      let recovered = false;
      for (let i = 0; i < 60 && !recovered; i++) {
        try {
          await browser.request((s) => s.set('after', 3));
          recovered = true;
        } catch {
          await sleep(250);
        }
      }
      expect(recovered).toBe(true);
      expect(await browser.request((s) => s.get('after'))).toBe(3);
      await storage.close();
    });
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
