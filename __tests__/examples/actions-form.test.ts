// Acceptance: examples/actions-form, started as `npm run example:actions` would, driven over a
// real socket with JavaScript off (form post, redirect, result on the next GET) and on (client).
import request from 'supertest';
import http from 'node:http';
import { createActions, isInputError } from '../../lib/client/index';
import type { AnyAction } from '../../lib/index';
import { close, listen } from '../helpers/hosts';

/* eslint-disable @typescript-eslint/no-require-imports */
const { createApp } = require('../../examples/actions-form/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('examples/actions-form', () => {
  let server: http.Server;
  let base: string;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    const { app, close: closeApp } = createApp();
    server = http.createServer(app);
    base = await listen(server);
    stop = async () => {
      await close(server);
      await closeApp();
    };
  });
  afterAll(() => stop());

  it('renders a form whose action is the action query string', async () => {
    const res = await request(base).get('/').expect(200);
    expect(res.text).toContain('<form id="sign" method="POST" action="?_action=guestbook.sign">');
  });

  it('works with JavaScript off: post, 303 back to the page, the result once', async () => {
    const agent = request.agent(base);
    const post = await agent.post('/?_action=guestbook.sign').set('origin', base).type('form').send('name=Ada&message=Hello+%3Cb%3E&subscribe=on').expect(303);
    expect(post.headers.location).toBe('/');
    const page = await agent.get('/').expect(200);
    expect(page.text).toMatch(/Thanks, Ada! \d+ entries so far\./);
    expect(page.text).toContain('Hello &#60;b&#62;'); // escaped
    expect((await agent.get('/').expect(200)).text).not.toContain('Thanks, Ada');
    await agent.post('/?_action=guestbook.sign').set('origin', base).type('form').send('name=&message=').expect(303);
    const errors = await agent.get('/').expect(200);
    expect(errors.text).toContain('name: Tell us your name');
    expect(errors.text).toContain('message: Write a message');
  });

  it('works with JavaScript on: the client calls the same action', async () => {
    // The example is JavaScript: its actions are typed loosely here.
    const actions = createActions<{ guestbook: { sign: AnyAction; list: AnyAction } }>({ baseUrl: base, headers: { 'sec-fetch-site': 'same-origin' } });
    const form = new FormData();
    form.append('name', 'Grace');
    form.append('message', 'From the client');
    const { data, error } = await actions.guestbook.sign(form);
    expect(error).toBeUndefined();
    expect(data).toMatchObject({ entry: { name: 'Grace', subscribe: false } });
    const bad = await actions.guestbook.sign(new FormData());
    expect(isInputError(bad.error)).toBe(true);
    expect((await actions.guestbook.list.orThrow())[0]).toMatchObject({ name: 'Grace' });
  });

  it('serves the built client to the page and refuses cross-site form posts', async () => {
    const client = await request(base).get('/client.mjs').expect(200);
    expect(client.headers['content-type']).toMatch(/javascript/);
    expect(client.text).toContain('createActions');
    await request(base).post('/?_action=guestbook.sign').set('origin', 'http://evil.test').type('form').send('name=x&message=y').expect(403);
  });
});
