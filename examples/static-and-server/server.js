// An Express blog, part prerendered, part on demand: posts, the paginated list and the RSS feed
// are built to files and served from them (ETag, 304); /account and /api/likes render per request.
// Run (one command; it builds dist/, then serves): npm run example -- static-and-server
'use strict';
const path = require('node:path');
const express = require('express');
const { renderer } = require('astro-bridge/express');
const config = require('./astro-bridge.config.js');

/** The app; `outDir` is where the build is (default: the config's, dist/ here). */
function createApp(overrides = {}) {
  const app = express();
  app.use(renderer({ ...config, root: __dirname, fallThrough: false, ...overrides }));
  return app;
}

module.exports = { createApp, config };

if (require.main === module) {
  const { build } = require('astro-bridge');
  // What `npx astro-bridge build --root examples/static-and-server` does, then the server.
  build({ ...config, root: __dirname }).then((summary) => {
    if (summary.failures.length > 0) return void (process.exitCode = 1);
    const server = createApp().listen(Number(process.env.PORT ?? 3005), '127.0.0.1', () => {
      const where = path.relative(process.cwd(), summary.outDir) || '.';
      console.log(`static-and-server listening on http://127.0.0.1:${server.address().port}/ (prerendered pages from ${where})`);
    });
  });
}
