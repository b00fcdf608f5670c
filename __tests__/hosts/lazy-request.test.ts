import { NodeRequest, counter } from '../helpers/count-requests';
import request from 'supertest';
import { describeEachHost, serve, type Served } from '../helpers/hosts';

// context.request is built only when user code reads it, on every Node: where undici takes the
// lazy stand-in (Node 20/22) user code gets the stand-in, elsewhere (Node 24+) the real Request,
// built on that first read. Counted by a Request subclass installed as the global for the test.

describeEachHost('context.request on %s', (host) => {
  let app: Served;
  const seen: unknown[] = [];
  beforeAll(async () => {
    app = await serve(host, {
      routes: {
        // Reads what core reads without a Request: url, cookies, the method (HEAD handling).
        '/plain': { GET: ({ url, cookies }) => new Response(`${url.searchParams.get('q')} ${cookies.get('a')?.value}`) },
        '/request': {
          GET: (context) => {
            const first = context.request;
            const copy = new Request(context.request);
            seen.push([first === context.request, first instanceof NodeRequest, copy.headers.get('x-h'), first.method, first.url]);
            return new Response(first.headers.get('x-h'));
          },
        },
      },
      middleware: async (context, next) => {
        (context.locals as { seenUrl?: string }).seenUrl = context.url.pathname;
        const response = await next();
        response.headers.set('x-mw', '1');
        return response;
      },
    });
  });
  afterAll(async () => {
    await app.close();
  });

  it('is not built for a route and middleware that read url, cookies and method only', async () => {
    counter.built = 0;
    await request(app.base).get('/plain?q=x').set('cookie', 'a=1').expect(200, 'x 1');
    await request(app.base).head('/plain?q=x').expect(200);
    expect(counter.built).toBe(0);
  });

  it('nor for a request that falls through to the host', async () => {
    counter.built = 0;
    await request(app.base).get('/host-path').expect(404); // the host's (node:http: the bridge's own 404)
    expect(counter.built).toBe(0);
  });

  it('is built once, when read: a Request that new Request() takes, the same object on every read', async () => {
    counter.built = 0;
    await request(app.base).get('/request?z=1').set('x-h', 'v').expect(200, 'v');
    const copies = 1; // the test's own new Request(context.request)
    expect(counter.built).toBe(1 + copies);
    expect(seen.at(-1)).toEqual([true, true, 'v', 'GET', `${app.base}/request?z=1`]);
  });
});
