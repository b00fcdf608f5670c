import http from 'node:http';
import fc from 'fast-check';
import { AstroCookies } from '../../lib/core/cookies/cookies';
import { getAllCodes, preferredLocale, preferredLocaleList, resolveI18n } from '../../lib/core/i18n/index';
import { describeEachHost, serve, type Served } from '../helpers/hosts';

// Property-based tests (fast-check) for what we own: whatever the input, these hold. Path
// canonicalisation and route matching are in canonical-path.unit.test.ts.

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,20}$/; // RFC 6265 cookie-name (an RFC 7230 token)

describe('cookies', () => {
  it('set → Set-Cookie → Cookie → get gives the value back, whatever the text', () => {
    fc.assert(
      // An empty value reads as undefined (Astro's rule, spec §3): not part of the property.
      fc.property(fc.stringMatching(TOKEN), fc.string({ minLength: 1, maxLength: 64 }), (name, value) => {
        const out = new AstroCookies(() => undefined);
        out.set(name, value);
        const line = [...out.headers()][0]!;
        const pair = line.split(';')[0]!;
        const back = new AstroCookies(() => pair).get(name);
        expect(back?.value).toBe(value);
      }),
      { numRuns: 3000 },
    );
  });

  it('plain objects round-trip as JSON (arrays and others use toString(), as in Astro)', () => {
    fc.assert(
      fc.property(fc.stringMatching(TOKEN), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 })), (name, value) => {
        const out = new AstroCookies(() => undefined);
        out.set(name, value as object);
        const pair = [...out.headers()][0]!.split(';')[0]!;
        expect(new AstroCookies(() => pair).get(name)?.json()).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 1000 },
    );
  });

  it('parsing any Cookie header never throws', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.stringMatching(TOKEN), (header, name) => {
        const jar = new AstroCookies(() => header);
        jar.get(name);
        jar.has(name);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Accept-Language negotiation', () => {
  const i18n = resolveI18n(
    { locales: ['en', 'en-US', 'fr', { path: 'spanish', codes: ['es', 'es-AR'] }, 'pt-BR'], defaultLocale: 'en' },
    { base: '/', trailingSlash: 'ignore', site: undefined },
  );
  const codes = new Set(getAllCodes(i18n.locales));
  const tag = fc.oneof(fc.constantFrom('en', 'EN-us', 'fr', 'es', 'es-AR', 'pt-br', '*', 'de', 'zh-Hant-TW', ''), fc.string({ maxLength: 12 }));
  const header = fc.oneof(
    fc.array(fc.tuple(tag, fc.option(fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom('x', '', '0', '1.0'))) ), { maxLength: 40 }).map((parts) =>
      parts.map(([t, q]) => (q === null ? t : `${t};q=${q}`)).join(', '),
    ),
    fc.string({ maxLength: 300 }),
  );

  it('never throws, and answers only configured locales (each once)', () => {
    fc.assert(
      fc.property(header, (value) => {
        const list = preferredLocaleList(value, i18n);
        for (const code of list) expect(codes.has(code)).toBe(true);
        expect(new Set(list).size).toBe(list.length);
        const best = preferredLocale(value, i18n);
        if (best !== undefined) expect(codes.has(best)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('a huge header is bounded, not a denial of service (answers, within the configured locales)', () => {
    const huge = Array.from({ length: 20000 }, (_, i) => `x${i};q=0.${i % 10}`).join(',') + ',fr';
    const list = preferredLocaleList(huge, i18n);
    for (const code of list) expect(codes.has(code)).toBe(true);
  });
});

// Bodies and headers bridged both ways, on every host (Koa writes the Response its own way).
describeEachHost('body and header bridging on %s: bytes in = bytes out', (host) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(host, {
      bodyLimit: Infinity,
      checkOrigin: false,
      routes: {
        '/echo': { POST: async ({ request }) => new Response(await request.arrayBuffer(), { headers: { 'content-type': 'application/octet-stream' } }) },
        '/stream': { POST: ({ request }) => new Response(request.body, { headers: { 'content-type': 'application/octet-stream' } }) },
        // Every x-p-* request header back as a response header of the same name, and in the body.
        '/headers': {
          GET: ({ request }) => {
            const echoed = [...request.headers].filter(([name]) => name.startsWith('x-p-'));
            const headers = new Headers(echoed.map(([name, value]) => [name.replace('x-p-', 'x-r-'), value]));
            return Response.json(Object.fromEntries(echoed), { headers });
          },
        },
      },
    });
  });
  afterAll(() => served.close());

  const post = (path: string, chunks: Uint8Array[]) =>
    new Promise<Buffer>((resolve, reject) => {
      const req = http.request(`${served.base}${path}`, { method: 'POST', agent: false }, (res) => {
        const got: Buffer[] = [];
        res.on('data', (c: Buffer) => got.push(c));
        res.on('end', () => resolve(Buffer.concat(got)));
        res.on('error', reject);
      });
      req.on('error', reject);
      for (const chunk of chunks) req.write(chunk);
      req.end();
    });

  it.each(['/echo', '/stream'])('%s returns exactly the bytes sent, however they are chunked', async (path) => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 4096 }), { maxLength: 8 }), async (chunks) => {
        const back = await post(path, chunks);
        expect(back.equals(Buffer.concat(chunks))).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it('header values come in and go out as sent (visible ASCII, inner spaces, latin-1 bytes)', async () => {
    // An RFC 9110 field value: no leading/trailing whitespace, no controls; obs-text as latin-1.
    const value = fc
      .array(fc.integer({ min: 0x20, max: 0xff }).filter((c) => c !== 0x7f && (c < 0x80 || c >= 0xa0)), { minLength: 1, maxLength: 40 })
      .map((codes) => String.fromCharCode(...codes).trim())
      .filter((v) => v !== '');
    const name = fc.stringMatching(/^[a-z0-9-]{1,12}$/);
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name, value, { minKeys: 1, maxKeys: 5 }), async (sent) => {
        const headers = Object.fromEntries(Object.entries(sent).map(([k, v]) => [`x-p-${k}`, v]));
        const answer = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
          const req = http.request(`${served.base}/headers`, { agent: false, headers }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (d: string) => (body += d));
            res.on('end', () => resolve({ headers: res.headers, body }));
          });
          req.on('error', reject);
          req.end();
        });
        const echoed = JSON.parse(answer.body) as Record<string, string>;
        for (const [k, v] of Object.entries(sent)) {
          expect(echoed[`x-p-${k}`]).toBe(v);
          expect(answer.headers[`x-r-${k}`]).toBe(v);
        }
      }),
      { numRuns: 40 },
    );
  });
});
