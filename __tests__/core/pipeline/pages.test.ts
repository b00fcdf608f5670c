import { run } from '../../helpers/platform';
import type { APIContext, MiddlewareHandler, PageModule } from '../../../lib/types';

const page = (fn: (c: APIContext) => unknown) => ({ default: fn }) as unknown as PageModule;

describe('pages', () => {
  it('renders a string as text/html; charset=utf-8 with status 200', async () => {
    const { response } = await run({ routes: { '/': page(() => '<h1>hi</h1>') } }, '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toBe('<h1>hi</h1>');
  });

  it('applies context.response status, statusText and headers to content', async () => {
    const { response } = await run(
      {
        routes: {
          '/p': page((c) => {
            c.response.status = 418;
            c.response.statusText = 'Teapot';
            c.response.headers.set('x-page', '1');
            c.response.headers.set('content-type', 'text/plain');
            return 'short and stout';
          }),
        },
      },
      '/p',
    );
    expect([response.status, response.statusText]).toEqual([418, 'Teapot']);
    expect(response.headers.get('x-page')).toBe('1');
    expect(response.headers.get('content-type')).toBe('text/plain');
  });

  it('refuses to replace context.response.headers (AstroResponseHeadersReassigned)', async () => {
    const routes = { '/p': page((c) => { (c.response as { headers: Headers }).headers = new Headers(); return ''; }) };
    await expect(run({ routes }, '/p')).rejects.toMatchObject({ name: 'AstroResponseHeadersReassigned' });
  });

  it.each([
    ['a Response (used as is)', () => new Response('own', { status: 201 }), 201, 'own'],
    ['bytes', () => new TextEncoder().encode('bytes!'), 200, 'bytes!'],
    ['a ReadableStream', () => new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode('a')); c.enqueue(new TextEncoder().encode('b')); c.close(); } }), 200, 'ab'],
    ['an async iterable', async function* () { yield '<p>'; yield new TextEncoder().encode('streamed'); yield '</p>'; }, 200, '<p>streamed</p>'],
    ['a promise of a string', async () => 'later', 200, 'later'],
  ])('renders %s', async (_name, fn, status, body) => {
    const { response } = await run({ routes: { '/p': page(fn as (c: APIContext) => unknown) } }, '/p');
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(body);
  });

  it.each([['undefined', () => undefined], ['a number', () => 42], ['a plain object', () => ({ html: 'x' })]])(
    'throws InvalidPageResult for %s',
    async (_name, fn) => {
      await expect(run({ routes: { '/p': page(fn) } }, '/p')).rejects.toMatchObject({ name: 'InvalidPageResult' });
    },
  );

  it('sends no body for HEAD but keeps the status and headers', async () => {
    const { response } = await run({ routes: { '/p': page(() => '<p>x</p>') } }, '/p', { method: 'HEAD' });
    expect(response.body).toBeNull();
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });

  it('gets the context, params included', async () => {
    const { response } = await run({ routes: { '/u/[name]': page((c) => `hi ${c.params.name} from ${c.clientAddress}`) } }, '/u/ada');
    expect(await response.text()).toBe('hi ada from 203.0.113.7');
  });
});

describe('the redacting example of the middleware guide', () => {
  it('reads the page body after next() and returns a new Response', async () => {
    const middleware: MiddlewareHandler = async (_c, next) => {
      const response = await next();
      const html = await response.text();
      const redacted = html.replaceAll('PRIVATE INFO', 'REDACTED');
      return new Response(redacted, { status: 200, headers: response.headers });
    };
    const { response } = await run({ routes: { '/': page(() => '<p>PRIVATE INFO</p>') }, middleware }, '/');
    expect(await response.text()).toBe('<p>REDACTED</p>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
  });
});

describe('error pages', () => {
  const notFound = page((c) => `<h1>not found: ${c.url.pathname}</h1><p>${String((c.locals as { user?: string }).user)}</p>`);
  const serverError = page((c) => `<h1>oops: ${(c.props.error as Error).message}</h1>`);

  it('without fallThrough, renders the /404 route (status 404) through middleware for unmatched paths', async () => {
    const middleware: MiddlewareHandler = (c, next) => {
      (c.locals as { user?: string }).user = 'ada';
      return next();
    };
    const { response, hostCalls } = await run({ routes: { '/404': notFound }, middleware, fallThrough: false }, '/missing');
    expect(response.status).toBe(404);
    expect(response.statusText).toBe('Not Found');
    expect(await response.text()).toBe('<h1>not found: /missing</h1><p>ada</p>');
    expect(hostCalls).toHaveLength(0);
  });

  it('without fallThrough and without a /404 route, answers a plain 404', async () => {
    const { response, hostCalls } = await run({ routes: { '/a': { GET: () => new Response('a') } }, fallThrough: false, middleware: (_c, n) => n() }, '/missing');
    expect(response.status).toBe(404);
    expect(hostCalls).toHaveLength(0);
  });

  it('renders /404 for an empty 404 from middleware, but never for an endpoint’s own 404', async () => {
    const routes = { '/404': notFound, '/gone': { GET: () => new Response(null, { status: 404 }) }, '/x': { GET: () => new Response('x') } };
    const middleware: MiddlewareHandler = (c, next) => (c.url.pathname === '/x' ? new Response(null, { status: 404 }) : next());
    const fromMiddleware = await run({ routes, middleware }, '/x');
    expect(await fromMiddleware.response.text()).toContain('not found: /x');
    const fromEndpoint = await run({ routes, middleware }, '/gone');
    expect(fromEndpoint.response.status).toBe(404);
    expect(await fromEndpoint.response.text()).toBe('');
  });

  it('renders /500 with props.error when a route throws', async () => {
    const routes = { '/500': serverError, '/boom': { GET: () => { throw new Error('kaput'); } } };
    const { response } = await run({ routes }, '/boom');
    expect(response.status).toBe(500);
    expect(await response.text()).toBe('<h1>oops: kaput</h1>');
  });

  it('renders /500 when middleware throws', async () => {
    const middleware: MiddlewareHandler = () => { throw new Error('in middleware'); };
    const { response } = await run({ routes: { '/500': serverError, '/a': { GET: () => new Response('a') } }, middleware }, '/a');
    expect(await response.text()).toBe('<h1>oops: in middleware</h1>');
  });

  it('lets the error reach the host when there is no /500 route, or when /500 fails too', async () => {
    await expect(run({ routes: { '/boom': { GET: () => { throw new Error('kaput'); } } } }, '/boom')).rejects.toThrow('kaput');
    const failing500 = page(() => { throw new Error('500 failed'); });
    await expect(run({ routes: { '/500': failing500, '/boom': { GET: () => { throw new Error('kaput'); } } } }, '/boom')).rejects.toThrow('kaput');
  });
});
