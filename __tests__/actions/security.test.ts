// The attacks, on every host (Express 4/5, Koa 2/3, node:http): oversized bodies (declared and streamed),
// cross-site form posts, leaks of server errors in production, prototype pollution.
import http from 'node:http';
import request from 'supertest';
import { parse } from 'devalue';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { calls, routes, server } from './_app';

/** POSTs `chunks` with Transfer-Encoding: chunked (no Content-Length); resolves with status and body. */
function postChunked(base: string, path: string, type: string, chunks: string[]): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent: false, headers: { 'content-type': type, origin: base } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    // The server may answer (and close) before the whole body is sent.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const chunk of chunks) req.write(chunk);
    req.end();
  });
}

describeEachHost('action safety on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, { routes, actions: server, actionBodySizeLimit: 1024 });
  });
  afterAll(() => app.close());

  it('answers 413 to a declared Content-Length over the limit, before the handler runs', async () => {
    const before = calls.count;
    const res = await request(app.base).post('/_actions/echo').send({ name: 'x'.repeat(2000) }).expect(413);
    expect(res.body).toMatchObject({ type: 'AstroActionError', code: 'CONTENT_TOO_LARGE', message: 'Request body exceeds 1024 bytes' });
    expect(calls.count).toBe(before);
  });

  it('answers 413 to a chunked JSON body that grows over the limit while streaming', async () => {
    const before = calls.count;
    const res = await postChunked(app.base, '/_actions/echo', 'application/json', ['{"name":"', ...Array.from({ length: 20 }, () => 'y'.repeat(100)), '"}']);
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ code: 'CONTENT_TOO_LARGE' });
    expect(calls.count).toBe(before);
  });

  it('answers 413 to a chunked form over the limit posted to a page, without running the action', async () => {
    const before = calls.count;
    const res = await postChunked(app.base, '/signup?_action=signup', 'application/x-www-form-urlencoded', Array.from({ length: 30 }, (_, i) => `f${i}=${'z'.repeat(60)}&`));
    expect(res.status).toBe(413);
    expect(res.text).toContain('error CONTENT_TOO_LARGE');
    expect(calls.count).toBe(before);
  });

  it('accepts a chunked body under the limit', async () => {
    const res = await postChunked(app.base, '/_actions/echo', 'application/json', ['{"name":', '"Ada"}']);
    expect(res.status).toBe(200);
  });

  it.each([
    ['a foreign Origin', { origin: 'http://evil.test' }],
    ['Sec-Fetch-Site: cross-site, even with the right Origin', { 'sec-fetch-site': 'cross-site', origin: '=' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['no Origin and no Sec-Fetch-Site', {}],
  ])('refuses a cross-site form post to the endpoint with 403 (%s)', async (_name, headers: Record<string, string>) => {
    const before = calls.count;
    let req = request(app.base).post('/_actions/signup').type('form');
    for (const [key, value] of Object.entries(headers)) req = req.set(key, value === '=' ? app.base : value);
    const res = await req.send('email=a%40b.co&age=1&tags=x').expect(403);
    expect(res.text).toBe('Cross-site POST form submissions are forbidden');
    expect(calls.count).toBe(before);
  });

  it('refuses a cross-site form post to a page form action with 403, before any rendering', async () => {
    const before = calls.count;
    await request(app.base).post('/signup?_action=signup').set('origin', 'http://evil.test').type('form').send('email=a%40b.co').expect(403);
    await request(app.base).post('/signup?_action=signup').set('origin', 'http://evil.test').set('content-type', 'text/plain').send('x').expect(403);
    expect(calls.count).toBe(before);
  });

  it('lets same-origin form posts (Origin, or Sec-Fetch-Site: same-origin) and cross-origin JSON through', async () => {
    await request(app.base).post('/_actions/signup').set('origin', app.base).type('form').send('email=a%40b.co&age=1&tags=x').expect(200);
    await request(app.base).post('/_actions/signup').set('sec-fetch-site', 'same-origin').set('origin', 'http://other.test').type('form').send('email=a%40b.co&age=1').expect(200);
    await request(app.base).post('/_actions/echo').set('origin', 'http://evil.test').send({ name: 'Ada' }).expect(200);
  });

  it('keeps __proto__ in JSON input from changing any prototype', async () => {
    const res = await request(app.base)
      .post('/_actions/loose')
      .set('content-type', 'application/json')
      .send('{"__proto__":{"polluted":"yes"},"a":"x","constructor":{"prototype":{"polluted":"yes"}}}')
      .expect(200);
    expect(parse(res.text)).toEqual({ ownProto: true, keys: ['a', 'constructor'], polluted: null });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const escaped = await request(app.base).post('/_actions/loose').set('content-type', 'application/json').send('{"\\u005f_proto__":{"polluted":"yes"},"a":"x"}').expect(200);
    expect(parse(escaped.text)).toEqual({ ownProto: true, keys: ['a'], polluted: null });
  });

  it('keeps __proto__ in form input from changing any prototype', async () => {
    const res = await request(app.base).post('/_actions/loose').set('origin', app.base).type('form').send('__proto__=x&a=y').expect(415);
    expect(res.body.code).toBe('UNSUPPORTED_MEDIA_TYPE'); // loose is a JSON action
    const form = await request(app.base)
      .post('/_actions/signup')
      .set('origin', app.base)
      .type('form')
      .send('__proto__[polluted]=yes&__proto__=1&email=a%40b.co&age=1&tags=x')
      .expect(200);
    expect(Object.keys(parse(form.text))).not.toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('is off with checkOrigin: false', async () => {
    const open = await serve(host, { routes, actions: server, checkOrigin: false });
    try {
      await request(open.base).post('/_actions/signup').set('origin', 'http://evil.test').type('form').send('email=a%40b.co&age=1').expect(200);
    } finally {
      await open.close();
    }
  });
});

describeEachHost('errors in production on %s', (host) => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('never sends the message or stack of a non-ActionError', async () => {
    process.env.NODE_ENV = 'production';
    const app = await serve(host, { routes, actions: server });
    try {
      const res = await request(app.base).post('/_actions/crash').send({}).expect(500);
      expect(res.text).not.toContain('secret');
      expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
      expect(res.body).toEqual({ type: 'AstroActionError', code: 'INTERNAL_SERVER_ERROR', status: 500, message: 'Internal Server Error' });
      // An ActionError's own message is meant for the client: it is kept.
      const meant = await request(app.base).post('/_actions/fail').send({ code: 'CONFLICT' }).expect(409);
      expect(meant.body.message).toBe('failed with CONFLICT');
    } finally {
      await app.close();
    }
  });
});

describeEachHost('the default action body limit on %s', (host) => {
  it('has a 1 MiB default limit', async () => {
    const app = await serve(host, { routes, actions: server });
    try {
      await request(app.base).post('/_actions/raw').send({ a: 'x'.repeat(1024 * 1024) }).expect(413);
      await request(app.base).post('/_actions/raw').send({ a: 'x'.repeat(1024 * 1000) }).expect(200);
    } finally {
      await app.close();
    }
  });
});
