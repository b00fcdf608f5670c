import request from 'supertest';
import { describeEachHost, isExpress, serve, type HostApp, type HostName, type Served } from '../helpers/hosts';
import { rawHttp } from '../helpers/raw';
import type { RendererOptions } from '../../lib/types';

const FORGED = {
  'X-Forwarded-Host': 'evil.example',
  'X-Forwarded-Proto': 'https',
  'X-Forwarded-For': '203.0.113.9, 10.0.0.1',
};

const options: RendererOptions = {
  trailingSlash: 'never',
  routes: {
    '/who': {
      GET: ({ url, clientAddress, locals }) =>
        Response.json({ href: url.href, clientAddress, hostIp: (locals as { hostIp?: string }).hostIp ?? null }),
    },
  },
};

// Records what the host itself thinks the client address is (Express `req.ip`, Koa `ctx.ip`).
function recordHostIp(host: HostName) {
  if (host === 'node') return undefined;
  if (isExpress(host)) {
    return (app: HostApp) =>
      app.use((req: { ip: string }, res: { locals: Record<string, unknown> }, next: () => void) => {
        res.locals.hostIp = req.ip;
        next();
      });
  }
  return (app: HostApp) =>
    app.use((ctx: { ip: string; state: Record<string, unknown> }, next: () => Promise<void>) => {
      ctx.state.hostIp = ctx.ip;
      return next();
    });
}

describeEachHost('proxy headers on %s', (host) => {
  describe('without proxy trust', () => {
    let app: Served;
    beforeAll(async () => {
      app = await serve(host, options, { before: recordHostIp(host) });
    });
    afterAll(() => app.close());

    it('ignores forged X-Forwarded-Host/Proto/For', async () => {
      const res = await request(app.base).get('/who?q=1').set(FORGED).expect(200);
      expect(res.body.href).toBe(`${app.base}/who?q=1`);
      expect(res.body.clientAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
      if (host !== 'node') expect(res.body.clientAddress).toBe(res.body.hostIp);
    });

    it('answers a malformed Host header with 400 through the host, and keeps serving', async () => {
      const res = await request(app.base).get('/who').set('Host', 'bad host!');
      expect(res.status).toBe(400);
      if (host !== 'node') expect(res.text).toMatch(/^host error: MalformedHost: /);
      await request(app.base).get('/who').expect(200);
    });
  });

  describe('with proxy trust', () => {
    let app: Served;
    beforeAll(async () => {
      app = await serve(host, options, { trustProxy: true, before: recordHostIp(host) });
    });
    afterAll(() => app.close());

    it('takes the origin and the client address from the forwarded headers', async () => {
      const res = await request(app.base).get('/who?q=1').set(FORGED).expect(200);
      expect(res.body.href).toBe('https://evil.example/who?q=1');
      expect(res.body.clientAddress).toBe('203.0.113.9');
      if (host !== 'node') expect(res.body.hostIp).toBe('203.0.113.9');
    });

    it('uses the Host header when no forwarded headers are sent', async () => {
      const res = await request(app.base).get('/who').expect(200);
      expect(res.body.href).toBe(`${app.base}/who`);
      expect(res.body.clientAddress).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    });

    it('ignores a malformed X-Forwarded-Host and falls back to the Host header', async () => {
      const res = await request(app.base).get('/who').set('X-Forwarded-Host', 'bad host!').expect(200);
      expect(res.body.href).toBe(`${app.base}/who`);
    });
  });
});

describeEachHost('allowedDomains and site on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { ...options, site: 'https://site.example', allowedDomains: [{ hostname: 'allowed.example' }] });
  });
  afterAll(() => app.close());

  it("puts site's origin into context.url for a request naming another host", async () => {
    const res = await request(app.base).get('/who?x=1').set('Host', 'attacker.example').expect(200);
    expect(res.body.href).toBe('https://site.example/who?x=1');
  });

  it('keeps an allowed host', async () => {
    const res = await request(app.base).get('/who?x=1').set('Host', 'allowed.example').expect(200);
    expect(res.body.href).toBe('http://allowed.example/who?x=1');
  });
});

describeEachHost('allowedDomains with a trusted proxy on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { ...options, site: 'https://site.example', allowedDomains: [{ hostname: 'allowed.example' }] }, { trustProxy: true });
  });
  afterAll(() => app.close());

  it('checks the forwarded host against allowedDomains', async () => {
    const forged = await request(app.base).get('/who').set(FORGED).expect(200);
    expect(forged.body.href).toBe('https://site.example/who');
    const allowed = await request(app.base).get('/who').set({ ...FORGED, 'X-Forwarded-Host': 'allowed.example' }).expect(200);
    expect(allowed.body.href).toBe('https://allowed.example/who');
  });
});

// RFC 9112 §3.2.2: servers must accept `GET http://host/path`. Koa routes it on its path, Express
// and node:http leave it to the host (their renderers match on the raw target).
describeEachHost('absolute-form request target on %s', (host) => {
  let app: Served;
  let guarded: Served;
  beforeAll(async () => {
    app = await serve(host, options);
    guarded = await serve(host, { ...options, site: 'https://site.example', allowedDomains: [{ hostname: 'allowed.example' }] });
  });
  afterAll(async () => {
    await app.close();
    await guarded.close();
  });

  it("never puts the target's host into context.url", async () => {
    const res = await rawHttp(app.base, 'GET http://evil.example/who?q=1 HTTP/1.1', { Host: 'real.example' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).href).toBe('http://real.example/who?q=1');
  });

  it('applies allowedDomains to an absolute-form request', async () => {
    const res = await rawHttp(guarded.base, 'GET http://evil.example/who HTTP/1.1', { Host: 'attacker.example' });
    expect(JSON.parse(res.body).href).toBe('https://site.example/who');
  });

  it("never redirects a trailing slash to the target's host", async () => {
    const res = await rawHttp(app.base, 'GET http://evil.example/who/?q=1 HTTP/1.1', { Host: 'real.example' });
    expect(res.status).toBe(301);
    expect(res.headers.location).toBe('/who?q=1');
  });
});
