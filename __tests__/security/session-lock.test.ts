import type { Driver } from 'unstorage';
import { isAstroBridgeError } from '../../lib/core/errors/errors';
import { Browser, hangingDriver, setup } from '../helpers/session';
import request from 'supertest';
import { describeEachHost, serve } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

// Measured on main with Redis down: saves of one session queued behind its lock without a time
// limit (timeout 2 s, a 20 s outage, requests waiting up to 15.6 s). The whole save, lock wait
// included, must fail within `timeout` with the 503. Fake timers: no wall-clock thresholds.

afterEach(() => jest.useRealTimers());

function saves(count: number, driver: Driver, timeout: number) {
  const { config, storage } = setup({ driver, timeout });
  const browser = new Browser(config, storage);
  browser.cookie = '0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
  const settled: unknown[] = [];
  const all = Array.from({ length: count }, (_, i) => {
    const { session } = browser.open();
    session.set(`k${i}`, i);
    return session.persist().then(
      () => settled.push('ok'),
      (error: unknown) => settled.push(error),
    );
  });
  return { settled, all, storage };
}

describe('session saves behind one lock', () => {
  it('every queued save of a session that hangs fails within `timeout` of its own start', async () => {
    jest.useFakeTimers();
    const { settled, all } = saves(5, hangingDriver(), 100);
    await jest.advanceTimersByTimeAsync(100);
    // Without a deadline on the lock wait, only the first save has failed by now.
    expect(settled).toHaveLength(5);
    for (const error of settled) {
      expect(isAstroBridgeError(error)).toBe(true);
      expect(error).toMatchObject({ name: 'SessionStorageUnavailable', status: 503 });
    }
    await Promise.all(all);
  });

  it('a save that gave up waiting never writes later (no unacknowledged write out of order)', async () => {
    jest.useFakeTimers();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written: string[] = [];
    const data = new Map<string, string>();
    // The first write hangs until `release`; later ones would answer at once.
    const driver: Driver = {
      name: 'slow-first',
      hasItem: async (k) => data.has(k),
      getItem: async (k) => data.get(k) ?? null,
      getKeys: async () => [...data.keys()],
      removeItem: async (k) => void data.delete(k),
      setItem: async (k, v) => {
        if (written.length === 0) {
          written.push('first');
          await gate;
        } else written.push(v);
        data.set(k, v);
      },
    };
    const { settled, all } = saves(3, driver, 100);
    await jest.advanceTimersByTimeAsync(100);
    expect(settled).toHaveLength(3);
    release();
    await jest.advanceTimersByTimeAsync(10);
    await Promise.all(all);
    // Only the first write ran (and finished late); the two that timed out waiting never ran.
    expect(written).toEqual(['first']);
  });

  it('saves that get the lock in time still succeed one after another', async () => {
    const data = new Map<string, unknown>();
    const driver: Driver = {
      name: 'quick',
      hasItem: async (k) => data.has(k),
      getItem: async (k) => data.get(k) ?? null,
      getKeys: async () => [...data.keys()],
      removeItem: async (k) => void data.delete(k),
      setItem: async (k, v) => void data.set(k, v),
    };
    const { settled, all } = saves(5, driver, 2000);
    await Promise.all(all);
    expect(settled).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
  });
});

// The same bound through every host, with a store that never answers (no Redis needed): each of
// 20 concurrent saves of one session is answered with the 503 through the host's error handling,
// none waits behind the lock for the others.
describeEachHost('session saves to a store that never answers, on %s', (host) => {
  it('answers every concurrent save of one session with 503 SessionStorageUnavailable', async () => {
    const routes: RendererOptions['routes'] = {
      '/save/[key]': { POST: ({ session, params }: APIContext) => (session!.set(params.key!, true), new Response('saved')) },
    };
    const served = await serve(host, { routes, session: { driver: hangingDriver(), timeout: 150 } });
    try {
      const cookie = 'astro-session=0b7a4f4e-5d8c-4f6e-9a1b-2c3d4e5f6a7b';
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => request(served.base).post(`/save/k${i}`).set('cookie', cookie)));
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        // The standalone node listener answers with the status text; the others through the host's handler.
        if (host !== 'node') expect(answer.text).toContain('SessionStorageUnavailable');
      }
    } finally {
      await served.close();
    }
  });
});
