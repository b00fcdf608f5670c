import request from 'supertest';
import { isBodyUntouched } from '../../lib/fetch/lazy-response';
import { describeEachHost, serve, type Served } from '../helpers/hosts';

describeEachHost("a page's HTML on %s", (host) => {
  // Sent from its string: the Response's web stream is never made, unless middleware reads it.
  const seen: Response[] = [];
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, {
      routes: {
        '/page': { default: () => '<h1>é</h1>' },
        '/read': { default: () => '<h1>read</h1>' },
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

  it('goes out with its Content-Length and the middleware header, its body never made', async () => {
    const res = await request(app.base).get('/page').expect(200);
    expect(res.text).toBe('<h1>é</h1>');
    expect(res.headers['content-length']).toBe(String(Buffer.byteLength('<h1>é</h1>')));
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['x-mw']).toBe('1');
    expect(isBodyUntouched(seen.at(-1)!)).toBe(true);
  });

  it('HEAD: the head only', async () => {
    const res = await request(app.base).head('/page').expect(200);
    expect(res.text ?? '').toBe('');
  });

  it('read by middleware: the body is made then', async () => {
    await request(app.base).get('/read').expect(200, '<h1>read</h1>!');
  });
});
