// The renderer options, shared by server.js and `npx astro-bridge build`: every page is
// prerendered unless it exports `prerender = false` (Astro's `output: 'static'`).
'use strict';
module.exports = {
  prerender: true,
  site: 'https://blog.example',
  outDir: 'dist',
};
