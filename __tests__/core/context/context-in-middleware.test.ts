import { run } from '../../helpers/platform';
import type { APIContext, MiddlewareHandler } from '../../../lib/types';

const echo = (pick: (c: APIContext) => unknown) => ({ GET: (c: APIContext) => Response.json({ value: pick(c) ?? null }) });

describe('the full render context', () => {
  it.each<[string, (c: APIContext) => unknown, unknown]>([
    ['cookies is a jar', (c) => typeof c.cookies.get === 'function' && c.cookies.get('missing') === undefined, true],
    ['session (not configured)', (c) => c.session, null],
    ['preferredLocale (not configured)', (c) => c.preferredLocale, null],
    ['preferredLocaleList (not configured)', (c) => c.preferredLocaleList, null],
    ['currentLocale (not configured)', (c) => c.currentLocale, null],
    ['getActionResult() without a form action', (c) => c.getActionResult(async () => ({})), null],
    ['isPrerendered', (c) => c.isPrerendered, false],
    ['props', (c) => c.props, {}],
    ['originPathname without rewrite', (c) => c.originPathname, '/x/caf\u00e9'],
    ['site', (c) => c.site?.href, 'https://example.org/'],
    ['generator', (c) => /^astro-bridge v\d/.test(c.generator), true],
    ['clientAddress', (c) => c.clientAddress, '203.0.113.7'],
  ])('%s', async (_name, pick, expected) => {
    const { response } = await run({ routes: { '/x/[name]': echo(pick) }, site: 'https://example.org' }, '/x/caf%C3%A9');
    expect((await response.json()).value).toEqual(expected);
  });

  it('callAction() rejects a function that is not an action with InvalidAction', async () => {
    const routes = { '/a': { GET: async (c: APIContext) => c.callAction(async () => new Response(), undefined) } };
    await expect(run({ routes }, '/a')).rejects.toMatchObject({ name: 'InvalidAction' });
  });

  it('shares one locals object between middleware, endpoint and the host, and refuses reassignment', async () => {
    const hostLocals = { fromHost: 'h' };
    const middleware: MiddlewareHandler = (c, next) => {
      (c.locals as Record<string, unknown>).fromMiddleware = 'm';
      return next();
    };
    const { response, locals } = await run(
      { routes: { '/l': { GET: (c: APIContext) => Response.json(c.locals) } }, middleware },
      '/l',
      undefined,
      { locals: hostLocals },
    );
    expect(await response.json()).toEqual({ fromHost: 'h', fromMiddleware: 'm' });
    expect(locals).toBe(hostLocals);
    const reassign: MiddlewareHandler = (c, next) => {
      (c as { locals: unknown }).locals = {};
      return next();
    };
    await expect(run({ routes: { '/l': { GET: () => new Response('') } }, middleware: reassign }, '/l')).rejects.toMatchObject({ name: 'LocalsReassigned' });
  });
});

describe('middleware around the host app', () => {
  it('runs for requests no route owns; next() resolves to the host’s response', async () => {
    const middleware: MiddlewareHandler = async (_c, next) => {
      const response = await next();
      response.headers.set('x-decorated', '1');
      return response;
    };
    const { response, hostCalls } = await run({ routes: {}, middleware }, '/express-page');
    expect(await response.text()).toBe('host:/express-page');
    expect(response.headers.get('x-decorated')).toBe('1');
    expect(hostCalls).toHaveLength(1);
  });

  it('can guard: a redirect before next() means the host never runs', async () => {
    const middleware: MiddlewareHandler = (c, next) => (c.url.pathname.startsWith('/admin') ? c.redirect('/login') : next());
    const { response, hostCalls } = await run({ routes: {}, middleware }, '/admin/x');
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/login');
    expect(hostCalls).toHaveLength(0);
  });
});
