// Astro 6/7's Content-Security-Policy (`security.csp`, `context.csp`), from Astro's csp tests
// and `renderCspContent`: the header on pages (never endpoints), hashes of the inline scripts
// and styles a page declares, the runtime API, and values that could inject into the header.
import { createHash } from 'node:crypto';
import type http from 'node:http';
import request from 'supertest';
import { describeEachHost, mount, close } from '../helpers/hosts';
import { renderer } from '../../lib/hosts/express/index';
import type { APIContext, MiddlewareHandler, RendererOptions } from '../../lib/types';

const sha = (algorithm: 'sha256' | 'sha512', content: string) => `${algorithm}-${createHash(algorithm).update(content).digest('base64')}`;
const SCRIPT = 'console.log("hi")';
const STYLE = 'body { color: red }';

const routes: RendererOptions['routes'] = {
  '/plain': { default: ({ csp }: APIContext) => `csp is ${csp === undefined ? 'undefined' : 'there'}` },
  '/inline': { inlineScripts: [SCRIPT], inlineStyles: [STYLE], default: () => `<script>${SCRIPT}</script><style>${STYLE}</style>` },
  '/runtime': {
    default: ({ csp }: APIContext) => {
      const { insertDirective, insertScriptResource, insertStyleHash, insertScriptHash, insertStyleResource } = csp!;
      insertDirective("img-src https://images.example.com 'self'");
      insertDirective('frame-ancestors https://a.example.com');
      insertScriptResource('https://scripts.example.com');
      insertScriptHash({ hash: 'sha256-elem', kind: 'element' });
      insertStyleResource({ resource: "'unsafe-inline'", kind: 'attribute' });
      insertStyleHash('sha256-style');
      return 'runtime';
    },
  },
  '/bad': {
    default: ({ csp, url }: APIContext) => {
      const value = url.searchParams.get('v')!;
      if (url.searchParams.has('hash')) csp!.insertScriptHash(value as never);
      else csp!.insertDirective(value);
      return 'not reached';
    },
  },
  '/endpoint': { GET: ({ csp }: APIContext) => new Response(csp === undefined ? 'undefined' : 'there') },
};

// Middleware adds a source before the page renders (Astro's middleware can use context.csp too).
const middleware: MiddlewareHandler = (context, next) => {
  if (context.url.pathname === '/runtime') context.csp?.insertDirective("img-src 'self' https://cdn.example.com");
  return next();
};

describeEachHost('CSP on %s', (host) => {
  let off: http.Server;
  let on: http.Server;
  let configured: http.Server;
  beforeAll(() => {
    off = mount(host, { routes });
    // The host's error handler answers the refused values (node: the same host around the listener).
    on = mount(host, { routes, middleware, security: { csp: true } }, { fallThrough: true });
    configured = mount(host, {
      routes,
      security: {
        csp: {
          algorithm: 'SHA-512',
          directives: ["img-src 'self'", 'default-src https://example.com'],
          scriptDirective: { resources: ["'self'", 'https://cdn.example.com'], hashes: ['sha256-configured'], strictDynamic: true },
          styleDirective: { resources: ["'unsafe-inline'"], hashes: ['sha256-dropped'] },
        },
      },
    });
  });
  afterAll(async () => {
    await close(off);
    await close(on);
    await close(configured);
  });

  it('without security.csp: context.csp is undefined and no header is sent', async () => {
    const res = await request(off).get('/plain').expect(200);
    expect(res.text).toBe('csp is undefined');
    expect(res.headers['content-security-policy']).toBeUndefined();
  });

  it("with csp: true, pages get script-src and style-src 'self'; endpoints get no header", async () => {
    const res = await request(on).get('/plain').expect(200);
    expect(res.text).toBe('csp is there');
    expect(res.headers['content-security-policy']).toBe("script-src 'self'; style-src 'self';");
    const endpoint = await request(on).get('/endpoint').expect(200);
    expect(endpoint.text).toBe('there');
    expect(endpoint.headers['content-security-policy']).toBeUndefined();
  });

  it('hashes the inline scripts and styles a page declares', async () => {
    const res = await request(on).get('/inline').expect(200);
    expect(res.headers['content-security-policy']).toBe(`script-src 'self' '${sha('sha256', SCRIPT)}'; style-src 'self' '${sha('sha256', STYLE)}';`);
  });

  it('applies the configured algorithm, directives, resources, hashes and strict-dynamic; unsafe-inline drops style hashes', async () => {
    const res = await request(configured).get('/inline').expect(200);
    expect(res.headers['content-security-policy']).toBe(
      "img-src 'self'; default-src https://example.com; " +
        `script-src 'self' https://cdn.example.com 'sha256-configured' '${sha('sha512', SCRIPT)}' 'strict-dynamic'; ` +
        "style-src 'unsafe-inline';",
    );
  });

  it('takes what middleware and the page insert at runtime, merging directives and scoping kinds', async () => {
    const res = await request(on).get('/runtime').expect(200);
    expect(res.headers['content-security-policy']).toBe(
      "img-src 'self' https://cdn.example.com https://images.example.com; frame-ancestors https://a.example.com; " +
        "script-src https://scripts.example.com; script-src-elem 'sha256-elem'; " +
        "style-src 'self' 'sha256-style'; style-src-attr 'unsafe-inline';",
    );
  });

  it.each([
    ['a directive that smuggles another one', "img-src 'self'; script-src 'unsafe-eval'"],
    ['a line break (header injection)', "img-src 'self'\r\nx-injected: 1"],
    ['script-src as a directive', "script-src 'unsafe-eval'"],
    ['an unknown directive', 'made-up-src x'],
  ])('refuses %s with InvalidCspValue', async (_name, value) => {
    const res = await request(on).get('/bad').query({ v: value });
    expect(res.status).toBe(500);
    expect(res.text).toMatch(/^host error: InvalidCspValue: `insertDirective\(/);
    expect(res.headers['x-injected']).toBeUndefined();
  });

  it('refuses a hash with an unknown algorithm', async () => {
    const res = await request(on).get('/bad').query({ v: 'md5-abc', hash: '' });
    expect(res.text).toMatch(/^host error: InvalidCspValue: `insertScriptHash\(/);
  });
});

describe('the security.csp option', () => {
  it.each([
    ['a string', 'yes'],
    ['an unknown algorithm', { algorithm: 'MD5' }],
    ['script-src among directives', { directives: ["script-src 'self'"] }],
    ['a hash without an algorithm prefix', { scriptDirective: { hashes: ['abc'] } }],
    ['a resource with a `;`', { styleDirective: { resources: ["'self'; img-src *"] } }],
    ['a bad kind', { scriptDirective: { resources: [{ resource: "'self'", kind: 'inline' }] } }],
  ])('refuses %s at renderer() time (InvalidOption)', (_name, csp) => {
    expect(() => renderer({ security: { csp: csp as never } })).toThrow(expect.objectContaining({ name: 'InvalidOption', message: expect.stringContaining('security.csp') }));
  });

  it('refuses a security option that is not an object', () => {
    expect(() => renderer({ security: 'csp' as never })).toThrow(expect.objectContaining({ name: 'InvalidOption' }));
  });
});
