import type { MiddlewareHandler } from '../../lib/types';
import { describeEachHost, follow, isExpress, rawGet, serve, type Served } from './support';

// The attack: a guard in middleware (`pathname.startsWith('/admin')`, as Astro's docs write it)
// and a spelling of `/admin` that the guard reads one way and whoever serves it another
// (GHSA-ggxq-hp9w-j794, GHSA-vj59-8hwv-xxmv, Astro's double-slash and encoded-backslash
// bypass tests). Whatever the spelling, the secret must never come back.

const guard: MiddlewareHandler = (context, next) => {
  if (context.url.pathname.startsWith('/admin')) return new Response('blocked', { status: 403 });
  return next();
};

const routes = {
  '/admin': { GET: () => new Response('secret route') },
  '/admin/[...rest]': { GET: () => new Response('secret rest') },
  '/users/[slug]': { GET: ({ params }: { params: Record<string, string | undefined> }) => new Response(`user ${params.slug}`) },
  // An app that rewrites to a path built from user input (GHSA-vj59-8hwv-xxmv).
  '/go/[...to]': { GET: ({ params, rewrite }: { params: Record<string, string | undefined>; rewrite: (p: string) => Promise<Response> }) => rewrite(`/${params.to}`) },
  '/public': { GET: () => new Response('public') },
};

const SPELLINGS = [
  '/%61dmin', '/%2561dmin', '/%252561dmin', '/a%64min', '/%61%64%6d%69%6e',
  '/./admin', '/x/../admin', '/x/%2e%2e/admin', '/x/%2E%2E/admin', '/x/.%2e/admin', '/%2e/admin',
  '//admin', '///admin', '//admin/', '/\\admin', '/\\/admin', '/%5Cadmin', '/%5cadmin', '/%5C%5Cadmin',
  '/users/%2e%2e/admin', '/public/../admin', '/public/..\\admin',
  '/admin%2fx', '/%2Fadmin', '/admin/%5C..%5Cpublic', '/go/%2561dmin', '/go/%252561dmin', '/go/x%2f..%2f..%2fadmin', '/go/%2e%2e%2fadmin',
];

// Spellings of another path that start with `/admin`: the host's `app.use('/admin')` matches
// them raw, so middleware must not read them as `/public` while the host serves its admin.
const HOST_SPELLINGS = ['/admin/../public', '/admin/%2e%2e/public', '/admin/.%2E/public', '/admin/..\\public', '/admin/./../public'];

const SECRET = /secret|host-admin/;

