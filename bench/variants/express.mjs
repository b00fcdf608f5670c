// Express native: routes, res.send/res.json/res.cookie, cookie-parser, req.acceptsLanguages,
// express.json(), a piped Readable.
import express from 'express';
import cookieParser from 'cookie-parser';
import { LOCALES, USER, STREAM_CHUNKS, BIG_CHUNKS, nodeStream, sharedChunk, freshChunk } from '../shared.mjs';

export function create(scenario) {
  const app = express();
  switch (scenario) {
    case 'hello':
      app.get('/hello', (req, res) => {
        res.set('x-bench', 'hello');
        res.cookie('seen', '1', { path: '/', httpOnly: true });
        res.type('text/plain').send(`Hello, ${req.query.name}!`);
      });
      break;
    case 'middleware':
      app.use(cookieParser());
      app.use((req, res, next) => {
        res.locals.session = req.cookies.session;
        next();
      });
      app.use((req, res, next) => {
        res.locals.locale = req.acceptsLanguages(...LOCALES) || 'en';
        next();
      });
      app.use((req, res, next) => {
        res.locals.user = USER;
        next();
      });
      app.get('/api/me', (req, res) => {
        const { session, locale, user } = res.locals;
        res.json({ session, locale, user });
      });
      break;
    case 'stream':
      app.get('/stream', (req, res) => {
        res.type('application/octet-stream');
        nodeStream(STREAM_CHUNKS, sharedChunk).pipe(res);
      });
      break;
    case 'post':
      app.post('/echo', express.json({ limit: '1mb' }), (req, res) => {
        res.json({ received: req.body.items.length });
      });
      break;
    case 'fallthrough':
      app.use((req, res, next) => {
        res.locals.around = true;
        res.setHeader('x-around', '1');
        next();
      });
      app.get('/ft', (req, res) => {
        res.type('text/plain').send('fell through');
      });
      break;
    case 'rss':
      app.get('/big', (req, res) => {
        res.type('application/octet-stream');
        nodeStream(BIG_CHUNKS, freshChunk).pipe(res);
      });
      break;
  }
  return app;
}
