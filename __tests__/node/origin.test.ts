import http from 'node:http';
import net from 'node:net';
import { createRequestListener, type RequestListenerOptions } from '../../lib/hosts/node';
import { firstValue, isValidHost, nodeClientAddress, nodeOriginFacts, resolveOrigin } from '../../lib/node/origin';
import type { RemotePattern } from '../../lib/types';
import { closeAll, serveHandler } from '../helpers/plain-server';
import { rawExchange } from '../helpers/raw';
import { request } from '../helpers/http-client';

afterEach(closeAll);

const NO_POLICY = { allowedDomains: undefined, site: undefined };

/** A server whose catch-all route answers with what the render context says. */
async function contextServer(options: RequestListenerOptions = {}) {
  const listener = createRequestListener({
    routes: { '/[...path]': { ALL: (ctx) => Response.json({ url: ctx.url.href, ip: ctx.clientAddress }) } },
    ...options,
  });
  return serveHandler((req, res) => listener(req, res));
}

async function ask(url: string, headers: http.OutgoingHttpHeaders): Promise<{ url: string; ip: string }> {
  const { res, body } = await request(`${url}/p?q=1`, { headers });
  expect(res.statusCode).toBe(200);
  return JSON.parse(body.toString()) as { url: string; ip: string };
}

describe('resolveOrigin', () => {
  const VALID: [string, string | undefined, string][] = [
    ['http', 'example.com', 'http://example.com'],
    ['https', 'example.com', 'https://example.com'],
    ['http', 'Example.COM:8080', 'http://example.com:8080'],
    ['http', '127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http', '[::1]:3000', 'http://[::1]:3000'],
    ['http', 'example.com:65535', 'http://example.com:65535'],
    ['http', 'a_b.example~x', 'http://a_b.example~x'],
    ['ftp', 'example.com', 'http://example.com'], // only http or https
    ['http', undefined, 'http://localhost'],
    ['https', '', 'https://localhost'],
  ];
  test.each(VALID)('%s + %j → %s', (protocol, host, origin) => {
    expect(resolveOrigin({ protocol, host }, NO_POLICY)).toBe(origin);
  });

  const MALFORMED = ['exa mple', 'a/b', 'a\\b', '[::1', 'example.com:99999', 'example.com:', ':123', 'a@b', 'a:b:c', 'a%20b', '[zz]', 'foo.123', '1.2.3.256', '[1.2.3.4]', '[:::::]'];
  test.each(MALFORMED)('%j is a MalformedHost (400)', (host) => {
    let error: unknown;
    try {
      resolveOrigin({ protocol: 'http', host }, NO_POLICY);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ name: 'MalformedHost', status: 400 });
    expect((error as Error).message).toContain(JSON.stringify(host));
    expect(isValidHost(host)).toBe(false);
  });

  test('everything it accepts makes a URL', () => {
    for (const [protocol, host] of VALID) expect(() => new URL(resolveOrigin({ protocol, host }, NO_POLICY))).not.toThrow();
  });

  const ALLOWED: [string, RemotePattern[], string | undefined, string][] = [
    ['example.com', [{ hostname: 'example.com' }], undefined, 'http://example.com'],
    ['attacker.com', [{ hostname: 'example.com' }], undefined, 'http://localhost'],
    ['attacker.com', [{ hostname: 'example.com' }], 'https://www.example.com/docs/', 'https://www.example.com'],
    ['sub.example.com', [{ hostname: '**.example.com' }], undefined, 'http://sub.example.com'],
    ['example.com', [{ hostname: '**.example.com' }], undefined, 'http://localhost'],
    ['example.com:3000', [{ hostname: 'example.com', port: '3000' }], undefined, 'http://example.com:3000'],
    ['example.com:4000', [{ hostname: 'example.com', port: '3000' }], undefined, 'http://localhost'],
    ['any-host.com', [], undefined, 'http://any-host.com'],
  ];
  test.each(ALLOWED)('%s with allowedDomains %j, site %s → %s', (host, allowedDomains, site, origin) => {
    expect(resolveOrigin({ protocol: 'http', host }, { allowedDomains, site: site === undefined ? undefined : new URL(site) })).toBe(origin);
  });
});

describe('firstValue', () => {
  const VALUES: [string | string[] | undefined, string | undefined][] = [
    [undefined, undefined],
    ['a', 'a'],
    [' a , b', 'a'],
    ['', ''],
    [['x, y', 'z'], 'x'],
  ];
  test.each(VALUES)('%j → %j', (value, first) => expect(firstValue(value)).toBe(first));
});

