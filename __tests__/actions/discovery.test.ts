// src/actions/index.{ts,js,mjs} under root, like Astro: its `server` export is served without
// an `actions` option; a file without one fails every request with ActionsCantBeLoaded.
import path from 'node:path';
import request from 'supertest';
import { parse } from 'devalue';
import { FRAMEWORK_HOSTS, serve } from '../helpers/hosts';
import { Pipeline } from '../../lib/core/pipeline/pipeline';

const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);

describe.each(FRAMEWORK_HOSTS)('discovered actions on %s', (host) => {
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

describe('actions discovery', () => {
  it('names discovered actions, for their form action strings', async () => {
    const pipeline = new Pipeline({ root: fixture('actions-app'), middleware: undefined });
    await pipeline.ready;
    expect(pipeline.actions).toBeDefined();
    const { server } = await import('../fixtures/actions-app/src/actions/index');
    expect(String(server.admin.ping)).toBe('?_action=admin.ping');
  });

  it('looks for actions only in an Astro layout: not with the actions option, nor with routes given', () => {
    const given = new Pipeline({ root: fixture('actions-app'), middleware: undefined, actions: {} });
    expect(given.actions).toBeDefined();
    const routed = new Pipeline({ root: fixture('actions-app'), routes: {}, middleware: undefined });
    expect(routed.loaded).toBe(true);
    expect(routed.actions).toBeUndefined();
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
