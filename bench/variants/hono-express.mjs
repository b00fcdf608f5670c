// @hono/node-server's request listener (a Hono app) mounted in Express with app.use().
// Defaults kept: @hono/node-server swaps in its lightweight global Request/Response (its
// documented fast path), in this process only.
import express from 'express';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { getCookie, setCookie } from 'hono/cookie';
import { accepts } from 'hono/accepts';
import { LOCALES, USER, STREAM_CHUNKS, BIG_CHUNKS, webStream, sharedChunk, freshChunk } from '../shared.mjs';

export function create(scenario) {
  const hono = new Hono();
  const octets = { 'content-type': 'application/octet-stream' };
  switch (scenario) {
    case 'hello':
      hono.get('/hello', (c) => {
        c.header('x-bench', 'hello');
        setCookie(c, 'seen', '1', { path: '/', httpOnly: true });
        return c.text(`Hello, ${c.req.query('name')}!`);
      });
      break;
    case 'middleware':
      hono.use(async (c, next) => {
        c.set('session', getCookie(c, 'session'));
        await next();
      });
      hono.use(async (c, next) => {
        c.set('locale', accepts(c, { header: 'Accept-Language', supports: LOCALES, default: 'en' }));
        await next();
      });
      hono.use(async (c, next) => {
        c.set('user', USER);
        await next();
      });
      hono.get('/api/me', (c) => c.json({ session: c.get('session'), locale: c.get('locale'), user: c.get('user') }));
      break;
    case 'stream':
      hono.get('/stream', (c) => c.body(webStream(STREAM_CHUNKS, sharedChunk), 200, octets));
      break;
    case 'post':
      hono.post('/echo', async (c) => {
        const data = await c.req.json();
        return c.json({ received: data.items.length });
      });
      break;
    case 'rss':
      hono.get('/big', (c) => c.body(webStream(BIG_CHUNKS, freshChunk), 200, octets));
      break;
  }
  const app = express();
  app.use(getRequestListener(hono.fetch));
  return app;
}
