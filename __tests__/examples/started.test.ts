// Every example starts with its one command, prints its URL and answers there. Each is started
// once, all at the same time (each is two Node processes: the command and the app).
import { Jar, startExample, type StartedExample } from './start';

const FIRST_PAGES: [name: string, path: string, expected: RegExp][] = [
  ['express-basic', 'api/posts', /Hello from Astro-style routes/],
  ['koa-basic', 'hello/Ada', /^Hello, Ada!$/],
  ['i18n-site', 'en/', /<h1>Hello!<\/h1>/],
  ['auth-sessions', '', /Hello, stranger/],
  ['existing-express-app', '', /<h1>Welcome, guest!<\/h1>/],
  ['actions-form', '', /<h1>Guestbook<\/h1>/],
  ['static-and-server', '', /<h1>Blog<\/h1>/],
];

const started = new Map<string, StartedExample>();
beforeAll(async () => {
  const all = await Promise.allSettled(FIRST_PAGES.map(async ([name]) => started.set(name, await startExample(name))));
  const failed = all.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}, 120_000);
afterAll(() => Promise.all([...started.values()].map((example) => example.stop())));

describe.each(FIRST_PAGES)('examples/%s', (name, path, expected) => {
  it(`starts with \`npm run example -- ${name}\` and serves /${path}`, async () => {
    const response = await fetch(new URL(path, started.get(name)!.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(expected);
  });
});

describe('examples/existing-express-app (npm start)', () => {
  let example: StartedExample;
  beforeAll(() => {
    example = started.get('existing-express-app')!;
  });

  it('decorates Express’s own view and counts visits in a cookie', async () => {
    const jar = new Jar();
    const first = await jar.fetch(example.url);
    expect(first.headers.get('x-guarded-by')).toBe('astro-middleware');
    expect(await first.text()).toContain('<span id="visits">1</span>');
    expect(await (await jar.fetch(example.url)).text()).toContain('<span id="visits">2</span>');
  });

  it('renders the prerendered /about page on demand (dev: true) with the build-time context', async () => {
    const response = await fetch(new URL('about', example.url));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<p id="prerendered">Prerendered: yes (at /about/)</p>'); // Astro's build URL (build.format 'directory')
    expect(response.headers.get('x-guarded-by')).toBe('astro-middleware'); // middleware runs, as at build time
    expect(response.headers.get('set-cookie')).toBeNull(); // no visit cookie, no session for a prerendered page
  });

  it('guards Express’s /account with a redirect to the Astro login page, then lets the signed-in user in', async () => {
    const jar = new Jar();
    const guarded = await jar.fetch(new URL('account', example.url).href);
    expect(guarded.status).toBe(302);
    expect(guarded.headers.get('location')).toBe('/login?next=%2Faccount');
    const login = await jar.fetch(new URL('session/login', example.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada&next=%2Faccount',
    });
    expect(login.status).toBe(303);
    expect(login.headers.get('location')).toBe('/account');
    expect(await (await jar.fetch(new URL('account', example.url).href)).text()).toContain('Signed in as <strong>Ada</strong>');
    const logout = await jar.fetch(new URL('session/logout', example.url).href, { method: 'POST' });
    expect(logout.status).toBe(303);
    expect((await jar.fetch(new URL('account', example.url).href)).status).toBe(302);
  });

  it('saves a note from Express’s /account page through an Astro form action (Post/Redirect/Get)', async () => {
    const jar = new Jar();
    const account = new URL('account', example.url).href;
    const origin = new URL(example.url).origin; // the origin check refuses cross-site form posts
    const post = (note: string) =>
      jar.fetch(`${account}?_action=account.saveNote`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ note }).toString(),
      });
    expect((await post('Hi')).headers.get('location')).toBe('/login?next=%2Faccount'); // guarded first
    await jar.fetch(new URL('session/login', example.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Ada&next=%2Faccount',
    });
    const saved = await post('Buy <milk>');
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/account');
    const page = await (await jar.fetch(account)).text();
    expect(page).toContain('<p id="flash" role="status">Note saved.</p>');
    expect(page).toContain('<span id="note">Buy &#60;milk&#62;</span>');
    const again = await (await jar.fetch(account)).text(); // the outcome is shown once
    expect(again).toContain('<p id="flash" role="status"></p>');
    expect(again).toContain('<span id="note">Buy &#60;milk&#62;</span>');
    await post('  ');
    expect(await (await jar.fetch(account)).text()).toContain('<p id="flash" role="status">Write a note first.</p>');
  });

  it('never redirects off-site after login', async () => {
    const jar = new Jar();
    const login = await jar.fetch(new URL('session/login', example.url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=Eve&next=%2F%2Fevil.example',
    });
    expect(login.headers.get('location')).toBe('/');
  });

  it('speaks French under /fr/ (currentLocale, for Express’s view)', async () => {
    const page = await (await fetch(new URL('fr/', example.url))).text();
    expect(page).toContain('<h1>Bienvenue, guest!</h1>');
    expect(page).toContain('<html lang="fr">');
  });
});
