// The typed client (astro-bridge/client) against real running servers: JSON and form calls,
// nested names, empty results, input errors, orThrow, base paths, the form `action` strings.
import { createActions, isActionError, isInputError, ActionError } from '../../lib/client/index';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { routes, server } from './_app';

describeEachHost('the client against %s', (host) => {
  let app: Served;
  let actions: ReturnType<typeof createActions<typeof server>>;
  beforeAll(async () => {
    app = await serve(host, { routes, actions: server });
    actions = createActions<typeof server>({ baseUrl: app.base });
  });
  afterAll(() => app.close());

  it('calls a JSON action and revives devalue data', async () => {
    const { data, error } = await actions.echo({ name: 'Ada', age: 36 });
    expect(error).toBeUndefined();
    expect(data).toEqual({ hello: 'Ada', age: 36, when: new Date(0), link: new URL('https://example.org/a') });
  });

  it('calls nested actions by dotted name', async () => {
    expect((await actions.blog.like({ postId: 'p' })).data).toEqual({ postId: 'p', likes: 1, user: null });
  });

  it('gets { data: undefined, error: undefined } for 204', async () => {
    expect(await actions.nothing()).toEqual({ data: undefined, error: undefined });
  });

  it('gets input errors with fields (zod and valibot)', async () => {
    const { error } = await actions.echo({ name: 'A' });
    expect(isInputError(error)).toBe(true);
    if (isInputError(error)) expect(error.fields.name?.[0]).toMatch(/2/);
    const v = await actions.valibot.echo({ name: 'A' });
    expect(isInputError(v.error) && v.error.fields.name).toBeTruthy();
  });

  it('gets ActionErrors with code and status, and orThrow throws them', async () => {
    const { error } = await actions.fail({ code: 'FORBIDDEN' });
    expect(isActionError(error) && !isInputError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'FORBIDDEN', status: 403, message: 'failed with FORBIDDEN' });
    expect(error).toBeInstanceOf(ActionError);
    await expect(actions.fail.orThrow({ code: 'CONFLICT' })).rejects.toMatchObject({ code: 'CONFLICT', status: 409 });
    await expect(actions.blog.like.orThrow({ postId: 'x' })).resolves.toMatchObject({ postId: 'x' });
  });

  it('sends FormData to form actions', async () => {
    const form = new FormData();
    form.append('email', 'a@b.co');
    form.append('age', '7');
    form.append('tags', 't');
    // FormData carries no Origin from Node's fetch: same-origin is said the way browsers say it.
    const same = createActions<typeof server>({ baseUrl: app.base, headers: { 'sec-fetch-site': 'same-origin' } });
    const { data } = await same.signup(form);
    expect(data).toMatchObject({ email: 'a@b.co', age: 7, newsletter: false, tags: ['t'] });
  });

  it('reports unknown actions as NOT_FOUND', async () => {
    const loose = createActions<Record<string, (input: unknown) => Promise<unknown>>>({ baseUrl: app.base }) as unknown as { missing: (i: unknown) => Promise<{ error?: ActionError }> };
    expect((await loose.missing({})).error?.code).toBe('NOT_FOUND');
  });

  it('gives form `action` strings like Astro (`?_action=<name>`), dots in keys encoded', () => {
    expect(String(actions.blog.like)).toBe('?_action=blog.like');
    expect(actions.signup.queryString).toBe('?_action=signup');
    const odd = createActions<{ 'a.b': typeof server.nothing }>({ baseUrl: app.base });
    expect(String(odd['a.b'])).toBe('?_action=a%252Eb');
  });
});

describeEachHost('the client below a base path on %s', (host) => {
  it('calls below a base path with a custom fetch', async () => {
    const app = await serve(host, { routes, actions: server, base: '/docs' });
    const seen: string[] = [];
    try {
      const actions = createActions<typeof server>({
        baseUrl: app.base,
        base: '/docs/',
        fetch: (input, init) => {
          seen.push(String(input));
          return fetch(input, init);
        },
      });
      expect((await actions.blog.like({ postId: 'b' })).data).toMatchObject({ postId: 'b' });
      expect(seen).toEqual([`${app.base}/docs/_actions/blog.like`]);
    } finally {
      await app.close();
    }
  });
});

describe('client options', () => {
  it('throws a BAD_REQUEST ActionError for input JSON cannot carry, without a request', async () => {
    const actions = createActions<typeof server>({ baseUrl: 'http://127.0.0.1:9', fetch: () => Promise.reject(new Error('no request expected')) });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(actions.raw(cyclic)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('is not a thenable (await on the client object)', async () => {
    const actions = createActions<typeof server>({ baseUrl: 'http://127.0.0.1:9' });
    expect(await Promise.resolve(actions)).toBe(actions);
  });
});
