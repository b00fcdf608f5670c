import request from 'supertest';
import type { Logger, MiddlewareHandler } from '../../lib/types';
import { describeEachHost, isKoa, mount } from '../helpers/hosts';

// The host app's next handlers run at most once per request: a rewrite to another host path
// after next() already ran them is refused with the catalog's HostNextCalledTwice.

const rewriteAfterNext: MiddlewareHandler = async (context, next) => {
  await next();
  return context.rewrite('/elsewhere');
};

const hostLabel = { express4: 'Express', express5: 'Express', node: 'node:http' } as const;

describeEachHost('%s', (host) => {
  if (isKoa(host)) {
    it("hands HostNextCalledTwice to Koa's error handling", async () => {
      const server = mount(host, { routes: {}, middleware: rewriteAfterNext });
      try {
        const res = await request(server).get('/first').expect(500);
        expect(res.text).toMatch(/^host error: HostNextCalledTwice: Koa can run its next handlers only once per request\.\nHint: /);
      } finally {
        server.close();
      }
    });
    return;
  }
  it('answers 500 and logs HostNextCalledTwice', async () => {
    const errors: unknown[] = [];
    const logger: Logger = { error: (e) => errors.push(e), warn() {}, info() {}, debug() {} };
    // node: a host around the listener (its fall-through handler) gives it next handlers to run.
    const server = mount(host, { routes: {}, middleware: rewriteAfterNext, logger }, { fallThrough: true });
    try {
      await request(server).get('/first').expect(500, 'Internal Server Error');
    } finally {
      server.close();
    }
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain(`HostNextCalledTwice: ${hostLabel[host]} can run its next handlers only once per request.`);
  });
});
