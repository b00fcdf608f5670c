// Real-browser tests: what a person sees in Chromium when using the examples, plus a screenshot
// of each example's first page (in .screenshots/, gitignored).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startExample, type StartedExample } from '../examples/start';
import { CHROMIUM, launchChromium, SCREENSHOTS } from './chromium';

jest.setTimeout(120_000);

let browser: Browser | undefined;
const examples = new Map<string, StartedExample>();
// actions-form is driven by its own file, actions-form.test.ts (JavaScript off and on).
const NAMES = ['existing-express-app', 'auth-sessions', 'i18n-site', 'express-basic', 'koa-basic', 'static-and-server'];

// One browser for every test; it launches while the examples start, all at the same time.
beforeAll(async () => {
  const launched = launchChromium();
  const wanted = existsSync(CHROMIUM) ? NAMES : []; // without Chromium: SKIPPED, nothing to start
  // Their server files directly: the one-command start is what started.test.ts checks.
  const starting = Promise.allSettled(wanted.map(async (name) => examples.set(name, await startExample(name, {}, { direct: true }))));
  browser = await launched;
  const failed = (await starting).find((result) => result.status === 'rejected');
  if (browser && failed) throw (failed as PromiseRejectedResult).reason;
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([...examples.values()].map((e) => e.stop()));
});

const screenshots = new Set<string>();
// One page, reused by every test: a new context per test starts a new renderer process (about
// 3 s per test on a loaded machine, against under 1 s).
let shared: Page | undefined;

/**
 * The page with no cookies (no session or login left from an earlier test) at `pathname` of an
 * example; undefined when Chromium is missing. The first time an example's first page is opened,
 * it is screenshotted (no extra page load for that).
 */
async function open(name: string, pathname = ''): Promise<Page | undefined> {
  if (!browser) return undefined;
  const page = (shared ??= await (await browser.newContext()).newPage());
  await page.context().clearCookies();
  await page.goto(new URL(pathname, examples.get(name)!.url).href);
  if (pathname === '' && !screenshots.has(name)) {
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    screenshots.add(name);
  }
  return page;
}

describe('in Chromium', () => {
  // The examples whose scenario below starts elsewhere, or that have none.
  it.each(['existing-express-app', 'express-basic', 'koa-basic'])('screenshots the first page of %s', async (name) => {
    const page = await open(name);
    if (!page) return;
    expect((await page.content()).length).toBeGreaterThan(0);
  });

  it('auth-sessions: logs in and out', async () => {
    const page = await open('auth-sessions');
    if (!page) return;
    await expect(page.locator('h1').textContent()).resolves.toBe('Hello, stranger');
    await page.locator('input[name="name"]').fill('Ada');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForSelector('text=Hello, Ada');
    expect(await page.locator('h1').textContent()).toBe('Hello, Ada');
    await page.reload();
    expect(await page.locator('h1').textContent()).toBe('Hello, Ada'); // the session cookie persists
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForSelector('text=Hello, stranger');
    expect(await page.getByRole('button', { name: 'Log in' }).isVisible()).toBe(true);
  });

  it('i18n-site: / goes to English, the French link switches language', async () => {
    const page = await open('i18n-site');
    if (!page) return;
    expect(new URL(page.url()).pathname).toBe('/en/');
    expect(await page.locator('h1').textContent()).toBe('Hello!');
    await page.locator('a[href="/fr/"]').click();
    await page.waitForURL(/\/fr\/$/);
    expect(await page.locator('h1').textContent()).toBe('Bonjour!');
    await page.locator('a', { hasText: 'About' }).click();
    // French has no about page: the English one is served, the URL stays French.
    await page.waitForURL(/\/fr\/about\/?$/);
    expect(await page.locator('h1').textContent()).toBe('About (fr)');
  });

  it('existing-express-app: the middleware redirects /account to the login page; after login Express renders it, with a form action', async () => {
    const page = await open('existing-express-app', 'account');
    if (!page) return;
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('h1').textContent()).toBe('Log in');
    await page.locator('input[name="name"]').fill('Grace');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('p').first().textContent()).toMatch(/^Signed in as Grace since /);
    // An Astro form action posted from Express's page: saved, and back on /account (Post/Redirect/Get).
    await page.locator('input[name="note"]').fill('Remember the milk');
    await page.getByRole('button', { name: 'Save note' }).click();
    await page.waitForSelector('#flash >> text=Note saved.');
    expect(new URL(page.url()).pathname).toBe('/account');
    expect(await page.locator('#note').textContent()).toBe('Remember the milk');
    await page.locator('a', { hasText: 'Home' }).click();
    expect(await page.locator('h1').textContent()).toBe('Welcome, Grace!');
    await page.locator('a', { hasText: 'Français' }).click();
    await page.waitForURL(/\/fr\/$/);
    expect(await page.locator('h1').textContent()).toBe('Bienvenue, Grace!');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForSelector('text=Welcome, guest!');
  });

  it('static-and-server: a prerendered page links to one rendered on demand', async () => {
    const page = await open('static-and-server');
    if (!page) return;
    expect(await page.locator('h1').textContent()).toBe('Blog');
    await page.locator('a', { hasText: 'Post number 2' }).click();
    await page.waitForURL(/\/posts\/post-2$/);
    expect(await page.locator('h1').textContent()).toBe('Post number 2');
    await page.goBack();
    await page.locator('a', { hasText: 'Account' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('h1').textContent()).toBe('Hello, stranger');
  });

  it("took a screenshot of every example's first page", () => {
    if (!browser) return;
    expect([...screenshots].sort()).toEqual([...NAMES].sort());
    for (const name of NAMES) expect(existsSync(path.join(SCREENSHOTS, `${name}.png`))).toBe(true);
  });
});