describeEachHost('one canonical path on %s', (host) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(host, { routes, middleware: guard }, {
      // Express routes case-insensitively unless told otherwise: see letter-case.test.ts.
      before(app) {
        if (isExpress(host)) app.set('case sensitive routing', true);
      },
      // The host's own admin pages, after the renderer: Express routes `app.use('/admin')` on
      // the raw path, as a Koa router does on ctx.path.
      after(app) {
        if (isExpress(host)) app.use('/admin', (_req: unknown, res: { end(t: string): void }) => res.end('host-admin'));
        // node:http's connect-style stack routes the raw req.url, as Express does.
        else if (host === 'node') app.use((req: { url: string }, res: { end(t: string): void }, next: () => void) => (req.url.startsWith('/admin') ? res.end('host-admin') : next()));
        else app.use(async (ctx: { path: string; body: unknown }, next: () => Promise<void>) => (ctx.path.startsWith('/admin') ? (ctx.body = 'host-admin') : next()));
      },
    });
  });
  afterAll(() => served.close());

  it('blocks the plain spelling', async () => {
    const [answer] = await follow(served.base, '/admin');
    expect(answer!.status).toBe(403);
  });

  it.each(SPELLINGS)('never serves %s past the guard', async (spelling) => {
    const answers = await follow(served.base, spelling);
    for (const answer of answers) {
      expect(answer.body).not.toMatch(SECRET);
      expect(answer.status).not.toBe(500);
    }
    expect([400, 403, 404]).toContain(answers.at(-1)!.status);
  });

  it.each(HOST_SPELLINGS)('serves %s only as the path middleware saw', async (spelling) => {
    const answers = await follow(served.base, spelling);
    for (const answer of answers) expect(answer.body).not.toMatch(SECRET);
    expect(answers.at(-1)!.body).toBe('public');
  });

  it('answers a non-canonical spelling with a redirect to the canonical one, query kept', async () => {
    const answer = await rawGet(served.base, '/x/../users/%61b?q=1');
    expect([301, 308]).toContain(answer.status);
    expect(answer.headers.location).toBe('/users/ab?q=1');
    const canonical = await rawGet(served.base, '/users/ab?q=1');
    expect(canonical.body).toBe('user ab');
  });

  it('keeps POST a POST (308)', async () => {
    const answer = await rawGet(served.base, '//public', { 'content-length': '0' }, 'POST');
    expect(answer.status).toBe(308);
    expect(answer.headers.location).toBe('/public');
  });

  it.each(['/%', '/%zz', '/%E0%A4%A', '/users/%ff', '/admin/%', '/users/%C0%AF', '/users/%00'])('answers invalid encoding %s with 4xx, never 500', async (path) => {
    const answer = await rawGet(served.base, path);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.body).not.toMatch(SECRET);
  });

  it('serves ordinary paths untouched (no redirect): encoded spaces, non-ASCII, sub-delimiters', async () => {
    for (const [path, body] of [['/users/a%20b', 'user a b'], ['/users/caf%C3%A9', 'user café'], ["/users/a!$&'()*+,;=:@b", "user a!$&'()*+,;=:@b"], ['/users/a%2Fb', 'user a/b']] as const) {
      const answer = await rawGet(served.base, path);
      expect(answer.status).toBe(200);
      expect(Buffer.from(answer.body, 'latin1').toString('utf8')).toBe(body);
    }
  });
});

describeEachHost('base without a segment boundary on %s', (host) => {
  let served: Served;
  const docsGuard: MiddlewareHandler = (context, next) =>
    context.url.pathname.startsWith('/docs/admin') ? new Response('blocked', { status: 403 }) : next();
  beforeAll(async () => {
    served = await serve(host, { base: '/docs', routes: { '/admin': { GET: () => new Response('secret') } }, middleware: docsGuard });
  });
  afterAll(() => served.close());

  it.each(['/docsadmin', '/docs%2Fadmin', '/docs/%61dmin', '/docs//admin', '/%64ocs/admin', '/x/../docs/admin'])('never serves %s past the guard', async (spelling) => {
    const answers = await follow(served.base, spelling);
    for (const answer of answers) expect(answer.body).not.toMatch(SECRET);
    expect([400, 403, 404]).toContain(answers.at(-1)!.status);
  });
});

// Letter case (Express and Koa routers are case-insensitive by default): letter-case.test.ts.

describeEachHost('one canonical path under a mount path on %s', (host) => {
  let served: Served;
  const mountGuard: MiddlewareHandler = (context, next) =>
    context.url.pathname.startsWith('/app/admin') ? new Response('blocked', { status: 403 }) : next();
  beforeAll(async () => {
    served = await serve(host, { routes: { '/admin': { GET: () => new Response('secret') }, '/public': { GET: () => new Response('public') } }, middleware: mountGuard }, { mountPath: '/app' });
  });
  afterAll(() => served.close());

  it.each(['/app/admin', '/app/%61dmin', '/app//admin', '/app/x/../admin', '/app/./admin', '/app/%2e/admin', '/app/public/..%2Fadmin'])('never serves %s past the guard', async (spelling) => {
    const answers = await follow(served.base, spelling);
    for (const answer of answers) {
      expect(answer.body).not.toMatch(SECRET);
      expect(answer.status).not.toBe(500);
    }
  });

  it('redirects to the canonical path with the mount path kept', async () => {
    const answer = await rawGet(served.base, '/app//public?x=1');
    expect(answer.headers.location).toBe('/app/public?x=1');
    expect((await follow(served.base, '/app//public')).at(-1)!.body).toBe('public');
  });
}, { skip: { node: 'node:http has no mount path: the listener is not mounted below a prefix' } });
