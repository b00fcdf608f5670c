import request from 'supertest';
import { describeEachHost, isExpress, serve, type HostApp, type HostName, type Served } from '../helpers/hosts';
import type { APIContext, RendererOptions } from '../../lib/types';

// `parsed`: whether a host parser had read the stream to its end (recorded by `recordParsed`), so
// each case proves which path it exercised: re-encoding the parsed body, or reading the stream.
const parsed = (context: APIContext) => (context.locals as { parsed?: boolean }).parsed === true;

const options: RendererOptions = {
  routes: {
    '/body/json': { POST: async (c) => Response.json({ got: await c.request.json(), parsed: parsed(c) }) },
    '/body/text': { POST: async (c) => Response.json({ got: await c.request.text(), parsed: parsed(c) }) },
    '/body/form': {
      POST: async (c) => {
        const form = await c.request.formData();
        return Response.json({ a: form.getAll('a'), nested: form.get('b[c]'), text: form.get('t'), parsed: parsed(c) });
      },
    },
    '/body/bytes': {
      POST: async (c) => Response.json({ hex: Buffer.from(await c.request.arrayBuffer()).toString('hex'), parsed: parsed(c) }),
    },
  },
};

function recordParsed(host: HostName) {
  if (host === 'node') return undefined;
  if (isExpress(host)) {
    return (app: HostApp) =>
      app.use((req: { readableEnded: boolean }, res: { locals: Record<string, unknown> }, next: () => void) => {
        res.locals.parsed = req.readableEnded;
        next();
      });
  }
  return (app: HostApp) =>
    app.use((ctx: { req: { readableEnded: boolean }; state: Record<string, unknown> }, next: () => Promise<void>) => {
      ctx.state.parsed = ctx.req.readableEnded;
      return next();
    });
}

// Which content types each parser consumes (`text/x-json` and octet-stream for Koa: none).
const HANDLES: Record<string, string[]> = {
  json: ['json'],
  urlencoded: ['form'],
  text: ['text'],
  raw: ['bytes'],
  'koa-bodyparser': ['json', 'form'],
  '@koa/bodyparser': ['json', 'form', 'text'],
};
const handles = (parser: string | undefined, kind: string) => parser !== undefined && HANDLES[parser]!.includes(kind);

// The host parsers each host is tested with; `undefined` is "no parser".
function parsersOf(host: HostName): (string | undefined)[] {
  if (host === 'node') return [undefined];
  if (isExpress(host)) return [undefined, 'json', 'urlencoded', 'text', 'raw'];
  return [undefined, 'koa-bodyparser', '@koa/bodyparser'];
}


// Non-UTF-8 bytes: any decoding to text and back would change them.
const BYTES = Buffer.from([0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a, 0x7f]);

describeEachHost('request bodies on %s', (host) => {
  describe.each(parsersOf(host).map((parser) => [parser ?? 'no parser', parser] as const))('with %s', (_label, parser) => {
    let app: Served;
    beforeAll(async () => {
      app = await serve(host, options, { parser, before: recordParsed(host) });
    });
    afterAll(() => app.close());

    it('request.json() gets a JSON body', async () => {
      const payload = { n: 1, s: 'é', list: [1, 'two', null], nested: { ok: true } };
      const res = await request(app.base).post('/body/json').set('Content-Type', 'application/json').send(JSON.stringify(payload));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ got: payload, parsed: handles(parser, 'json') });
    });

    it('request.formData() gets a urlencoded body as a form (repeated and bracketed keys kept)', async () => {
      const res = await request(app.base)
        .post('/body/form')
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('a=1&a=2&b%5Bc%5D=3&t=hello+w%C3%B6rld');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ a: ['1', '2'], nested: '3', text: 'hello wörld', parsed: handles(parser, 'form') });
    });

    it('request.text() gets a text/plain body', async () => {
      const res = await request(app.base).post('/body/text').set('Content-Type', 'text/plain; charset=utf-8').send('plain é text\n');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ got: 'plain é text\n', parsed: handles(parser, 'text') });
    });

    it('request.arrayBuffer() gets non-UTF-8 bytes unchanged', async () => {
      const res = await request(app.base).post('/body/bytes').set('Content-Type', 'application/octet-stream').send(BYTES);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ hex: BYTES.toString('hex'), parsed: handles(parser, 'bytes') });
    });

    it('request.json() reads a JSON body sent with a type the parser does not handle', async () => {
      const res = await request(app.base).post('/body/json').set('Content-Type', 'text/x-json').send('{"mismatch":[1,2]}');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ got: { mismatch: [1, 2] }, parsed: false });
    });

    it('request.text() gets an empty body as the empty string', async () => {
      const res = await request(app.base).post('/body/text').set('Content-Type', 'text/plain').send('');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ got: '', parsed: handles(parser, 'text') });
    });
  });
});

describeEachHost('a body read by Astro middleware, then falling through to the host, on %s', (host) => {
  // The documented order: the host's parser before renderer(). Middleware reads the body with
  // request.json() (rebuilt from what the parser kept) and the host's route still has it parsed.
  let app: Served;
  beforeAll(async () => {
    const parser = isExpress(host) ? 'json' : '@koa/bodyparser';
    const middleware: RendererOptions['middleware'] = async (context, next) => {
      const body = (await context.request.json()) as { a: number };
      (context.locals as Record<string, unknown>).seen = body.a;
      return next();
    };
    const after = (hostApp: HostApp) => {
      if (isExpress(host)) {
        hostApp.post('/host', (req: { body?: unknown }, res: { locals: Record<string, unknown>; json(v: unknown): void }) =>
          res.json({ body: req.body ?? null, seen: res.locals.seen }),
        );
      } else {
        hostApp.use((ctx: { path: string; request: { body?: unknown }; state: Record<string, unknown>; body: unknown }, next: () => Promise<void>) => {
          if (ctx.path !== '/host') return next();
          ctx.body = { body: ctx.request.body ?? null, seen: ctx.state.seen };
          return Promise.resolve();
        });
      }
    };
    app = await serve(host, { routes: {}, middleware }, { parser, after });
  });
  afterAll(() => app.close());

  it("both the middleware and the host's route see the body", async () => {
    const res = await request(app.base).post('/host').set('Content-Type', 'application/json').send(JSON.stringify({ a: 7 }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ body: { a: 7 }, seen: 7 });
  });
}, {
  skip: {
    node: 'node:http has no host body parser: a host route would have to read the stream the middleware consumed',
  },
});
