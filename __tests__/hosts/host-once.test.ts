import request from 'supertest';
import type { Logger, MiddlewareHandler } from '../../lib/types';
import { EXPRESS_HOSTS, KOA_HOSTS, mount } from '../helpers/hosts';

// The host app's next handlers run at most once per request: a rewrite to another host path
// after next() already ran them is refused with the catalog's HostNextCalledTwice.

const rewriteAfterNext: MiddlewareHandler = async (context, next) => {
  await next();
  return context.rewrite('/elsewhere');
};

describe.each(EXPRESS_HOSTS)('%s', (host) => {
  it('answers 500 and logs HostNextCalledTwice', async () => {
    const errors: unknown[] = [];
    const logger: Logger = { error: (e) => errors.push(e), warn() {}, info() {}, debug() {} };
    const server = mount(host, { routes: {}, middleware: rewriteAfterNext, logger });
    try {
      await request(server).get('/first').expect(500, 'Internal Server Error');
    } finally {
      server.close();
    }
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('HostNextCalledTwice: Express can run its next handlers only once per request.');
  });
});

describe.each(KOA_HOSTS)('%s', (host) => {
  it("hands HostNextCalledTwice to Koa's error handling", async () => {
    const server = mount(host, { routes: {}, middleware: rewriteAfterNext });
    try {
      const res = await request(server).get('/first').expect(500);
      expect(res.text).toMatch(/^host error: HostNextCalledTwice: Koa can run its next handlers only once per request\.\nHint: /);
    } finally {
      server.close();
    }
  });
});
