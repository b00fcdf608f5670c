import path from 'node:path';
import memoryDriver from 'unstorage/drivers/memory';
import type { Driver } from 'unstorage';
import { Browser, setup, sleep, tempDir } from '../../helpers/session';
import type { SessionConfig } from '../../../lib/core/session';

const dir = tempDir();
let run = 0;

// A memory driver whose calls take a while, so concurrent persists really overlap.
function slowDriver(ms = 15): Driver {
  const inner = memoryDriver();
  const slow =
    <A extends unknown[]>(fn: (...args: A) => unknown) =>
    async (...args: A): Promise<any> => {
      await sleep(ms);
      return fn(...args);
    };
  return { ...inner, name: 'slow', getItem: slow(inner.getItem), setItem: slow(inner.setItem!), removeItem: slow(inner.removeItem!) };
}

const drivers: Array<[string, () => SessionConfig]> = [
  ['memory', () => ({ driver: 'memory' })],
  ['fs', () => ({ driver: 'fs', options: { base: path.join(dir, `t${++run}`) } })],
  ['slow memory', () => ({ driver: slowDriver() })],
];

describe.each(drivers)('concurrent requests of one session (%s)', (_name, config) => {
  // Two tabs of one browser: the same cookie, separate requests.
  const twoTabs = async () => {
    const { config: resolved, storage } = setup(config());
    const first = new Browser(resolved, storage);
    await first.request((s) => {
      s.set('k0', 'initial');
      s.set('shared', 'initial');
    });
    const second = new Browser(resolved, storage);
    second.cookie = first.cookie;
    return { first, second, storage };
  };

  it('two interleaved requests setting different keys both survive (persisted one after the other)', async () => {
    const { first, second } = await twoTabs();
    const a = first.open();
    const b = second.open();
    expect(await a.session.get('k0')).toBe('initial');
    expect(await b.session.get('k0')).toBe('initial');
    a.session.set('k1', 'from A');
    b.session.set('k2', 'from B');
    await a.session.persist();
    await b.session.persist();
    expect(Object.fromEntries(await first.request((s) => s.entries()))).toEqual({ k0: 'initial', shared: 'initial', k1: 'from A', k2: 'from B' });
  });

  it('... and persisted at the same time', async () => {
    const { first, second } = await twoTabs();
    const a = first.open();
    const b = second.open();
    await Promise.all([a.session.get('k0'), b.session.get('k0')]);
    a.session.set('k1', 'from A');
    b.session.set('k2', 'from B');
    await Promise.all([a.session.persist(), b.session.persist()]);
    const data = Object.fromEntries(await first.request((s) => s.entries()));
    expect(data).toMatchObject({ k1: 'from A', k2: 'from B' });
  });

  it('a delete in one request and a set in another both apply', async () => {
    const { first, second } = await twoTabs();
    const a = first.open();
    const b = second.open();
    await Promise.all([a.session.get('k0'), b.session.get('k0')]);
    a.session.delete('k0');
    b.session.set('k2', 'from B');
    await b.session.persist();
    await a.session.persist();
    expect(Object.fromEntries(await first.request((s) => s.entries()))).toEqual({ shared: 'initial', k2: 'from B' });
  });

  it('the same key: the last persist wins', async () => {
    const { first, second } = await twoTabs();
    const a = first.open();
    const b = second.open();
    a.session.set('shared', 'A');
    b.session.set('shared', 'B');
    await a.session.persist();
    await b.session.persist();
    expect(await first.request((s) => s.get('shared'))).toBe('B');
  });

  it('a concurrent destroy() wins: the other request does not resurrect the old ID', async () => {
    const { first, second, storage } = await twoTabs();
    const oldId = first.cookie!;
    const a = first.open();
    const b = second.open();
    expect(await b.session.get('k0')).toBe('initial');
    a.session.destroy();
    b.session.set('late', 1);
    await a.session.persist();
    await b.session.persist();
    second.receive(b.jar);
    expect(await storage.getItem(oldId)).toBeNull();
    expect(second.cookie).not.toBe(oldId);
    expect(Object.fromEntries(await second.request((s) => s.entries()))).toEqual({ late: 1 });
  });

  it('destroy() and a write persisted at the same time: the old ID is gone either way', async () => {
    const { first, second, storage } = await twoTabs();
    const oldId = first.cookie!;
    const a = first.open();
    const b = second.open();
    await b.session.get('k0');
    a.session.destroy();
    b.session.set('late', 1);
    await Promise.all([b.session.persist(), a.session.persist()]);
    expect(await storage.getItem(oldId)).toBeNull();
  });

  it('regenerate() and a write persisted at the same time: nothing stays under the old ID', async () => {
    const { first, second, storage } = await twoTabs();
    const oldId = first.cookie!;
    const a = first.open();
    const b = second.open();
    await Promise.all([a.session.regenerate(), b.session.get('k0')]);
    b.session.set('k2', 'from B');
    await Promise.all([a.session.persist(), b.session.persist()]);
    first.receive(a.jar);
    second.receive(b.jar);
    expect(await storage.getItem(oldId)).toBeNull();
    expect(await first.request((s) => s.get('k0'))).toBe('initial');
    // B's value is either moved with the record (B first) or in a new session of B's (A first).
    const withB = [await first.request((s) => s.get('k2')), await second.request((s) => s.get('k2'))];
    expect(withB).toContain('from B');
  });

  it('regenerate() moves what another request saved meanwhile', async () => {
    const { first, second, storage } = await twoTabs();
    const oldId = first.cookie!;
    const a = first.open();
    const b = second.open();
    await a.session.regenerate();
    b.session.set('k2', 'from B');
    await b.session.persist();
    await a.session.persist();
    first.receive(a.jar);
    expect(first.cookie).not.toBe(oldId);
    expect(await storage.getItem(oldId)).toBeNull();
    expect(Object.fromEntries(await first.request((s) => s.entries()))).toEqual({ k0: 'initial', shared: 'initial', k2: 'from B' });
  });

  it('twenty concurrent requests each setting its own key all survive', async () => {
    const { first, storage } = await twoTabs();
    const tabs = Array.from({ length: 20 }, (_, i) => {
      const tab = new Browser(first.config, storage);
      tab.cookie = first.cookie;
      return [i, tab.open()] as const;
    });
    await Promise.all(tabs.map(([i, { session }]) => (session.set(`key${i}`, i), session.persist())));
    const data = Object.fromEntries(await first.request((s) => s.entries()));
    for (let i = 0; i < 20; i++) expect(data[`key${i}`]).toBe(i);
  });
});
