import { parse as devalueParse, stringify as devalueStringify } from 'devalue';
import { Browser, setup, tempDir } from '../../helpers/session';
import type { SessionConfig } from '../../../lib/core/session';

const dir = tempDir();
const drivers: Array<[string, SessionConfig]> = [
  ['memory', { driver: 'memory' }],
  ['fs', { driver: 'fs', options: { base: dir } }],
];

class Point {
  constructor(
    readonly x: number,
    readonly y: number,
  ) {}
}

describe.each(drivers)('devalue round trips through the %s driver', (_name, config) => {
  const app = () => {
    const { config: resolved, storage } = setup(config);
    return new Browser(resolved, storage);
  };

  it.each([
    ['a Date', new Date('2024-02-29T12:34:56.789Z')],
    ['a Map', new Map<unknown, unknown>([['a', 1], [2, { b: [3] }]])],
    ['a Set', new Set(['x', 1, null])],
    ['a URL', new URL('https://example.com/a?b=1#c')],
    ['a BigInt', 12345678901234567890n],
    ['a RegExp', /ab+c/gi],
    ['undefined in an object', { a: undefined, b: 1 }],
    ['NaN, -0 and Infinity', [Number.NaN, -0, Infinity]],
    ['a nested object', { user: { id: 1, roles: ['admin'], since: new Date(0), prefs: new Map([['theme', 'dark']]) } }],
    ['a string with markup', '</script><script>alert(1)</script>'],
  ])('%s', async (_label, value) => {
    const browser = app();
    await browser.request((s) => s.set('value', value));
    const read = await browser.request((s) => s.get('value'));
    expect(read).toEqual(value);
    if (value instanceof Date || value instanceof Map || value instanceof Set || value instanceof URL || value instanceof RegExp) {
      expect(Object.getPrototypeOf(read)).toBe(Object.getPrototypeOf(value));
    }
  });

  it('a cyclic structure', async () => {
    const browser = app();
    const node: { name: string; self?: unknown } = { name: 'loop' };
    node.self = node;
    await browser.request((s) => s.set('node', node));
    const read = (await browser.request((s) => s.get('node'))) as typeof node;
    expect(read.self).toBe(read);
  });
});

describe('set() copies the value', () => {
  it('later changes to the original are neither visible nor stored', async () => {
    const { config, storage } = setup();
    const browser = new Browser(config, storage);
    const cart = { items: ['a'] };
    await browser.request(async (s) => {
      s.set('cart', cart);
      cart.items.push('b');
      expect(await s.get('cart')).toEqual({ items: ['a'] });
    });
    expect(await browser.request((s) => s.get('cart'))).toEqual({ items: ['a'] });
  });

  it.each([
    ['a function', { fn() {} }],
    ['a class instance', new Point(1, 2)],
    ['a symbol', Symbol('x')],
  ])('%s throws SessionStorageSaveError at set() time, with the devalue hint', async (_label, value) => {
    const { config, storage } = setup();
    const { session } = new Browser(config, storage).open();
    let error: (Error & { hint?: string; cause?: unknown }) | undefined;
    try {
      session.set('bad', value);
    } catch (caught) {
      error = caught as typeof error;
    }
    expect(error?.name).toBe('SessionStorageSaveError');
    expect(error?.message).toContain('The session data for bad could not be serialized.');
    expect(error?.hint).toContain('https://github.com/rich-harris/devalue');
    expect(error?.cause).toBeDefined();
    expect(await session.has('bad')).toBe(false);
  });
});

describe('the stored format', () => {
  it("is Astro 5's: a devalue Map of { data, expires? } entries, URLs with Astro's reducer", async () => {
    const { config, storage } = setup({ ttl: 60 });
    const browser = new Browser(config, storage);
    const before = Date.now();
    await browser.request((s) => {
      s.set('url', new URL('https://example.com/'));
      s.set('n', 1);
    });
    const raw = await storage.getItem(browser.cookie!);
    const map = devalueParse(JSON.stringify(raw), { URL: (href: string) => new URL(href) }) as Map<string, { data: unknown; expires: number }>;
    expect(map).toBeInstanceOf(Map);
    expect(map.get('url')!.data).toEqual(new URL('https://example.com/'));
    expect(map.get('n')!.data).toBe(1);
    expect(map.get('n')!.expires).toBeGreaterThanOrEqual(before + 60_000);
    expect(map.get('n')!.expires).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('reads a record written the way Astro writes it', async () => {
    const { config, storage } = setup();
    const seed = new Browser(config, storage);
    await seed.request((s) => s.set('seed', 1)); // a real ID in storage
    const astroText = devalueStringify(new Map([['when', { data: new Date(5) }], ['where', { data: new URL('https://a.b/') }]]), {
      URL: (v: unknown) => v instanceof URL && v.href,
    });
    await storage.setItem(seed.cookie!, astroText);
    expect(await seed.request((s) => s.get('when'))).toEqual(new Date(5));
    expect(await seed.request((s) => s.get('where'))).toEqual(new URL('https://a.b/'));
  });
});
