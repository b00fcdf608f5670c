// Cross-site request forgery against actions, on every host (Express 4/5, Koa 2/3, node:http):
// a page on evil.test that auto-submits a form to `POST /_actions/<name>`, or to a page or
// endpoint with `?_action=<name>`, gets 403 before any middleware or handler runs (Astro's
// `security.checkOrigin`). Same-origin forms and JSON calls from anywhere go through.
import request from 'supertest';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { defineMiddleware } from '../../lib/index';
import { calls, routes, server } from './_app';

const FORBIDDEN = 'Cross-site POST form submissions are forbidden';
const BOUNDARY = 'XyZ';
const multipart = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([name, value]) => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
    .join('') + `--${BOUNDARY}--\r\n`;
const FIELDS = { email: 'a@b.co', age: '1', tags: 'x' };
const URLENCODED = 'email=a%40b.co&age=1&tags=x';

/** What a browser form (or a no-cors fetch) can send: every form-like type, spelt any way. */
const BODIES: [string, string, string][] = [
  ['urlencoded', 'application/x-www-form-urlencoded', URLENCODED],
  ['urlencoded, mixed case with charset', 'Application/X-WWW-Form-URLEncoded; Charset=UTF-8', URLENCODED],
  ['multipart', `multipart/form-data; boundary=${BOUNDARY}`, multipart(FIELDS)],
  ['multipart, upper case', `MULTIPART/FORM-DATA; boundary=${BOUNDARY}`, multipart(FIELDS)],
  ['text/plain', 'text/plain', 'email=a@b.co'],
  ['text/plain, mixed case', 'Text/Plain;charset=utf-8', '{"name":"Ada"}'],
];

/** What a cross-site browser request says about where it comes from. */
const ATTACKS: [string, (base: string) => Record<string, string>][] = [
  ['Sec-Fetch-Site: cross-site', () => ({ 'sec-fetch-site': 'cross-site' })],
  ['Sec-Fetch-Site: cross-site with our own Origin', (base) => ({ 'sec-fetch-site': 'cross-site', origin: base })],
  ['Sec-Fetch-Site: same-site (a sibling subdomain)', () => ({ 'sec-fetch-site': 'same-site' })],
  ['a foreign Origin', () => ({ origin: 'http://evil.test' })],
  ['Origin: null (a sandboxed frame)', () => ({ origin: 'null' })],
  ['our host name on another port', (base) => ({ origin: base.replace(/:\d+$/, ':1') })],
];

/** Where a form can run an action: the RPC endpoint (a form and a JSON action), a page, an endpoint. */
const TARGETS = ['/_actions/signup', '/_actions/nothing', '/signup?_action=signup', '/report?_action=echo'];

describeEachHost('checkOrigin for actions on %s', (host) => {
  let app: Served;
  const reached = { count: 0 };
  beforeAll(async () => {
    // Counts every request that got as far as the user's middleware.
    const middleware = defineMiddleware((_context, next) => {
      reached.count++;
      return next();
    });
    app = await serve(host, { routes, actions: server, middleware });
  });
  afterAll(() => app.close());

  describe.each(TARGETS)('a cross-site form posted to %s', (target) => {
    it.each(ATTACKS)('is refused with 403 (%s), for every form-like content type', async (_attack, headersOf) => {
      const before = { calls: calls.count, reached: reached.count };
      for (const [name, type, body] of BODIES) {
        const res = await request(app.base).post(target).set(headersOf(app.base)).set('content-type', type).send(body);
        expect({ name, status: res.status, text: res.text }).toEqual({ name, status: 403, text: FORBIDDEN });
      }
      expect({ calls: calls.count, reached: reached.count }).toEqual(before);
    });

    it('is refused with 403 without a Content-Type', async () => {
      const before = calls.count;
      const res = await request(app.base).post(target).set('origin', 'http://evil.test').expect(403);
      expect(res.text).toBe(FORBIDDEN);
      expect(calls.count).toBe(before);
    });

    it('is refused when it carries neither Sec-Fetch-Site nor Origin (no browser form omits both)', async () => {
      const res = await request(app.base).post(target).type('form').send(URLENCODED).expect(403);
      expect(res.text).toBe(FORBIDDEN);
    });
  });

  it.each(BODIES)('lets a same-origin %s form post reach the action (Origin, or Sec-Fetch-Site)', async (_name, type, body) => {
    for (const headers of [{ origin: app.base }, { 'sec-fetch-site': 'same-origin' }, { 'sec-fetch-site': 'none' }]) {
      for (const target of TARGETS) {
        const res = await request(app.base).post(target).set(headers).set('content-type', type).send(body);
        expect({ target, headers, status: res.status }).not.toEqual({ target, headers, status: 403 });
      }
    }
    // The form action ran and the page saw its result (text/plain is no form: 415, shown by the page).
    const page = await request(app.base).post('/signup?_action=signup').set('origin', app.base).set('content-type', type).send(body);
    expect(page.text).toContain(type.toLowerCase().startsWith('text/') ? 'error UNSUPPORTED_MEDIA_TYPE' : 'ok {"email":"a@b.co","age":1');
  });

  it('lets JSON calls through from any origin (a browser sends them cross-site only after CORS)', async () => {
    const before = calls.count;
    await request(app.base).post('/_actions/echo').set('origin', 'http://evil.test').set('sec-fetch-site', 'cross-site').send({ name: 'Ada' }).expect(200);
    const endpoint = await request(app.base).post('/report?_action=echo').set('origin', 'http://evil.test').send({ name: 'Ada' }).expect(200);
    expect(endpoint.body.result.data).toMatchObject({ hello: 'Ada' });
    await request(app.base).post('/_actions/echo').set('content-type', 'Application/JSON; charset=utf-8').set('sec-fetch-site', 'cross-site').send('{"name":"Ada"}').expect(200);
    expect(calls.count).toBe(before + 3);
  });

  it('refuses the cross-site form with checkOrigin: { hostRoutes: true } too, and lets it through with checkOrigin: false', async () => {
    const strict = await serve(host, { routes, actions: server, checkOrigin: { hostRoutes: true } });
    const open = await serve(host, { routes, actions: server, checkOrigin: false });
    try {
      await request(strict.base).post('/_actions/signup').set('origin', 'http://evil.test').type('form').send(URLENCODED).expect(403);
      await request(strict.base).post('/signup?_action=signup').set('sec-fetch-site', 'cross-site').type('form').send(URLENCODED).expect(403);
      await request(open.base).post('/_actions/signup').set('origin', 'http://evil.test').type('form').send(URLENCODED).expect(200);
      await request(open.base).post('/signup?_action=signup').set('sec-fetch-site', 'cross-site').type('form').send(URLENCODED).expect(200);
    } finally {
      await Promise.all([strict.close(), open.close()]);
    }
  });
});
