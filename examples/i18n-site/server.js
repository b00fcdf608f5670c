// Astro's i18n routing in a Koa app: locale-prefixed routes, `/` redirected to the default
// locale, French falling back to English pages it lacks, Portuguese under a custom path, and
// the visitor's preferred locale from Accept-Language.
// Run from the repository root: npm run example -- i18n-site
'use strict';
const Koa = require('koa');
const { renderer } = require('astro-bridge/koa');
const { createI18n } = require('astro-bridge');

const i18nConfig = {
  locales: ['en', 'fr', { path: 'portugues', codes: ['pt', 'pt-BR'] }],
  defaultLocale: 'en',
  routing: { prefixDefaultLocale: true, redirectToDefaultLocale: true, fallbackType: 'rewrite' },
  fallback: { fr: 'en', portugues: 'en' },
};
// The `astro:i18n` helpers, bound to the same config.
const { getRelativeLocaleUrl, getRelativeLocaleUrlList } = createI18n(i18nConfig);

const greetings = { en: 'Hello', fr: 'Bonjour', pt: 'Olá' };

const home = ({ currentLocale, preferredLocale, preferredLocaleList }) => `<!doctype html>
<h1>${greetings[currentLocale]}!</h1>
<p>This page: ${currentLocale}. Your browser prefers: ${preferredLocale ?? 'none of ours'}
(accepted: ${preferredLocaleList.join(', ') || 'none'}).</p>
<nav>${getRelativeLocaleUrlList().map((url) => `<a href="${url}">${url}</a>`).join(' ')}</nav>
<p><a href="${getRelativeLocaleUrl(currentLocale, 'about')}">About</a></p>`;

const app = new Koa();
app.use(
  renderer({
    i18n: i18nConfig,
    routes: {
      '/en': { default: home },
      '/fr': { default: home },
      '/portugues': { default: home },
      // Only English has an about page: /fr/about and /portugues/about fall back to it.
      '/en/about': { default: ({ currentLocale }) => `<h1>About (${currentLocale})</h1>` },
      '/api/locale': {
        GET: ({ preferredLocale, preferredLocaleList }) => Response.json({ preferredLocale, preferredLocaleList }),
      },
    },
  }),
);

module.exports = { app };

if (require.main === module) {
  const server = app.listen(Number(process.env.PORT ?? 3004), '127.0.0.1', () =>
    console.log(`i18n-site listening on http://127.0.0.1:${server.address().port}/`),
  );
}
