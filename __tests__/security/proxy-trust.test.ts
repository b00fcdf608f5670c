import http from 'node:http';
import request from 'supertest';
import { createRequestListener } from '../../lib/hosts/node/listener';
import { renderer } from '../../lib/hosts/express/index';
import type { TrustProxy } from '../../lib/node/proxy-trust';
import type { RendererOptions } from '../../lib/types';
import { close, describeEachHost, listen, serve, type Served } from '../helpers/hosts';
import { rawGet } from './support';

// The node:http listener's `trustProxy` takes Express's `trust proxy` values and answers as
// Express does (proxy-addr, hop by hop), never "the leftmost X-Forwarded-For". Requests come
// from 127.0.0.1, so 'loopback' trusts the socket's peer and '10.0.0.0/8' does not.

const express5 = require('express5');
const routes: RendererOptions['routes'] = {
  '/who': { GET: (c) => Response.json({ ip: c.clientAddress, origin: c.url.origin }) },
};

async function both(trust: TrustProxy) {
  const node = http.createServer(createRequestListener({ routes, trustProxy: trust }));
  const app = express5();
  app.set('trust proxy', trust);
  app.use(renderer({ routes }));
  const express = http.createServer(app);
  return { node: await listen(node), express: await listen(express), close: () => Promise.all([close(node), close(express)]) };
}

const CHAIN = '198.51.100.7, 203.0.113.9, 10.0.0.2';
const HEADERS = { 'x-forwarded-for': CHAIN, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'public.example' };

describe.each<[string, TrustProxy, { ip: string; origin: string }]>([
  ['false', false, { ip: '127.0.0.1', origin: 'http://127.0.0.1' }],
  ['true (every hop: the leftmost, on purpose)', true, { ip: '198.51.100.7', origin: 'https://public.example' }],
  ['1 hop', 1, { ip: '10.0.0.2', origin: 'https://public.example' }],
  ['2 hops', 2, { ip: '203.0.113.9', origin: 'https://public.example' }],
  ["'loopback'", 'loopback', { ip: '10.0.0.2', origin: 'https://public.example' }],
  ["'loopback, 10.0.0.0/8'", 'loopback, 10.0.0.0/8', { ip: '203.0.113.9', origin: 'https://public.example' }],
  ["['127.0.0.1', '10.0.0.2']", ['127.0.0.1', '10.0.0.2'], { ip: '203.0.113.9', origin: 'https://public.example' }],
  ["'10.0.0.0/8' (the socket's peer is not one)", '10.0.0.0/8', { ip: '127.0.0.1', origin: 'http://127.0.0.1' }],
  ['a function', (address: string, hop: number) => address === '127.0.0.1' || hop < 2, { ip: '203.0.113.9', origin: 'https://public.example' }],
])('trustProxy %s', (_name, trust, expected) => {
  it('gives the node listener the answer Express gives for the same `trust proxy`', async () => {
    const servers = await both(trust);
    try {
      const fromNode = (await request(servers.node).get('/who').set(HEADERS)).body;
      const fromExpress = (await request(servers.express).get('/who').set(HEADERS)).body;
      const port = (url: string) => url.replace(/:\d+$/, '');
      expect({ ...fromNode, origin: port(fromNode.origin) }).toEqual(expected);
      expect({ ...fromExpress, origin: port(fromExpress.origin) }).toEqual(expected);
    } finally {
      await servers.close();
    }
  });
});

describe('malformed forwarded headers on the node listener (trustProxy: true)', () => {
  let base: string;
  let server: http.Server;
  beforeAll(async () => {
    server = http.createServer(createRequestListener({ routes, trustProxy: true }));
    base = await listen(server);
  });
  afterAll(() => close(server));
  const who = (headers: Record<string, string>) => request(base).get('/who').set(headers);

  it.each(['<script>', 'not an ip', '', ' , ', '1.2.3.4.5', '999.1.1.1'])('X-Forwarded-For %j is not believed: the socket address', async (xff) => {
    expect((await who({ 'x-forwarded-for': xff })).body.ip).toBe('127.0.0.1');
  });

  it('an invalid entry behind a valid one falls back to the hop that reported it', async () => {
    expect((await who({ 'x-forwarded-for': 'evil, 203.0.113.9' })).body.ip).toBe('203.0.113.9');
  });

  it.each(['evil.example/path', 'evil.example\\x', 'a b', '', 'x'.repeat(300) + '.example', 'evil.example:99999', '[::1'])('X-Forwarded-Host %j is ignored', async (forwarded) => {
    const res = await who({ 'x-forwarded-host': forwarded });
    expect(res.status).toBe(200);
    expect(new URL(res.body.origin).hostname).toBe('127.0.0.1');
  });

  it.each(['javascript', 'ftp', 'https:', ''])('X-Forwarded-Proto %j is ignored', async (proto) => {
    expect((await who({ 'x-forwarded-proto': proto })).body.origin).toMatch(/^http:\/\//);
  });

  it('a malformed Host is a 400, not a 500', async () => {
    const { rawGet } = await import('./support');
    const answer = await rawGet(base, '/who', { host: 'bad host/x' });
    expect(answer.status).toBe(400);
  });
});

// The same malformed values through every host with its own proxy trust on (Express
// `trust proxy`, Koa `app.proxy`, node `trustProxy`): context.url never takes them.
describeEachHost('malformed forwarded headers with proxy trust on %s', (host) => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(host, { routes }, { trustProxy: true });
  });
  afterAll(() => served.close());
  const who = (headers: Record<string, string>) => request(served.base).get('/who').set(headers);

  it.each(['evil.example/path', 'evil.example\\x', 'a b', 'x'.repeat(300) + '.example', 'evil.example:99999', '[::1', 'evil.example@other', 'a\tb'])('X-Forwarded-Host %j is ignored', async (forwarded) => {
    const res = await who({ 'x-forwarded-host': forwarded });
    expect(res.status).toBe(200);
    expect(new URL(res.body.origin).hostname).toBe('127.0.0.1');
  });

  it.each(['javascript', 'ftp', 'https:', 'http://evil', 'HTTPS'])('X-Forwarded-Proto %j never puts another scheme into context.url', async (proto) => {
    const res = await who({ 'x-forwarded-proto': proto });
    expect(res.status).toBe(200);
    expect(res.body.origin).toMatch(/^https?:\/\/127\.0\.0\.1:\d+$/);
  });

  it.each(['bad host/x', 'a b', 'evil.example\\x', 'evil.example@other'])('a malformed Host %j is a 400, not a 500', async (hostHeader) => {
    const answer = await rawGet(served.base, '/who', { host: hostHeader });
    expect(answer.status).toBe(400);
  });
});
