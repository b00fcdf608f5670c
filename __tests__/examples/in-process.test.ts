// Acceptance: the example apps, required as users would run them, driven over real sockets.
import request from 'supertest';

/* eslint-disable @typescript-eslint/no-require-imports */
const { app: expressApp } = require('../../examples/express-basic/server.js');
const { app: koaApp } = require('../../examples/koa-basic/server.js');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('examples/express-basic', () => {
  it('lists, creates and reads posts through Astro-style endpoints', async () => {
    const list = await request(expressApp).get('/api/posts').expect(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    const created = await request(expressApp).post('/api/posts').send({ title: 'New' }).expect(201);
    expect(created.headers.location).toBe(`/api/posts/${created.body.id}`);
    const read = await request(expressApp).get(`/api/posts/${created.body.id}`).expect(200);
    expect(read.body.title).toBe('New');
  });

  it('answers a bad POST with 400 and an unknown post with 404', async () => {
    await request(expressApp).post('/api/posts').send({}).expect(400);
    await request(expressApp).get('/api/posts/999').expect(404);
  });

  it('shares res.locals as context.locals and reports the client address', async () => {
    const res = await request(expressApp).get('/api/whoami').set('x-request-id', 'abc').expect(200);
    expect(res.body.requestId).toBe('abc');
    expect(res.body.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(res.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/whoami$/);
    expect(res.body.generator).toMatch(/^astro-bridge v\d+\.\d+\.\d+/);
  });

  it('redirects and falls through to Express for everything else', async () => {
    const redirect = await request(expressApp).get('/old-home').expect(301);
    expect(redirect.headers.location).toBe('/');
    const home = await request(expressApp).get('/').expect(200);
    expect(home.text).toContain('Express home');
  });
});

describe('examples/koa-basic', () => {
  const server = koaApp.callback();

  it('serves a dynamic route with ctx.state as locals', async () => {
    const res = await request(server).get('/hello/Ada').expect(200);
    expect(res.text).toBe('Hello, Ada!');
    expect(Number(res.headers['x-started-at'])).toBeGreaterThan(0);
  });

  it('reads a JSON body that @koa/bodyparser already consumed', async () => {
    const res = await request(server).post('/echo').send({ a: [1, 2] }).expect(200);
    expect(res.body).toEqual({ received: { a: [1, 2] } });
  });

  it('passes other requests downstream', async () => {
    const res = await request(server).get('/elsewhere').expect(200);
    expect(res.text).toBe('Koa downstream');
  });
});

describe('examples/auth-sessions', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createApp } = require('../../examples/auth-sessions/server.js');

  it.each([
    ['memory', undefined],
    ['Redis (REDIS_URL)', process.env.REDIS_URL],
  ])('logs a user in and out with %s sessions', async (_name, redisUrl) => {
    if (_name !== 'memory' && !redisUrl) {
      console.warn('SKIPPED: the Redis variant of examples/auth-sessions needs REDIS_URL.');
      return;
    }
    const { app, close } = createApp({ redisUrl });
    try {
      const agent = request.agent(app);
      expect((await agent.get('/').expect(200)).text).toContain('Hello, stranger');
      const login = await agent.post('/login').type('form').send({ name: 'Ada' }).expect(303);
      expect(login.headers.location).toBe('/');
      expect((await agent.get('/').expect(200)).text).toContain('Hello, Ada');
      expect((await agent.get('/api/me').expect(200)).body.user.name).toBe('Ada');
      await agent.post('/logout').expect(303);
      expect((await agent.get('/api/me').expect(200)).body).toEqual({ user: null });
      await agent.post('/login').type('form').send({ name: '' }).expect(400);
    } finally {
      await close();
    }
  });
});

describe('examples/i18n-site', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const server = require('../../examples/i18n-site/server.js').app.callback();

  it('redirects / to the default locale', async () => {
    const res = await request(server).get('/').expect(302);
    expect(res.headers.location).toBe('/en/');
  });

  it('renders each locale with its own greeting, the preferred locale and locale links', async () => {
    const fr = await request(server).get('/fr').set('accept-language', 'pt-BR, fr;q=0.8').expect(200);
    expect(fr.text).toContain('<h1>Bonjour!</h1>');
    expect(fr.text).toContain('Your browser prefers: pt-BR');
    expect(fr.text).toContain('href="/en/"');
    const pt = await request(server).get('/portugues').expect(200);
    expect(pt.text).toContain('<h1>Olá!</h1>');
  });

  it('falls back to the English page a locale lacks, by rewrite, keeping the URL and currentLocale', async () => {
    const res = await request(server).get('/fr/about').expect(200);
    expect(res.text).toBe('<h1>About (fr)</h1>');
  });

  it('answers unknown paths below a locale with a 404', async () => {
    await request(server).get('/en/nope').expect(404);
  });

  it('negotiates Accept-Language in an endpoint', async () => {
    const res = await request(server).get('/api/locale').set('accept-language', 'de, fr;q=0.9, en;q=0.5').expect(200);
    expect(res.body).toEqual({ preferredLocale: 'fr', preferredLocaleList: ['fr', 'en'] });
  });
});
