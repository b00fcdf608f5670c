// actionBodySizeLimit and bodyLimit together, on every host: Astro's option governs action
// bodies (raising it is enough, past the general `bodyLimit`), the general limit every other
// body; a lower `bodyLimit` gives action calls the action's own 413 (CONTENT_TOO_LARGE).
import http from 'node:http';
import request from 'supertest';
import { parse } from 'devalue';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { defineAction, defineMiddleware } from '../../lib/index';
import type { APIContext } from '../../lib/types';

const MiB = 1024 * 1024;
const server = {
  size: defineAction({ handler: (input: { a: string }) => input.a.length }),
  form: defineAction({ accept: 'form', handler: (form: FormData) => String(form.get('a')).length }),
};
const routes = {
  '/upload': { POST: async (context: APIContext) => new Response(String((await context.request.text()).length)) },
  '/page': { default: (context: APIContext) => `<p>${JSON.stringify(context.getActionResult(server.form)?.data ?? null)}</p>` },
};

// Reads the body of a path no route owns (the host's), as a guard might.
const middleware = defineMiddleware(async (context, next) => {
  if (context.url.pathname !== '/host-read') return next();
  return new Response(String((await context.request.text()).length));
});

/** POSTs `body` in 64 KiB chunks with Transfer-Encoding: chunked (no Content-Length). */
function postChunked(base: string, path: string, type: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${path}`, { method: 'POST', agent: false, headers: { 'content-type': type, origin: base } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (let i = 0; i < body.length; i += 64 * 1024) req.write(body.slice(i, i + 64 * 1024));
    req.end();
  });
}

describeEachHost('action body limits on %s', (host) => {
  describe('actionBodySizeLimit above bodyLimit', () => {
    let app: Served;
    beforeAll(async () => {
      app = await serve(host, { routes, actions: server, middleware, actionBodySizeLimit: 4 * MiB });
    });
    afterAll(() => app.close());

    it('takes action bodies up to actionBodySizeLimit, declared or chunked', async () => {
      const json = JSON.stringify({ a: 'x'.repeat(2 * MiB) });
      const declared = await request(app.base).post('/_actions/size').set('content-type', 'application/json').send(json).expect(200);
      expect(parse(declared.text)).toBe(2 * MiB);
      const chunked = await postChunked(app.base, '/_actions/size', 'application/json', json);
      expect(chunked.status).toBe(200);
      expect(parse(chunked.text)).toBe(2 * MiB);
      const over = await postChunked(app.base, '/_actions/size', 'application/json', JSON.stringify({ a: 'x'.repeat(5 * MiB) }));
      expect(over.status).toBe(413);
      expect(JSON.parse(over.text)).toMatchObject({ code: 'CONTENT_TOO_LARGE', message: `Request body exceeds ${4 * MiB} bytes` });
    });

    it('takes a form of that size posted to a page with ?_action=', async () => {
      const res = await request(app.base).post('/page?_action=form').set('origin', app.base).type('form').send(`a=${'y'.repeat(2 * MiB)}`).expect(200);
      expect(res.text).toBe(`<p>${2 * MiB}</p>`);
    });

    it('keeps bodyLimit (1 MiB) for every other body, ?_action= in the query or not', async () => {
      await request(app.base).post('/upload').set('origin', app.base).type('text').send('z'.repeat(1000)).expect(200, '1000');
      for (const target of ['/upload', '/host-read', '/host-read?_action=size']) {
        const res = await request(app.base).post(target).set('origin', app.base).type('text').send('z'.repeat(2 * MiB));
        expect({ target, status: res.status }).toEqual({ target, status: 413 });
      }
      const put = await request(app.base).put('/upload?_action=size').set('origin', app.base).type('text').send('z'.repeat(2 * MiB));
      expect(put.status).not.toBe(200); // no PUT handler, and never a 2 MiB read
      await request(app.base).post('/host-read?_action=size').set('origin', app.base).type('text').send('z'.repeat(1000)).expect(200, '1000');
    });
  });

  describe('bodyLimit below the default actionBodySizeLimit', () => {
    let app: Served;
    beforeAll(async () => {
      app = await serve(host, { routes, actions: server, bodyLimit: 100 });
    });
    afterAll(() => app.close());

    it("answers action calls over it with the action's own 413, declared or chunked", async () => {
      const json = JSON.stringify({ a: 'x'.repeat(200) });
      const declared = await request(app.base).post('/_actions/size').set('content-type', 'application/json').send(json).expect(413);
      expect(declared.body).toEqual({ type: 'AstroActionError', code: 'CONTENT_TOO_LARGE', status: 413, message: 'Request body exceeds 100 bytes' });
      const chunked = await postChunked(app.base, '/_actions/size', 'application/json', json);
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.text)).toMatchObject({ code: 'CONTENT_TOO_LARGE', message: 'Request body exceeds 100 bytes' });
      await request(app.base).post('/_actions/size').send({ a: 'ok' }).expect(200);
    });
  });
});
