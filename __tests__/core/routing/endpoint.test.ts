import { Pipeline, type RouteMatch } from '../../../lib/core/pipeline/pipeline';
import { allowedMethods, callEndpoint } from '../../../lib/core/routing/endpoint';
import type { APIContext } from '../../../lib/types';
import { rejected } from '../../helpers/core';
import { platform } from '../../helpers/platform';

type Mod = Record<string, unknown>;
const CTX = { marker: 'context' };

/** A module whose handlers answer with their own name, so a test sees which one ran. */
function moduleWith(...methods: string[]): Mod {
  return Object.fromEntries(methods.map((m) => [m, () => new Response(`${m} body`, { headers: { 'x-handler': m } })]));
}

describe('callEndpoint: which handler answers', () => {
  it.each([
    [['GET', 'POST', 'ALL'], 'GET', 'GET'],
    [['GET', 'POST', 'ALL'], 'POST', 'POST'],
    [['GET', 'POST', 'ALL'], 'PUT', 'ALL'],
    [['GET', 'POST', 'ALL'], 'DELETE', 'ALL'],
    [['GET', 'ALL'], 'HEAD', 'ALL'], // exact, then ALL, and only then GET
    [['GET'], 'HEAD', 'GET'],
    [['GET', 'HEAD'], 'HEAD', 'HEAD'],
    [['ALL'], 'GET', 'ALL'],
    [['ALL'], 'OPTIONS', 'ALL'],
    [['ALL'], 'PROPFIND', 'ALL'],
    [['PATCH'], 'patch', 'PATCH'], // `new Request()` keeps `patch` lowercase; Astro upper-cases
    [['OPTIONS'], 'OPTIONS', 'OPTIONS'],
  ])('exports %j, %s → %s', async (exports, method, handler) => {
    const response = await callEndpoint(moduleWith(...exports), CTX, method, '/r');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-handler')).toBe(handler);
  });

  it('passes the context and calls the handler with `this` = the module', async () => {
    const calls: [unknown, unknown][] = [];
    const mod: Mod = {
      GET(this: unknown, context: unknown) {
        calls.push([this, context]);
        return new Response('ok');
      },
    };
    await callEndpoint(mod, CTX, 'GET', '/r');
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(mod);
    expect(calls[0]![1]).toBe(CTX);
  });

  it('awaits an async handler', async () => {
    const mod: Mod = { GET: async () => Response.json({ ok: true }, { status: 201 }) };
    const response = await callEndpoint(mod, CTX, 'GET', '/r');
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('returns the handler’s own Response object', async () => {
    const own = new Response('x', { status: 418 });
    expect(await callEndpoint({ GET: () => own }, CTX, 'GET', '/r')).toBe(own);
  });

  it('accepts a Response from another realm (duck-typed)', async () => {
    const foreign = { status: 200, headers: new Headers(), body: null, arrayBuffer: async () => new ArrayBuffer(0) };
    expect(await callEndpoint({ GET: () => foreign }, CTX, 'GET', '/r')).toBe(foreign);
  });

  it('lets a thrown error propagate unchanged', async () => {
    const boom = new Error('boom');
    await expect(callEndpoint({ GET: () => Promise.reject(boom) }, CTX, 'GET', '/r')).rejects.toBe(boom);
  });
});

describe('HEAD', () => {
  it('falls back to GET and drops the body, keeping status and headers', async () => {
    const mod: Mod = {
      GET: () => new Response('hello', { status: 201, statusText: 'Made', headers: { 'x-a': '1', 'content-type': 'text/plain' } }),
    };
    const response = await callEndpoint(mod, CTX, 'HEAD', '/r');
    expect(response.status).toBe(201);
    expect(response.statusText).toBe('Made');
    expect(response.headers.get('x-a')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/plain');
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('cancels the dropped body stream', async () => {
    let cancelled = false;
    const body = new ReadableStream({ cancel: () => void (cancelled = true) });
    await callEndpoint({ GET: () => new Response(body) }, CTX, 'HEAD', '/r');
    await new Promise((resolve) => setImmediate(resolve));
    expect(cancelled).toBe(true);
  });

  it('drops the body of an explicit HEAD handler too', async () => {
    const response = await callEndpoint({ HEAD: () => new Response('oops') }, CTX, 'HEAD', '/r');
    expect(response.body).toBeNull();
  });
});

describe('a method the module does not export', () => {
  it.each([
    [['GET'], 'POST', 'GET, HEAD'],
    [['POST'], 'GET', 'POST'],
    [['POST'], 'HEAD', 'POST'],
    [['GET', 'POST', 'DELETE'], 'PUT', 'GET, POST, DELETE, HEAD'],
    [['HEAD'], 'GET', 'HEAD'],
    [['OPTIONS', 'PATCH', 'PUT'], 'GET', 'PUT, PATCH, OPTIONS'],
  ])('exports %j, %s → 404 with Allow: %s', async (exports, method, allow) => {
    const response = await callEndpoint(moduleWith(...exports), CTX, method, '/r');
    expect(response.status).toBe(404);
    expect(response.headers.get('Allow')).toBe(allow);
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('allowedMethods lists only function exports, in a stable order', () => {
    expect(allowedMethods({ POST: () => 0, GET: () => 0, default: () => 0, foo: 1 })).toBe('GET, POST, HEAD');
    expect(allowedMethods({})).toBe('');
  });
});

describe('a handler that returns no Response', () => {
  it.each([
    ['undefined', () => undefined, 'returned undefined'],
    ['null', () => null, 'returned null'],
    ['a string', () => 'hello', 'returned a string'],
    ['a plain object', () => ({ status: 200, body: 'x' }), 'returned an object (Object)'],
    ['a number', () => 42, 'returned a number'],
    ['a promise of a string', async () => 'late', 'returned a string'],
  ])('%s rejects with EndpointDidNotReturnAResponse', async (_what, handler, got) => {
    const error = await rejected(callEndpoint({ POST: handler }, CTX, 'POST', '/posts/[id]'), 'EndpointDidNotReturnAResponse');
    expect(error.message).toContain("route '/posts/[id]'");
    expect(error.message).toContain('The POST handler');
    expect(error.message).toContain(got);
    expect(error.hint).toContain('Response');
  });
});

describe('through Pipeline.render', () => {
  const seen: APIContext[] = [];
  const posts = {
    GET: (context: APIContext) => {
      seen.push(context);
      return Response.json(context.params, { headers: { 'x-route': context.routePattern } });
    },
    PUT: () => 'not a response' as unknown as Response,
  };
  const pipeline = new Pipeline({ routes: { '/posts/[id]': posts } });
  const render = (method: string, path: string) => {
    const match = pipeline.match(path) as RouteMatch;
    return pipeline.render(new Request(`http://localhost${path}`, { method }), match, platform());
  };

  it('calls the matched handler with the params', async () => {
    const response = await render('GET', '/posts/a%2Fb');
    expect(response.headers.get('x-route')).toBe('/posts/[id]');
    expect(await response.json()).toEqual({ id: 'a/b' });
    expect(seen.at(-1)!.request.method).toBe('GET');
  });

  it('answers HEAD from GET without a body', async () => {
    const response = await render('HEAD', '/posts/1');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.text()).toBe('');
  });

  it('answers a missing method with 404 and Allow', async () => {
    const response = await render('DELETE', '/posts/1');
    expect(response.status).toBe(404);
    expect(response.headers.get('allow')).toBe('GET, PUT, HEAD');
    expect(await response.text()).toBe('');
  });

  it('rejects a non-Response, naming the route and method', async () => {
    const error = await rejected(render('PUT', '/posts/1'), 'EndpointDidNotReturnAResponse');
    expect(error.message).toContain("The PUT handler of the route '/posts/[id]' returned a string");
  });
});
