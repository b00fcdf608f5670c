import request from 'supertest';
import { FastResponse } from '../../lib/index';
import { isBodyUntouched } from '../../lib/fetch/lazy-response';
import { describeEachHost, serve, type Served } from '../helpers/hosts';

describeEachHost('an endpoint answering with FastResponse on %s', (host) => {
  // Written from its string or bytes on every Node: the web stream is never made.
  const seen: Response[] = [];
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, {
      routes: {
        '/text': { GET: () => new FastResponse('héllo', { headers: { 'x-route': '1' } }) },
        '/json': { GET: () => FastResponse.json({ ok: true }, { status: 201 }) },
        '/bytes': { GET: () => new FastResponse(new Uint8Array([104, 105]), { headers: { 'content-type': 'application/octet-stream' } }) },
        '/read': { GET: () => new FastResponse('read') },
      },
      middleware: async (context, next) => {
        const response = await next();
        if (context.url.pathname === '/read') return new Response(`${await response.text()}!`, response);
        response.headers.set('x-mw', '1');
        seen.push(response);
        return response;
      },
    });
  });
  afterAll(() => app.close());

  it('text: its Content-Length, type and headers, the body never made', async () => {
    const res = await request(app.base).get('/text').expect(200);
    expect(res.text).toBe('héllo');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('héllo')));
    expect(res.headers['content-type']).toBe('text/plain;charset=UTF-8');
    expect([res.headers['x-route'], res.headers['x-mw']]).toEqual(['1', '1']);
    expect(isBodyUntouched(seen.at(-1)!)).toBe(true);
  });

  it('json() and bytes: the same', async () => {
    const json = await request(app.base).get('/json').expect(201);
    expect([json.body, json.headers['content-type'], json.headers['content-length']]).toEqual([{ ok: true }, 'application/json', '11']);
    expect(isBodyUntouched(seen.at(-1)!)).toBe(true);
    const bytes = await request(app.base).get('/bytes').buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    }).expect(200);
    expect([...(bytes.body as Buffer)]).toEqual([104, 105]);
    expect(bytes.headers['content-length']).toBe('2');
  });

  it('HEAD: the head only; read by middleware: the body made then', async () => {
    const head = await request(app.base).head('/text').expect(200);
    expect(head.text ?? '').toBe('');
    await request(app.base).get('/read').expect(200, 'read!');
  });
});