describe('nodeOriginFacts / nodeClientAddress on a real IncomingMessage', () => {
  function incoming(headers: http.IncomingHttpHeaders, encrypted: boolean): http.IncomingMessage {
    const socket = new net.Socket(); // not connected: no handle to clean up
    if (encrypted) Object.defineProperty(socket, 'encrypted', { value: true });
    const req = new http.IncomingMessage(socket);
    req.headers = headers;
    return req;
  }

  const FACTS: [string, http.IncomingHttpHeaders, boolean, boolean, { protocol: string; host: string | undefined }][] = [
    ['TLS socket → https', { host: 'example.com' }, true, false, { protocol: 'https', host: 'example.com' }],
    ['plain socket → http', { host: 'example.com' }, false, false, { protocol: 'http', host: 'example.com' }],
    ['no Host', {}, false, false, { protocol: 'http', host: undefined }],
    ['forwarded, untrusted: ignored', { host: 'example.com', 'x-forwarded-proto': 'http', 'x-forwarded-host': 'evil.com' }, true, false, { protocol: 'https', host: 'example.com' }],
    ['forwarded proto http, trusted: overrides TLS', { host: 'example.com', 'x-forwarded-proto': 'http' }, true, true, { protocol: 'http', host: 'example.com' }],
    ['forwarded host, trusted', { host: 'example.com', 'x-forwarded-host': 'www2.example.com, www3.example.com' }, false, true, { protocol: 'http', host: 'www2.example.com' }],
    ['invalid forwarded values, trusted: ignored', { host: 'example.com', 'x-forwarded-proto': 'x:admin?', 'x-forwarded-host': 'example.com/admin' }, true, true, { protocol: 'https', host: 'example.com' }],
  ];
  test.each(FACTS)('%s', (_name, headers, encrypted, trust, expected) => {
    expect(nodeOriginFacts(incoming(headers, encrypted), trust)).toEqual(expected);
  });

  test('client address: the socket’s unless X-Forwarded-For is trusted', () => {
    const req = incoming({ 'x-forwarded-for': ' 1.1.1.1, 8.8.8.8' }, false);
    expect(nodeClientAddress(req, false)).toBe(req.socket.remoteAddress);
    expect(nodeClientAddress(req, true)).toBe('1.1.1.1');
    expect(nodeClientAddress(incoming({ 'x-forwarded-for': '' }, false), true)).toBe(req.socket.remoteAddress);
  });
});

