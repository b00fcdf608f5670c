// An Express app with Astro-style middleware and pages, discovered from src/ like Astro does:
// src/middleware.js (onRequest) and src/pages/**. Astro middleware also wraps the Express
// routes below the renderer: it guards /dashboard and redacts /report, which Express renders.
// Run: npm run build && node examples/express-middleware/server.js
'use strict';
const express = require('express');
const { renderer } = require('astro-bridge/express');

const app = express();

app.use(renderer({ root: __dirname }));

// Express's own routes: Astro middleware runs around them too.
app.get('/dashboard', (req, res) => {
  res.type('html').send(`<h1>Dashboard of ${res.locals.user}</h1>`);
});
app.get('/report', (req, res) => {
  res.json({ owner: res.locals.user ?? 'anonymous', note: 'PRIVATE INFO: the numbers' });
});

module.exports = { app };

if (require.main === module) {
  const port = Number(process.env.PORT ?? 3002);
  app.listen(port, '127.0.0.1', () => console.log(`express-middleware listening on http://127.0.0.1:${port}`));
}
