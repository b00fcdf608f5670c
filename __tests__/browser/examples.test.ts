// Real-browser tests: what a person sees in Chromium when using the examples, plus a screenshot
// of each example's first page (in .screenshots/, gitignored).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startExample, type StartedExample } from '../examples/start';
import { launchChromium, SCREENSHOTS } from './chromium';

jest.setTimeout(120_000);

let browser: Browser | undefined;
const examples = new Map<string, StartedExample>();
const NAMES = ['existing-express-app', 'auth-sessions', 'i18n-site', 'express-basic', 'koa-basic'];

beforeAll(async () => {
  browser = await launchChromium();
  if (!browser) return;
  for (const name of NAMES) examples.set(name, await startExample(name));
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([...examples.values()].map((e) => e.stop()));
});

/** A fresh browser context (own cookies) and page; undefined when Chromium is missing. */
async function open(name: string, pathname = ''): Promise<Page | undefined> {
  if (!browser) return undefined;
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(new URL(pathname, examples.get(name)!.url).href);
  return page;
}

describe('in Chromium', () => {
  it.each(NAMES)('screenshots the first page of %s', async (name) => {
    const page = await open(name);
    if (!page) return;
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
    expect((await page.content()).length).toBeGreaterThan(0);
    await page.context().close();
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
    await page.context().close();
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
    await page.context().close();
  });

  it('existing-express-app: the middleware redirects /account to the login page; after login Express renders it', async () => {
    const page = await open('existing-express-app', 'account');
    if (!page) return;
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.locator('h1').textContent()).toBe('Log in');
    await page.locator('input[name="name"]').fill('Grace');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/account$/);
    expect(await page.locator('p').first().textContent()).toMatch(/^Signed in as Grace since /);
    await page.locator('a', { hasText: 'Home' }).click();
    expect(await page.locator('h1').textContent()).toBe('Welcome, Grace!');
    await page.locator('a', { hasText: 'Français' }).click();
    await page.waitForURL(/\/fr\/$/);
    expect(await page.locator('h1').textContent()).toBe('Bienvenue, Grace!');
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForSelector('text=Welcome, guest!');
    await page.context().close();
  });
});
