// The middleware contract, ported from the observed behaviour of Astro 5.18.2's callMiddleware
// and sequence (behaviour notes §9.3), with the deliberate difference that a second next() throws.
import { callMiddleware } from '../../../lib/core/middleware/call';
import { sequence } from '../../../lib/core/middleware/sequence';
import { defineMiddleware } from '../../../lib/core/middleware/define';
import type { APIContext, MiddlewareHandler } from '../../../lib/types';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function harness() {
  let renders = 0;
  const payloads: unknown[] = [];
  const terminal = async (payload?: unknown) => {
    renders++;
    payloads.push(payload);
    return new Response(`page${renders}`);
  };
  const context = { locals: { count: 0 } } as unknown as APIContext & { locals: { count: number } };
  return { terminal, context, renders: () => renders, payloads };
}

type Case = [string, MiddlewareHandler, { status?: number; body?: string; error?: string; renders: number }];

const cases: Case[] = [
  ['(c,n) => n()', (_c, n) => n(), { status: 200, body: 'page1', renders: 1 }],
  ['(c,n) => { n(); }', (_c, n) => void n(), { status: 200, body: 'page1', renders: 1 }],
  ['async (c,n) => { await n(); }', async (_c, n) => void (await n()), { status: 200, body: 'page1', renders: 1 }],
  ['(c,n) => {}', () => undefined, { error: 'MiddlewareNoDataOrNextCalled', renders: 0 }],
  ["(c,n) => 'hello'", (() => 'hello') as unknown as MiddlewareHandler, { error: 'MiddlewareNotAResponse', renders: 0 }],
  ["async (c,n) => { await n(); return 'x'; }", (async (_c: APIContext, n: () => Promise<Response>) => { await n(); return 'x'; }) as unknown as MiddlewareHandler, { error: 'MiddlewareNotAResponse', renders: 1 }],
  ['(c,n) => new Response(own, 201)', () => new Response('own', { status: 201 }), { status: 201, body: 'own', renders: 0 }],
  ['wraps the page', async (_c, n) => new Response(`wrapped:${await (await n()).text()}`), { status: 200, body: 'wrapped:page1', renders: 1 }],
  ['throws', () => { throw new Error('boom'); }, { error: 'Error', renders: 0 }],
  ['calls next twice (differs from Astro: refused)', async (_c, n) => { await n(); return n(); }, { error: 'MiddlewareNextCalledTwice', renders: 1 }],
];

describe('callMiddleware', () => {
  it.each(cases)('%s', async (_name, handler, expected) => {
    const { terminal, context, renders } = harness();
    const run = callMiddleware(handler, context, terminal);
    if (expected.error) {
      await expect(run).rejects.toMatchObject({ name: expected.error });
    } else {
      const response = await run;
      expect(response.status).toBe(expected.status);
      expect(await response.text()).toBe(expected.body);
    }
    expect(renders()).toBe(expected.renders);
  });

  it('passes a rewrite payload to the terminal function', async () => {
    const { terminal, context, payloads } = harness();
    await callMiddleware((_c, n) => n('/x'), context, terminal);
    expect(payloads).toEqual(['/x']);
  });

  it('gives MiddlewareNoDataOrNextCalled a message that says what to do', async () => {
    const { terminal, context } = harness();
    await expect(callMiddleware(() => undefined, context, terminal)).rejects.toThrow(/returns a `Response`/);
  });
});

describe('sequence', () => {
  it('is a pass-through without handlers, and skips falsy entries', async () => {
    for (const mw of [sequence(), sequence(null, undefined, (_c, n) => n())]) {
      const { terminal, context, renders } = harness();
      expect(await (await callMiddleware(mw, context, terminal)).text()).toBe('page1');
      expect(renders()).toBe(1);
    }
  });

  it('throws MiddlewareNoDataOrNextCalled when a handler in the middle returns nothing', async () => {
    const { terminal, context, renders } = harness();
    const mw = sequence((_c, n) => n(), () => undefined, (_c, n) => n());
    await expect(callMiddleware(mw, context, terminal)).rejects.toMatchObject({ name: 'MiddlewareNoDataOrNextCalled' });
    expect(renders()).toBe(0);
  });

  it('tracks a next() that was neither awaited nor returned (Astro 5 loses this race)', async () => {
    const { terminal, context } = harness();
    const mw = sequence(
      async (_c, n) => void n(),
      async (_c, n) => {
        await sleep(10);
        return n();
      },
    );
    const response = await callMiddleware(mw, context, terminal);
    expect(await response.text()).toBe('page1');
  });

  it('runs handlers in order: the console-order example of the middleware guide', async () => {
    const log: string[] = [];
    const { terminal, context } = harness();
    const validation = defineMiddleware(async (_c, next) => {
      log.push('validation request');
      const response = await next();
      log.push('validation response');
      return response;
    });
    const auth = defineMiddleware(async (_c, next) => {
      log.push('auth request');
      const response = await next();
      log.push('auth response');
      return response;
    });
    const greeting = defineMiddleware(async (_c, next) => {
      log.push('greeting request');
      const response = await next();
      log.push('greeting response');
      return response;
    });
    await callMiddleware(sequence(validation, auth, greeting), context, terminal);
    expect(log).toEqual([
      'validation request',
      'auth request',
      'greeting request',
      'greeting response',
      'auth response',
      'validation response',
    ]);
  });

  it('nests sequences', async () => {
    const log: string[] = [];
    const tag = (name: string): MiddlewareHandler => async (_c, next) => {
      log.push(name);
      return next();
    };
    const { terminal, context } = harness();
    await callMiddleware(sequence(tag('a'), sequence(tag('b'), sequence(tag('c'))), tag('d')), context, terminal);
    expect(log).toEqual(['a', 'b', 'c', 'd']);
  });

  it('shares one context (locals) across handlers', async () => {
    const { terminal, context } = harness();
    const mw = sequence(
      async (c, n) => {
        (c.locals as { count: number }).count++;
        return n();
      },
      async (c, n) => {
        (c.locals as { count: number }).count++;
        await n();
        return new Response(`count=${(c.locals as { count: number }).count}`);
      },
    );
    expect(await (await callMiddleware(mw, context, terminal)).text()).toBe('count=2');
  });

  it('carries a rewrite payload to the terminal function for a context it did not create', async () => {
    const { terminal, context, payloads } = harness();
    await callMiddleware(sequence((_c, n) => n('/elsewhere'), (_c, n) => n()), context, terminal);
    expect(payloads).toEqual(['/elsewhere']);
  });

  it('defineMiddleware returns the handler unchanged', () => {
    const fn: MiddlewareHandler = (_c, n) => n();
    expect(defineMiddleware(fn)).toBe(fn);
  });
});
