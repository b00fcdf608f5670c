// An Express app that already has its own routes and views. astro-bridge adds Astro's request
// model around them: src/middleware.mjs guards /account, counts visits in a cookie, reads the
// user from an Astro session, picks the language and runs form actions; src/pages/ adds the login
// page and the session endpoints, src/actions/ an Astro Action. Run from the repository root:
// npm start
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';
import { renderer } from 'astro-bridge/express';

export const i18n = { locales: ['en', 'fr'], defaultLocale: 'en' };

const text = {
  en: { welcome: 'Welcome', visits: 'Visits', account: 'Your account', switchTo: 'Français', switchHref: '/fr/' },
  fr: { welcome: 'Bienvenue', visits: 'Visites', account: 'Votre compte', switchTo: 'English', switchHref: '/' },
};

const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function createApp() {
  const app = express();
  app.use(express.urlencoded({ extended: false })); // body parsers go before renderer()

  // The app's own view engine: {{name}} placeholders filled from res.locals (escaped).
  app.engine('html', (file, locals, done) => {
    readFile(file, 'utf8').then(
      (template) => done(null, template.replace(/\{\{(\w+)\}\}/g, (_m, key) => escapeHtml(locals[key] ?? ''))),
      done,
    );
  });
  app.set('views', path.join(import.meta.dirname, 'views'));
  app.set('view engine', 'html');

  // dev: true renders the prerendered src/pages/about.mjs on demand (no build step to run first).
  const bridge = renderer({ root: import.meta.dirname, session: { ttl: 60 * 60 }, i18n, dev: true });
  app.use(bridge);

  // Express's own routes. Astro middleware ran before them; res.locals is context.locals.
  const home = (req, res) => {
    const t = text[res.locals.lang];
    res.render('home', {
      ...t,
      lang: res.locals.lang,
      user: res.locals.user ? res.locals.user.name : 'guest',
      count: res.locals.visits,
    });
  };
  app.get('/', home);
  app.get('/fr', home);
  app.get('/account', (req, res) => {
    // Only reached with a user: the middleware redirected everyone else to /login.
    const { user, note, flash } = res.locals; // put there by the Astro middleware
    res.render('account', { title: text[res.locals.lang].account, user: user.name, since: user.since.toISOString(), note, flash });
  });
  return { app, close: () => bridge.close() };
}

if (process.argv[1] === import.meta.filename) {
  const { app } = createApp();
  const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
    console.log(`existing-express-app listening on http://127.0.0.1:${server.address().port}/`);
  });
}
