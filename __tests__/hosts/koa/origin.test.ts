import { describeEachHost, serve, type HostApp, type Served } from '../../helpers/hosts';
import { rawHttp } from '../../helpers/raw';
import type { RendererOptions } from '../../../lib/types';

// context.url's origin on Koa is read from the request directly when app.proxy is off (Koa's
// getters are skipped for speed): it must agree with what Koa itself says, Host by Host.
const options: RendererOptions = {
  routes: {
    '/origin': {
      GET: ({ url, locals }) => Response.json({ ours: url.origin, koa: (locals as { koa?: string }).koa }),
    },
  },
};

// What Koa decides, recorded before the renderer runs.
const recordKoaOrigin = (app: HostApp) =>
  app.use((ctx: { protocol: string; host: string; state: Record<string, unknown> }, next: () => Promise<void>) => {
    ctx.state.koa = `${ctx.protocol}://${ctx.host.toLowerCase()}`;
    return next();
  });

const HOSTS = ['shop.example', 'Shop.Example:8080', 'a.example, b.example', '127.0.0.1:3000', '[::1]:8443'];

describeEachHost(
  'context.url origin on %s agrees with ctx.protocol and ctx.host',
  (host) => {
    describe.each([false, true])('app.proxy %s', (trustProxy) => {
      let served: Served;
      beforeAll(async () => {
        served = await serve(host, options, { before: recordKoaOrigin, trustProxy });
      });
      afterAll(() => served.close());

      it.each(HOSTS)('Host: %s', async (hostHeader) => {
        const res = await rawHttp(served.base, 'GET /origin HTTP/1.1', { Host: hostHeader });
        expect(res.status).toBe(200);
        const { ours, koa } = JSON.parse(res.body);
        expect(ours).toBe(koa);
      });

      it('a request without Host gets localhost, as Koa has none', async () => {
        const res = await rawHttp(served.base, 'GET /origin HTTP/1.0', {});
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body).ours).toBe('http://localhost');
      });
    });
  },
  { skip: { express: "compares with Koa's own ctx.protocol and ctx.host", node: "compares with Koa's own ctx.protocol and ctx.host" } },
);
