// A prerendered Astro page (`prerender = true`): `npx astro-bridge build` would write it to a file
// that the renderer serves without running middleware. `npm start` passes `dev: true`, so it is
// rendered on demand with the build-time context (no session, no cookies, isPrerendered true), as
// Astro's dev server does. examples/static-and-server shows the build itself.
export const prerender = true;

export default function about({ isPrerendered, url }) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>About</title></head>
<body>
  <h1>About this app</h1>
  <p>An Express app with Astro's request model around it.</p>
  <p id="prerendered">Prerendered: ${isPrerendered ? 'yes' : 'no'} (at ${url.pathname})</p>
  <a href="/">Home</a>
</body></html>`;
}
