import net from 'node:net';
import memoryDriver from 'unstorage/drivers/memory';
import type { Driver } from 'unstorage';
import { isAstroBridgeError } from '../../../lib/core/errors/errors';
import { Browser, hangingDriver, setup } from '../../helpers/session';

async function rejection(promise: Promise<unknown>): Promise<Error & { status?: number; cause?: unknown }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { status?: number };
  }
  throw new Error('expected a rejection');
}

/** A TCP port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('a storage that never answers', () => {
  const app = () => {
    const { config, storage } = setup({ driver: hangingDriver(), timeout: 100 });
    const browser = new Browser(config, storage);
    browser.cookie = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
    return browser;
  };

  it.each([
    ['get()', (b: Browser) => b.open().session.get('a')],
    ['has()', (b: Browser) => b.open().session.has('a')],
    ['regenerate()', (b: Browser) => b.open().session.regenerate()],
    ['load()', (b: Browser) => b.open().session.load('0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b')],
    ['persist() after set()', (b: Browser) => {
      const { session } = b.open();
      session.set('a', 1);
      return session.persist();
    }],
    ['persist() after destroy()', (b: Browser) => {
      const { session } = b.open();
      session.destroy();
      return session.persist();
    }],
  ])('%s rejects with SessionStorageUnavailable (503) within the timeout', async (_label, call) => {
    const started = Date.now();
    const error = await rejection(call(app()));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(isAstroBridgeError(error)).toBe(true);
    expect(error.name).toBe('SessionStorageUnavailable');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/driver `hanging`\) failed to (read|save|remove) the session: no answer within 100 ms/);
  });

  it('uses 2 s by default', async () => {
    const { config } = setup({ driver: hangingDriver() });
    expect(config.timeout).toBe(2000);
  });
});

describe('a storage that fails', () => {
  const failing = (message: string): Driver => {
    const fail = async () => {
      throw new Error(message);
    };
    return { name: 'failing', hasItem: fail, getItem: fail, getKeys: fail, setItem: fail, removeItem: fail };
  };

  it('reports the driver error as SessionStorageUnavailable, with the cause', async () => {
    const { config, storage } = setup({ driver: failing('connection reset') });
    const { session } = new Browser(config, storage).open();
    session.set('a', 1);
    const error = await rejection(session.persist());
    expect(error.name).toBe('SessionStorageUnavailable');
    expect(error.message).toContain('connection reset');
    expect((error.cause as Error).message).toBe('connection reset');
  });

  it('a failed removal (destroy) is not reported as success, and is retried by the next persist()', async () => {
    const inner = memoryDriver();
    let fail = true;
    const driver: Driver = {
      ...inner,
      name: 'flaky',
      removeItem: async (key) => {
        if (fail) throw new Error('down');
        return inner.removeItem!(key, {});
      },
    };
    const { config, storage } = setup({ driver });
    const browser = new Browser(config, storage);
    await browser.request((s) => s.set('a', 1));
    const id = browser.cookie!;
    const { session } = browser.open();
    session.destroy();
    await expect(session.persist()).rejects.toThrow(/down/);
    expect(await storage.getItem(id)).not.toBeNull();
    fail = false;
    await session.persist();
    expect(await storage.getItem(id)).toBeNull();
  });

  it('regenerate() does not go on without the data when the storage is down', async () => {
    const { config, storage } = setup({ driver: failing('down') });
    const browser = new Browser(config, storage);
    browser.cookie = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
    await expect(browser.open().session.regenerate()).rejects.toThrow(expect.objectContaining({ name: 'SessionStorageUnavailable' }));
  });

  it('regenerate() starts afresh when the stored data is unreadable (as Astro does)', async () => {
    const { config, storage } = setup();
    const browser = new Browser(config, storage);
    await browser.request((s) => s.set('a', 1));
    const id = browser.cookie!;
    await storage.setItem(id, 'not devalue');
    await browser.request(async (s) => {
      await s.regenerate();
      s.set('b', 2);
    });
    expect(browser.cookie).not.toBe(id);
    expect(await storage.getItem(id)).toBeNull(); // the unreadable record was destroyed
    expect(Object.fromEntries(await browser.request((s) => s.entries()))).toEqual({ b: 2 });
  });

  it('a driver factory that throws gives SessionStorageInitError', async () => {
    const { config, storage } = setup({
      driver: (() => {
        throw new Error('bad options');
      }) as never,
    });
    const { session } = new Browser(config, storage).open();
    session.set('a', 1);
    await expect(session.persist()).rejects.toThrow(expect.objectContaining({ name: 'SessionStorageInitError', message: expect.stringContaining('bad options') }));
  });

  it('an fs base that cannot be created fails with SessionStorageUnavailable', async () => {
    const { config, storage } = setup({ driver: 'fs', options: { base: '/dev/null/sessions' } });
    const { session } = new Browser(config, storage).open();
    session.set('a', 1);
    await expect(session.persist()).rejects.toThrow(expect.objectContaining({ name: 'SessionStorageUnavailable' }));
  });

  it('after close(), calls reject and close() can be called again', async () => {
    const { config, storage } = setup();
    const browser = new Browser(config, storage);
    await browser.request((s) => s.set('a', 1));
    await storage.close();
    await storage.close();
    await expect(browser.request((s) => s.get('a'))).rejects.toThrow(/the session storage was closed/);
  });
});

describe('a Redis that is not there (no server needed)', () => {
  it('fails within the timeout with the connection error, and closes cleanly', async () => {
    const port = await closedPort();
    const { config, storage } = setup({ driver: 'redis', options: { url: `redis://127.0.0.1:${port}` }, timeout: 300 });
    const browser = new Browser(config, storage);
    browser.cookie = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
    const started = Date.now();
    const error = await rejection(browser.open().session.get('a'));
    expect(Date.now() - started).toBeLessThan(1500);
    expect(error.name).toBe('SessionStorageUnavailable');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/driver `redis`\) failed to read the session: no answer within 300 ms \(.*ECONNREFUSED/);
    await storage.close();
  });
});
