// examples/actions-form in a real Chromium, started the way its README says: the guestbook
// form signed with JavaScript OFF (a plain form post, Post/Redirect/Get through the session,
// the result read with getActionResult) and ON (the typed client, no page load), asserting
// what a person sees. Screenshots land in .screenshots/ (gitignored).
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startExample, type StartedExample } from '../examples/start';
import { launchChromium, SCREENSHOTS } from './chromium';

jest.setTimeout(120_000);

let browser: Browser | undefined;
let example: StartedExample | undefined;

beforeAll(async () => {
  browser = await launchChromium();
  if (browser) example = await startExample('actions-form');
});

afterAll(async () => {
  await browser?.close();
  await example?.stop();
});

/** A fresh context (own cookies, so its own session) on the guestbook; undefined without Chromium. */
async function open(javaScriptEnabled: boolean): Promise<Page | undefined> {
  if (!browser || !example) return undefined;
  const context = await browser.newContext({ javaScriptEnabled });
  const page = await context.newPage();
  await page.goto(example.url);
  return page;
}

async function sign(page: Page, name: string, message: string, subscribe = false): Promise<void> {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Message').fill(message);
  if (subscribe) await page.getByLabel('Subscribe').check();
  await page.getByRole('button', { name: 'Sign' }).click();
}

describe('examples/actions-form in Chromium', () => {
  it('works with JavaScript off: the form posts, redirects back and shows the result once', async () => {
    const page = await open(false);
    if (!page) return;
    await page.screenshot({ path: path.join(SCREENSHOTS, 'actions-form.png'), fullPage: true });
    expect(await page.locator('h1').textContent()).toBe('Guestbook');

    const posted: string[] = [];
    page.on('request', (request) => void posted.push(`${request.method()} ${new URL(request.url()).pathname}${new URL(request.url()).search}`));
    await sign(page, 'Ada', 'Hello <b>there</b>', true);
    await page.waitForSelector('[role="status"]');
    // A real form post to the action's query string, answered with a redirect to the page (PRG).
    expect(posted.slice(0, 2)).toEqual(['POST /?_action=guestbook.sign', 'GET /']);
    expect(new URL(page.url()).search).toBe('');
    expect(await page.getByRole('status').textContent()).toMatch(/^Thanks, Ada! \d+ entries so far\.$/);
    expect(await page.locator('#entries li').first().textContent()).toBe('Ada: Hello <b>there</b>'); // shown as text, not markup

    // The result was handed over once: a reload is a plain GET, without the notice.
    await page.reload();
    expect(await page.getByRole('status').count()).toBe(0);
    expect(await page.locator('#entries li').first().textContent()).toBe('Ada: Hello <b>there</b>');

    // Invalid input: the field errors, from the session, on the page.
    await sign(page, '', '');
    await page.waitForSelector('[role="alert"]');
    expect(await page.getByRole('alert').locator('li').allTextContents()).toEqual(['name: Tell us your name', 'message: Write a message']);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'actions-form-js-off.png'), fullPage: true });
    await page.context().close();
  });

  it('works with JavaScript on: the client calls the action and the page updates without loading again', async () => {
    const page = await open(true);
    if (!page) return;
    const loads: string[] = [];
    page.on('framenavigated', (frame) => void loads.push(frame.url()));
    const calls: string[] = [];
    page.on('request', (request) => void (request.method() === 'POST' && calls.push(new URL(request.url()).pathname)));

    await sign(page, 'Grace', 'From the client');
    await page.getByText(/^Thanks, Grace! \d+ entries so far\.$/).waitFor();
    await page.locator('#entries li', { hasText: 'Grace: From the client' }).first().waitFor();
    expect(calls).toEqual(['/_actions/guestbook.sign', '/_actions/guestbook.list']); // the typed client, not a form post
    expect(loads).toEqual([]); // no navigation: the script handled the submit
    expect(await page.getByLabel('Name').inputValue()).toBe(''); // the form was reset

    await sign(page, '', '');
    await page.getByText('name: Tell us your name; message: Write a message').waitFor();
    expect(loads).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'actions-form-js-on.png'), fullPage: true });
    await page.context().close();
  });
});
