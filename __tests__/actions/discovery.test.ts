// src/actions/index.{ts,js,mjs} under root, like Astro: its `server` export is served without
// an `actions` option (with or without src/pages, with or without `routes`); a file without one
// fails every request with ActionsCantBeLoaded.
import path from 'node:path';
import request from 'supertest';
import { parse } from 'devalue';
import { describeEachHost, serve } from '../helpers/hosts';
import { Pipeline } from '../../lib/core/pipeline/pipeline';
import { resolveActionsOptions } from '../../lib/core/actions/options';
import { DISCOVERY_WARNING } from '../../lib/core/discovery/report';
import type { APIContext } from '../../lib/types';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

describeEachHost('discovered actions on %s', (host) => {
  it('serves the server export of src/actions/index.ts, to RPC and to form posts', async () => {
    const app = await serve(host, { root: fixture('actions-app') });
    try {
      const rpc = await request(app.base).post('/_actions/greet').send({ name: 'Ada' }).expect(200);
      expect(parse(rpc.text)).toBe('Hello, Ada!');
      const nested = await request(app.base).post('/_actions/admin.ping').set('content-type', 'application/json').expect(200);
      expect(parse(nested.text)).toBe('pong');
      const page = await request(app.base).post('/?_action=greet').send({ name: 'Form' }).expect(200);
      expect(page.text).toBe('<p>Hello, Form!</p>');
    } finally {
      await app.close();
    }
  });
});

describeEachHost('actions discovered without src/pages on %s', (host) => {
  const root = fixture('actions-only');

  it('serves the actions of an app that has only src/actions, and says nothing about finding nothing', async () => {
    const warn = jest.spyOn(process, 'emitWarning').mockImplementation(() => {});
    const app = await serve(host, { root });
    try {
      const rpc = await request(app.base).post('/_actions/greet').send({ name: 'Ada' }).expect(200);
      expect(parse(rpc.text)).toBe('Hello, Ada!');
      const form = await request(app.base).post('/_actions/guestbook.sign').set('origin', app.base).type('form').send('name=Bo').expect(200);
      expect(parse(form.text)).toEqual({ signed: 'Bo' });
      await request(app.base).post('/_actions/missing').send({}).expect(404);
      const ours = warn.mock.calls.filter(([, options]) => (options as { code?: string } | undefined)?.code === DISCOVERY_WARNING);
      expect(ours).toEqual([]);
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });

  it('serves them beside explicit routes too, to RPC calls and to forms posted to those routes', async () => {
    const { server } = await import('../fixtures/actions-only/src/actions/index');
    const routes = {
      '/sign': {
        default: (context: APIContext) => {
          const result = context.getActionResult(server.guestbook.sign);
          return `<p>${result === undefined ? 'no result' : result.error ? `error ${result.error.code}` : `signed ${result.data!.signed}`}</p>`;
        },
      },
    };
    const app = await serve(host, { root, routes });
    try {
      const rpc = await request(app.base).post('/_actions/greet').send({ name: 'Grace' }).expect(200);
      expect(parse(rpc.text)).toBe('Hello, Grace!');
      const page = await request(app.base).post('/sign?_action=guestbook.sign').set('origin', app.base).type('form').send('name=Lin').expect(200);
      expect(page.text).toBe('<p>signed Lin</p>');
      const invalid = await request(app.base).post('/sign?_action=guestbook.sign').set('origin', app.base).type('form').send('name=').expect(400);
      expect(invalid.text).toBe('<p>error BAD_REQUEST</p>');
      expect((await request(app.base).get('/sign').expect(200)).text).toBe('<p>no result</p>');
    } finally {
      await app.close();
    }
  });
});

describe('actions discovery', () => {
  it('names discovered actions, for their form action strings', async () => {
    const pipeline = new Pipeline({ root: fixture('actions-app'), middleware: undefined });
    await pipeline.ready;
    expect(pipeline.actions).toBeDefined();
    const { server } = await import('../fixtures/actions-app/src/actions/index');
    expect(String(server.admin.ping)).toBe('?_action=admin.ping');
  });

  it('looks for actions under root unless the actions option is given, with routes given too', async () => {
    const given = new Pipeline({ root: fixture('actions-app'), middleware: undefined, actions: {} });
    expect(given.actions).toBeDefined();
    const { server } = await import('../fixtures/actions-app/src/actions/index');
    expect(given.actions!.find('greet')).toBeUndefined();
    // Issue 13: discovery does not depend on pages discovery (this used to leave actions undefined).
    const routed = new Pipeline({ root: fixture('actions-app'), routes: {}, middleware: undefined });
    await routed.ready;
    expect(routed.actions!.nameOf(server.greet[Symbol.for('astro-bridge.action') as never])).toBe('greet');
  });

  it('does not look under the default root (process.cwd()) when routes are given: src/actions is a common folder name', () => {
    expect(resolveActionsOptions({ routes: {} }).discover).toBe(false);
    expect(resolveActionsOptions({ routes: {}, root: '/srv/app' }).discover).toBe(true);
    expect(resolveActionsOptions({}).discover).toBe(true);
    expect(resolveActionsOptions({ root: '/srv/app', actions: undefined }).discover).toBe(false);
  });

  it('adds no start-up work when root has no actions file and routes are given', () => {
    const pipeline = new Pipeline({ root: fixture('no-src'), routes: {}, middleware: undefined });
    expect(pipeline.loaded).toBe(true);
    expect(pipeline.actions).toBeUndefined();
  });

  it('reports a file without a server export as ActionsCantBeLoaded', async () => {
    const pipeline = new Pipeline({ root: fixture('actions-bad'), middleware: undefined });
    await expect(pipeline.ready).rejects.toMatchObject({ name: 'ActionsCantBeLoaded', message: expect.stringContaining('`server`') });
  });

  it.each([
    ['actions', { actions: [] }],
    ['actions', { actions: 'x' }],
    ['actionBodySizeLimit', { actionBodySizeLimit: -1 }],
    ['actionBodySizeLimit', { actionBodySizeLimit: 1.5 }],
    ['checkOrigin', { checkOrigin: 'yes' }],
  ])('refuses a bad %s option with InvalidOption', (option, options) => {
    expect(() => new Pipeline({ routes: {}, ...(options as object) })).toThrow(expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining(option) }));
  });
});
