import request from 'supertest';
import type { MiddlewareHandler, RendererOptions } from '../../lib/types';
import { describeEachHost, isExpress, serve } from './support';

// A middleware or handler that never answers must not hold the request (and its socket) for
// ever: with `timeout`, the request answers 503 RequestTimeout, and a Response that comes later
// is not sent: its body is cancelled, so its producer stops.

describeEachHost('timeout on %s', (host) => {
  it('middleware that never resolves: 503 after `timeout`', async () => {
    const stuck: MiddlewareHandler = (context, next) => (context.url.pathname === '/stuck' ? new Promise<Response>(() => {}) : next());
    const served = await serve(host, { routes: { '/ok': { GET: () => new Response('ok') } }, middleware: stuck, timeout: 50 } as RendererOptions);
    try {
      const res = await request(served.base).get('/stuck');
      expect(res.status).toBe(503);
      await request(served.base).get('/ok').expect(200, 'ok');
    } finally {
      await served.close();
    }
  });

  it('a Response that comes after the 503 is never sent, and its body is cancelled', async () => {
    let finish!: () => void;
    const gate = new Promise<void>((resolve) => (finish = resolve));
    let cancelled = 0;
    const routes = {
      '/late': {
        GET: async () => {
          await gate;
          return new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(8)), cancel: () => void cancelled++ }));
        },
      },
    };
    const served = await serve(host, { routes, timeout: 50 } as RendererOptions);
    try {
      await request(served.base).get('/late').expect(503);
      finish();
      for (let i = 0; i < 50 && cancelled === 0; i++) await new Promise((resolve) => setImmediate(resolve));
      expect(cancelled).toBe(1);
    } finally {
      await served.close();
    }
  });

  if (host !== 'node') {
    it('a host route that never answers, behind middleware: 503', async () => {
      const served = await serve(host, { routes: {}, middleware: (_c, next) => next(), timeout: 50 } as RendererOptions, {
        after(app: { get: Function; use: Function }) {
          if (isExpress(host)) app.get('/hang', () => {});
          else app.use((ctx: { path: string }, next: () => Promise<void>) => (ctx.path === '/hang' ? new Promise(() => {}) : next()));
        },
      });
      try {
        expect((await request(served.base).get('/hang')).status).toBe(503);
      } finally {
        await served.close();
      }
    });
  }
});

describe('the timeout option', () => {
  const { resolveOptions } = jest.requireActual('../../lib/core/pipeline/options') as typeof import('../../lib/core/pipeline/options');
  it.each([0, -5, NaN, '1s'])('refuses %p (InvalidOption)', (value) => {
    expect(() => resolveOptions({ timeout: value as number })).toThrow(expect.objectContaining({ name: 'InvalidOption' }));
  });
  it('defaults to no limit', () => expect(resolveOptions({}).timeout).toBe(Infinity));
});
