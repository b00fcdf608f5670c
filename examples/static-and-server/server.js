// An Express blog, part prerendered, part on demand: posts, the paginated list and the RSS feed
// are built to files and served from them (ETag, 304); /account and /api/likes render per request.
// Run (one command; it builds, then serves): npm run build && node examples/static-and-server/server.js
'use strict';
const path = require('node:path');
const express = require('express');
const { renderer } = require('astro-bridge/express');
const config = require('./astro-bridge.config.js');

/** The app; `outDir` is where the build is (default: dist/ here, as in the config). */
function createApp(overrides = {}) {
  const app = express();
  app.use(renderer({ ...config, root: __dirname, fallThrough: false, ...overrides }));
  return app;
}

module.exports = { createApp, config };

if (require.main === module) {
  const { build } = require('astro-bridge');
  build({ ...config, root: __dirname }).then((summary) => {
    if (summary.failures.length > 0) return void (process.exitCode = 1);
    const port = Number(process.env.PORT ?? 3005);
    createApp().listen(port, '127.0.0.1', () => {
      console.log(`static-and-server on http://127.0.0.1:${port} (built files in ${path.join(__dirname, config.outDir)})`);
    });
  });
}
