import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describeEachHost } from '../../helpers/hosts';
import { SWAPPED_PROTOTYPE_STORES_COPY, unshareShape, v8Major } from '../../../lib/hosts/express/hidden-class';

describe('unshareShape(object, key)', () => {
  it('puts a plain data property straight back: same value, same attributes, now last in key order', () => {
    const locals = { user: 'ada' };
    const res = { locals, statusCode: 200 };
    unshareShape(res, 'locals');
    expect(res.locals).toBe(locals);
    expect(Object.getOwnPropertyDescriptor(res, 'locals')).toEqual({ value: locals, writable: true, enumerable: true, configurable: true });
    expect(Object.keys(res)).toEqual(['statusCode', 'locals']);
  });

  it.each([
    ['an accessor', (o: object) => Object.defineProperty(o, 'locals', { get: () => 'x', enumerable: true, configurable: true })],
    ['a read-only property', (o: object) => Object.defineProperty(o, 'locals', { value: 'x', writable: false, enumerable: true, configurable: true })],
    ['a non-configurable property', (o: object) => Object.defineProperty(o, 'locals', { value: 'x', writable: true, enumerable: true, configurable: false })],
    ['a hidden property', (o: object) => Object.defineProperty(o, 'locals', { value: 'x', writable: true, enumerable: false, configurable: true })],
  ])('leaves %s alone', (_name, define) => {
    const res = define({ statusCode: 200 });
    const before = Object.getOwnPropertyDescriptor(res, 'locals');
    unshareShape(res, 'locals');
    expect(Object.getOwnPropertyDescriptor(res, 'locals')).toEqual(before);
    expect(Object.keys(res)[0]).toBe('statusCode');
  });

  it('does nothing for a missing or inherited property', () => {
    const res = Object.create({ locals: 'inherited' }) as { locals: string };
    unshareShape(res, 'locals');
    expect(Object.hasOwn(res, 'locals')).toBe(false);
    expect(res.locals).toBe('inherited');
  });
});

describe('SWAPPED_PROTOTYPE_STORES_COPY', () => {
  it.each([
    ['11.3.244.8-node.38', 11],
    ['12.4.254.21-node.57', 12],
    ['13.6.233.17-node.63', 13],
    ['14.6.202.34-node.40', 14],
    ['', Infinity],
    [undefined, Infinity],
    ['not-a-version', Infinity],
  ])('reads the major version of V8 %p as %p (unknown: not V8, nothing to work around)', (version, major) => {
    expect(v8Major(version)).toBe(major);
  });

  it('is on exactly where V8 is older than 13 (Node 20, 22), off on 13+ (Node 24, 26)', () => {
    expect(SWAPPED_PROTOTYPE_STORES_COPY).toBe(v8Major(process.versions.v8) < 13);
  });
});

// The detection reads V8's version; this checks, on the Node running the suite (CI runs it on
// 20, 22, 24 and 26), that the version says what V8 does. Plain Express, no astro-bridge: on the
// V8s that copy, two requests' res (and req) never share a hidden class; on the others they do.
describeEachHost('V8 under plain %s', (expressPackage) => {
  const probe = `
    import express from '${expressPackage}';
    const app = express();
    const seen = [];
    app.get('/', (req, res) => { res.setHeader('x-a', '1'); res.end('ok'); seen.push({ req, res }); });
    const server = app.listen(0, '127.0.0.1', async () => {
      const base = 'http://127.0.0.1:' + server.address().port;
      for (let i = 0; i < 3; i++) await (await fetch(base + '/')).text();
      server.close();
      const [, b, c] = seen;
      console.log(JSON.stringify({ res: %HaveSameMap(b.res, c.res), req: %HaveSameMap(b.req, c.req) }));
    });
  `;

  it('shares hidden classes across requests exactly where SWAPPED_PROTOTYPE_STORES_COPY is off', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', probe], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const shared = !SWAPPED_PROTOTYPE_STORES_COPY;
    expect({ v8: process.versions.v8, ...JSON.parse(out) }).toEqual({ v8: process.versions.v8, res: shared, req: shared });
  });
}, {
  skip: {
    koa: "probes Express's prototype swap (lib/hosts/express/hidden-class)",
    node: "probes Express's prototype swap (lib/hosts/express/hidden-class)",
  },
});

// The point of it, checked in a real node process with V8's own introspection (jest cannot pass
// --allow-natives-syntax): the built Express adapter leaves res, and req after a fall-through,
// in dictionary mode, with res.locals the very object the host made.
describeEachHost('the Express adapter on %s', (expressPackage) => {
  const probe = `
    import express from '${expressPackage}';
    import { renderer } from 'astro-bridge/express';
    const app = express();
    const seen = {};
    app.use((req, res, next) => { seen.locals = res.locals; seen.fastBefore = %HasFastProperties(res); next(); });
    app.use(renderer({ routes: { '/route': { GET: ({ locals }) => new Response(String(locals === seen.locals)) } }, middleware: (c, next) => next() }));
    app.get('/host', (req, res) => { seen.hostRes = %HasFastProperties(res); seen.hostReq = %HasFastProperties(req); seen.same = res.locals === seen.locals; res.end('host'); });
    const server = app.listen(0, '127.0.0.1', async () => {
      const base = 'http://127.0.0.1:' + server.address().port;
      const route = await (await fetch(base + '/route')).text();
      const host = await (await fetch(base + '/host')).text();
      server.close();
      console.log(JSON.stringify({ ...seen, locals: undefined, route, host }));
    });
  `;

  it('makes the stores after it cheap (V8 dictionary mode) where V8 copies shapes, leaves res and req alone elsewhere, keeping res.locals', () => {
    const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', probe], {
      cwd: path.resolve(__dirname, '../../..'),
      encoding: 'utf8',
      timeout: 20_000,
    });
    const seen = JSON.parse(out);
    // Fast before: Express's setPrototypeOf alone does not do it (else this test proves nothing).
    const fast = !SWAPPED_PROTOTYPE_STORES_COPY;
    expect(seen).toEqual({ fastBefore: true, hostRes: fast, hostReq: fast, same: true, route: 'true', host: 'host' });
  });
}, {
  skip: {
    koa: "probes the hidden class of Express's res (lib/hosts/express/hidden-class)",
    node: "probes the hidden class of Express's res (lib/hosts/express/hidden-class)",
  },
});
