// The renderer options, shared by server.js and `npx astro-bridge build`: every page is
// prerendered unless it exports `prerender = false` (Astro's `output: 'static'`).
'use strict';
module.exports = {
  prerender: true,
  site: 'https://blog.example',
  // OUT_DIR lets a test build somewhere else; the example's own build goes to dist/ here.
  outDir: process.env.OUT_DIR ?? 'dist',
};