describe('end to end through createRequestListener', () => {
  describe('without trustProxy, forwarded headers are ignored', () => {
    const ROWS: [string, http.OutgoingHttpHeaders, { url: string; ip: string }][] = [
      ['plain', { host: 'example.com' }, { url: 'http://example.com/p?q=1', ip: '127.0.0.1' }],
      ['Host is lower-cased, port kept', { host: 'Example.COM:8080' }, { url: 'http://example.com:8080/p?q=1', ip: '127.0.0.1' }],
      ['IPv6 literal', { host: '[::1]:3000' }, { url: 'http://[::1]:3000/p?q=1', ip: '127.0.0.1' }],
      [
        'forged X-Forwarded-*',
        { host: 'example.com', 'x-forwarded-host': 'evil.com', 'x-forwarded-proto': 'https', 'x-forwarded-for': '6.6.6.6' },
        { url: 'http://example.com/p?q=1', ip: '127.0.0.1' },
      ],
    ];
    test.each(ROWS)('%s', async (_name, headers, expected) => {
      const { url } = await contextServer();
      expect(await ask(url, headers)).toEqual(expected);
    });
  });

  describe('with trustProxy, the first forwarded value is honoured and invalid ones ignored', () => {
    const HOST = 'legit.example.com';
    const ROWS: [string, http.OutgoingHttpHeaders, string, string][] = [
      ['x-forwarded-for single', { 'x-forwarded-for': '1.1.1.1' }, `http://${HOST}/p?q=1`, '1.1.1.1'],
      ['x-forwarded-for multi', { 'x-forwarded-for': '1.1.1.1,8.8.8.8' }, `http://${HOST}/p?q=1`, '1.1.1.1'],
      ['x-forwarded-for multi with spaces', { 'x-forwarded-for': ' 1.1.1.1, 8.8.8.8, 8.8.8.2' }, `http://${HOST}/p?q=1`, '1.1.1.1'],
      ['no x-forwarded-for → socket address', {}, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['empty x-forwarded-for → socket address', { 'x-forwarded-for': '' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host single', { 'x-forwarded-host': 'www2.example.com' }, 'http://www2.example.com/p?q=1', '127.0.0.1'],
      ['x-forwarded-host multi', { 'x-forwarded-host': 'www2.example.com,www3.example.com' }, 'http://www2.example.com/p?q=1', '127.0.0.1'],
      ['x-forwarded-host with port', { 'x-forwarded-host': 'example.com:3000' }, 'http://example.com:3000/p?q=1', '127.0.0.1'],
      ['x-forwarded-host ":123" ignored', { 'x-forwarded-host': ':123' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host empty ignored', { 'x-forwarded-host': '' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host with a path ignored', { 'x-forwarded-host': 'example.com/admin' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host with path segments ignored', { 'x-forwarded-host': 'example.com/admin/users' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host with a backslash ignored', { 'x-forwarded-host': 'example.com\\admin' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host with a bad port ignored', { 'x-forwarded-host': 'example.com:99999' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-host URL refuses ignored', { 'x-forwarded-host': 'foo.123' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto https', { 'x-forwarded-proto': 'https' }, `https://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto multi', { 'x-forwarded-proto': 'https,http' }, `https://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto case-insensitive', { 'x-forwarded-proto': 'HTTPS' }, `https://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto URL injection', { 'x-forwarded-proto': 'https://www.malicious-url.com/?tank=' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto middleware bypass', { 'x-forwarded-proto': 'x:admin?' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto cache poison', { 'x-forwarded-proto': 'https://localhost/vulnerable?' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto XSS', { 'x-forwarded-proto': 'javascript:alert(document.cookie)//' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-proto empty', { 'x-forwarded-proto': '' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      ['x-forwarded-port is not supported (ignored)', { 'x-forwarded-port': '8443' }, `http://${HOST}/p?q=1`, '127.0.0.1'],
      [
        'all together behind a proxy',
        { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'myapp.example.com', 'x-forwarded-for': '9.9.9.9' },
        'https://myapp.example.com/p?q=1',
        '9.9.9.9',
      ],
    ];
    test.each(ROWS)('%s', async (_name, headers, url, ip) => {
      const server = await contextServer({ trustProxy: true });
      expect(await ask(server.url, { host: HOST, ...headers })).toEqual({ url, ip });
    });
  });

  describe('allowedDomains (Astro §7.6 rows, our semantics: a valid Host is trusted unless allowedDomains rejects it)', () => {
    const ROWS: [string, string, RequestListenerOptions, http.OutgoingHttpHeaders, string][] = [
      ['accepts a matching Host', 'example.com', { allowedDomains: [{ hostname: 'example.com' }] }, {}, 'http://example.com/p?q=1'],
      ['rejects another Host → localhost', 'attacker.com', { allowedDomains: [{ hostname: 'example.com' }] }, {}, 'http://localhost/p?q=1'],
      [
        'rejects another Host → site’s origin (path from the request)',
        'attacker.com',
        { allowedDomains: [{ hostname: 'example.com' }], site: 'https://www.example.com/docs/' },
        {},
        'https://www.example.com/p?q=1',
      ],
      ['accepts a Host with the pattern’s port', 'example.com:3000', { allowedDomains: [{ hostname: 'example.com', port: '3000' }] }, {}, 'http://example.com:3000/p?q=1'],
      ['rejects a Host with another port', 'example.com:4000', { allowedDomains: [{ hostname: 'example.com', port: '3000' }] }, {}, 'http://localhost/p?q=1'],
      ['rejects a Host without the pattern’s port', 'example.com', { allowedDomains: [{ hostname: 'example.com', port: '3000' }] }, {}, 'http://localhost/p?q=1'],
      ['** accepts a subdomain', 'sub.example.com', { allowedDomains: [{ hostname: '**.example.com' }] }, {}, 'http://sub.example.com/p?q=1'],
      ['** accepts any depth', 'a.b.example.com', { allowedDomains: [{ hostname: '**.example.com' }] }, {}, 'http://a.b.example.com/p?q=1'],
      ['** does not accept the apex', 'example.com', { allowedDomains: [{ hostname: '**.example.com' }] }, {}, 'http://localhost/p?q=1'],
      ['** rejects attacker.com', 'attacker.com', { allowedDomains: [{ hostname: '**.example.com' }] }, {}, 'http://localhost/p?q=1'],
      ['matching is case-insensitive', 'SUB.Example.com', { allowedDomains: [{ hostname: '**.example.com' }] }, {}, 'http://sub.example.com/p?q=1'],
      ['* accepts one label', 'sub.victim.com', { allowedDomains: [{ hostname: '*.victim.com' }] }, {}, 'http://sub.victim.com/p?q=1'],
      ['* rejects two labels', 'a.sub.victim.com', { allowedDomains: [{ hostname: '*.victim.com' }] }, {}, 'http://localhost/p?q=1'],
      ['no allowedDomains: any valid Host', 'any-host.com', {}, {}, 'http://any-host.com/p?q=1'],
      ['empty allowedDomains: same as none', 'any-host.com', { allowedDomains: [] }, {}, 'http://any-host.com/p?q=1'],
      ['an empty pattern matches everything', 'whatever.com', { allowedDomains: [{}] }, {}, 'http://whatever.com/p?q=1'],
      ['protocol pattern, plain http, no proxy trust → rejected', 'myapp.example.com', { allowedDomains: [{ protocol: 'https', hostname: 'myapp.example.com' }] }, {}, 'http://localhost/p?q=1'],
      [
        'protocol pattern + trusted x-forwarded-proto https → accepted',
        'myapp.example.com',
        { trustProxy: true, allowedDomains: [{ protocol: 'https', hostname: 'myapp.example.com' }] },
        { 'x-forwarded-proto': 'https' },
        'https://myapp.example.com/p?q=1',
      ],
      [
        'protocol pattern + trusted x-forwarded-proto http → rejected',
        'myapp.example.com',
        { trustProxy: true, allowedDomains: [{ protocol: 'https', hostname: 'myapp.example.com' }] },
        { 'x-forwarded-proto': 'http' },
        'http://localhost/p?q=1',
      ],
      [
        'protocol pattern with wildcard hostname',
        'myapp.example.com',
        { trustProxy: true, allowedDomains: [{ protocol: 'https', hostname: '**.example.com' }] },
        { 'x-forwarded-proto': 'https' },
        'https://myapp.example.com/p?q=1',
      ],
      [
        'all forwarded headers behind a proxy',
        'myapp.example.com',
        { trustProxy: true, allowedDomains: [{ protocol: 'https', hostname: 'myapp.example.com' }] },
        { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'myapp.example.com' },
        'https://myapp.example.com/p?q=1',
      ],
      [
        'trusted x-forwarded-host is checked too (accepted)',
        'example.com',
        { trustProxy: true, allowedDomains: [{ hostname: '**.example.com' }] },
        { 'x-forwarded-host': 'forwarded.example.com' },
        'http://forwarded.example.com/p?q=1',
      ],
      [
        'trusted x-forwarded-host with an embedded port',
        'example.com',
        { trustProxy: true, allowedDomains: [{ hostname: 'example.com' }] },
        { 'x-forwarded-host': 'example.com:3000' },
        'http://example.com:3000/p?q=1',
      ],
      [
        // Astro falls back to the Host header here; ours does not: a trusted proxy's host is the host.
        'trusted x-forwarded-host rejected → localhost, not the Host header',
        'sub.victim.com',
        { trustProxy: true, allowedDomains: [{ hostname: '*.victim.com' }] },
        { 'x-forwarded-host': 'localhost' },
        'http://localhost/p?q=1',
      ],
      [
        'untrusted x-forwarded-host cannot pass allowedDomains',
        'attacker.com',
        { allowedDomains: [{ hostname: 'example.com' }] },
        { 'x-forwarded-host': 'example.com' },
        'http://localhost/p?q=1',
      ],
    ];
    test.each(ROWS)('%s', async (_name, host, options, headers, url) => {
      const server = await contextServer(options);
      expect((await ask(server.url, { host, ...headers })).url).toBe(url);
    });
  });

  describe('malformed Host → 400, and the server keeps serving', () => {
    const HOSTS = ['exa mple', 'a/b', 'a\\b', '[::1', 'example.com:99999', 'foo.123', '1.2.3.256', '[1.2.3.4]', 'a@b'];
    test.each(HOSTS)('%j', async (host) => {
      const { port, url } = await contextServer({ allowedDomains: [{ hostname: '**.example.com' }] });
      const raw = await rawExchange(port, `GET /p HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
      expect(raw.head).toMatch(/^HTTP\/1\.1 400 /);
      expect(raw.head.toLowerCase()).toContain('content-type: text/plain');
      expect(raw.utf8).toContain(`The request's Host header ${JSON.stringify(host)} is not a valid host.`);
      expect(await ask(url, { host: 'ok.example.com' })).toEqual({ url: 'http://ok.example.com/p?q=1', ip: '127.0.0.1' });
    });
  });

  test('no Host (HTTP/1.0) → localhost', async () => {
    const { port } = await contextServer();
    const raw = await rawExchange(port, 'GET /p?q=1 HTTP/1.0\r\n\r\n');
    expect(JSON.parse(raw.utf8)).toEqual({ url: 'http://localhost/p?q=1', ip: '127.0.0.1' });
  });

  test('an empty Host → localhost', async () => {
    const { port } = await contextServer();
    const raw = await rawExchange(port, 'GET /p?q=1 HTTP/1.1\r\nHost: \r\nConnection: close\r\n\r\n');
    expect(JSON.parse(raw.utf8)).toEqual({ url: 'http://localhost/p?q=1', ip: '127.0.0.1' });
  });
});
