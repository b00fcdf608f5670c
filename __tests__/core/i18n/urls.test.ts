import { createI18n, joinPaths, type BuildFormat, type I18nRoutingOptions, type Locales } from '../../../lib/core/i18n';
import type { TrailingSlash } from '../../../lib/types';
import { thrown } from '../../helpers/core';

// Ported from packages/astro/test/units/i18n/astro_i18n.test.js (astro@5.18.2). Rows that need
// `domains` (+ `isBuild`) are not ported: per-locale domains are not supported.

interface Setup {
  locales: Locales;
  defaultLocale?: string;
  routing?: I18nRoutingOptions;
  base: string;
  trailingSlash: TrailingSlash;
  format: BuildFormat;
  site?: string;
}
const helpers = ({ locales, defaultLocale = 'en', routing, ...environment }: Setup) => createI18n({ defaultLocale, locales, routing }, environment);

const ITALIANO = { path: 'italiano', codes: ['it', 'it-VA'] };
const L_BASE: Locales = ['en', 'en_US', 'es', ITALIANO];
const L_EN_ES: Locales = ['en', 'es'];
const L_EN_ES_IT: Locales = ['en', 'es', ITALIANO];
const L_NORM: Locales = ['en', 'en_US', 'en_AU'];
const L_PREFIX: Locales = ['en', 'es', 'en_US', 'en_AU'];
const PREFIX = { prefixDefaultLocale: true };
const PREFIX_NO_REDIRECT = { prefixDefaultLocale: true, redirectToDefaultLocale: false };
const SITE = 'https://example.com';

type Row = [locale: string, setup: Setup, expected: string, options?: { path?: string; prependWith?: string; normalizeLocale?: boolean }];

describe('getRelativeLocaleUrl', () => {
  it.each<[string, ...Row]>([
    // should correctly return the URL with the base
    ['with base', 'en', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/'],
    ['with base', 'es', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/es/'],
    ['with base', 'en', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/'],
    ['with base', 'es', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/es/'],
    ['with base', 'it-VA', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/italiano/'],
    // should correctly return the URL without base
    ['without base', 'en', { locales: L_EN_ES, base: '/', trailingSlash: 'always', format: 'directory' }, '/'],
    ['without base', 'es', { locales: L_EN_ES, base: '/', trailingSlash: 'always', format: 'directory' }, '/es/'],
    ['without base', 'en', { locales: L_EN_ES, base: '/', trailingSlash: 'never', format: 'file' }, '/'],
    ['without base', 'es', { locales: L_EN_ES, base: '/', trailingSlash: 'never', format: 'file' }, '/es'],
    ['without base', 'en', { locales: L_EN_ES, base: '/', trailingSlash: 'never', format: 'directory' }, '/'],
    // should correctly handle the trailing slash
    ['trailing slash', 'en', { locales: L_EN_ES_IT, base: '/blog', trailingSlash: 'never', format: 'directory' }, '/blog'],
    ['trailing slash', 'es', { locales: L_EN_ES_IT, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/es/'],
    ['trailing slash', 'it-VA', { locales: L_EN_ES_IT, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/italiano/'],
    ['trailing slash', 'en', { locales: L_EN_ES_IT, base: '/blog/', trailingSlash: 'ignore', format: 'directory' }, '/blog/'],
    ['trailing slash', 'en', { locales: L_EN_ES_IT, base: '/blog', trailingSlash: 'never', format: 'file' }, '/blog'],
    ['trailing slash', 'es', { locales: L_EN_ES_IT, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/es/'],
    ['trailing slash (ignore + file => no trailing slash)', 'en', { locales: L_EN_ES_IT, base: '/blog', trailingSlash: 'ignore', format: 'file' }, '/blog'],
    // should normalize locales by default
    ['normalize', 'en_US', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en-us/'],
    ['normalize: false', 'en_US', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en_US/', { normalizeLocale: false }],
    ['normalize', 'en_AU', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en-au/'],
    // should return the default locale when routing strategy is [pathname-prefix-always]
    ['prefix-always', 'en', { locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en/'],
    ['prefix-always', 'es', { locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/es/'],
    ['prefix-always', 'en', { locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/en/'],
    ['prefix-always', 'es', { locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/es/'],
    // should return the default locale when routing strategy is [pathname-prefix-always-no-redirect]
    ['prefix-always-no-redirect', 'en', { locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en/'],
    ['prefix-always-no-redirect', 'es', { locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/es/'],
    ['prefix-always-no-redirect', 'en', { locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/en/'],
    ['prefix-always-no-redirect', 'es', { locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'file' }, '/blog/es/'],
    // more: paths, prependWith, the default `format`
    ['a path', 'es', { locales: L_EN_ES, base: '', trailingSlash: 'ignore', format: 'directory' }, '/es/getting-started/', { path: 'getting-started' }],
    ['a path with slashes', 'es', { locales: L_EN_ES, base: '', trailingSlash: 'never', format: 'directory' }, '/es/docs/intro', { path: '/docs/intro/' }],
    ['prependWith', 'es', { locales: L_EN_ES, base: '/docs', trailingSlash: 'never', format: 'directory' }, '/docs/blog/es/post', { prependWith: 'blog', path: 'post' }],
    ['prependWith on the default locale', 'en', { locales: L_EN_ES, base: '', trailingSlash: 'always', format: 'directory' }, '/blog/', { prependWith: 'blog' }],
    ['an object code, normalised path', 'it', { locales: L_BASE, base: '', trailingSlash: 'never', format: 'directory' }, '/italiano/x', { path: 'x' }],
  ])('%s: %s', (_name, locale, setup, expected, options = {}) => {
    const { path, ...rest } = options;
    expect(helpers(setup).getRelativeLocaleUrl(locale, path, rest)).toBe(expected);
  });

  it('deviation: the code of a default object locale gets no prefix (Astro prefixed it, unlike its list functions)', () => {
    const i18n = helpers({ locales: ['en', { path: 'spanish', codes: ['es', 'es-AR'] }], defaultLocale: 'spanish', base: '', trailingSlash: 'never', format: 'directory' });
    expect(i18n.getRelativeLocaleUrl('es', 'x')).toBe('/x');
    expect(i18n.getRelativeLocaleUrl('es-AR')).toBe('/');
    expect(i18n.getRelativeLocaleUrl('en')).toBe('/en');
    expect(i18n.getRelativeLocaleUrlList()).toEqual(['/en', '/']);
  });

  it.each(['ff', 'italiano', 'EN', 'en-US'])('an unknown locale (%s) throws MissingLocaleError', (locale) => {
    const error = thrown(() => helpers({ locales: L_BASE, base: '', trailingSlash: 'ignore', format: 'directory' }).getRelativeLocaleUrl(locale), 'MissingLocaleError');
    expect(error.message.split('\nHint: ')[0]).toBe(`The locale/path \`${locale}\` does not exist in the configured \`i18n.locales\`.`);
  });

  it("the default format is Astro's 'directory': trailingSlash 'ignore' appends a slash", () => {
    expect(createI18n({ defaultLocale: 'en', locales: L_EN_ES }).getRelativeLocaleUrl('es')).toBe('/es/');
    expect(createI18n({ defaultLocale: 'en', locales: L_EN_ES }, { format: 'file' }).getRelativeLocaleUrl('es')).toBe('/es');
  });
});

describe('getRelativeLocaleUrlList', () => {
  const L3: Locales = ['en', 'en_US', 'es'];
  it.each<[string, Setup, string[]]>([
    ['[format: directory, trailingSlash: never]', { locales: L_BASE, base: '/blog', trailingSlash: 'never', format: 'directory' }, ['/blog', '/blog/en-us', '/blog/es', '/blog/italiano']],
    ['[format: directory, trailingSlash: always]', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' }, ['/blog/', '/blog/en-us/', '/blog/es/', '/blog/italiano/']],
    ['[format: file, trailingSlash: always]', { locales: L3, base: '/blog/', trailingSlash: 'always', format: 'file' }, ['/blog/', '/blog/en-us/', '/blog/es/']],
    ['[format: file, trailingSlash: never]', { locales: L3, base: '/blog', trailingSlash: 'never', format: 'file' }, ['/blog', '/blog/en-us', '/blog/es']],
    ['[format: file, trailingSlash: ignore]', { locales: L3, base: '/blog', trailingSlash: 'ignore', format: 'file' }, ['/blog', '/blog/en-us', '/blog/es']],
    ['[format: directory, trailingSlash: ignore]', { locales: L3, base: '/blog/', trailingSlash: 'ignore', format: 'directory' }, ['/blog/', '/blog/en-us/', '/blog/es/']],
    ['[format: directory, trailingSlash: never, routingStrategy: pathname-prefix-always]', { locales: L3, routing: PREFIX, base: '/blog', trailingSlash: 'never', format: 'directory' }, ['/blog/en', '/blog/en-us', '/blog/es']],
    ['[format: directory, trailingSlash: never, routingStrategy: pathname-prefix-always-no-redirect]', { locales: L3, routing: PREFIX_NO_REDIRECT, base: '/blog', trailingSlash: 'never', format: 'directory' }, ['/blog/en', '/blog/en-us', '/blog/es']],
  ])('should retrieve the correct list of base URL with locales %s', (_name, setup, expected) => {
    expect(helpers(setup).getRelativeLocaleUrlList()).toEqual(expected);
  });

  it('with a path and options', () => {
    const i18n = helpers({ locales: L_BASE, base: '', trailingSlash: 'never', format: 'directory' });
    expect(i18n.getRelativeLocaleUrlList('about')).toEqual(['/about', '/en-us/about', '/es/about', '/italiano/about']);
    expect(i18n.getRelativeLocaleUrlList('about', { normalizeLocale: false, prependWith: 'p' })).toEqual(['/p/about', '/p/en_US/about', '/p/es/about', '/p/italiano/about']);
  });
});

describe('getAbsoluteLocaleUrl', () => {
  const withSite = (setup: Setup): Setup => ({ ...setup, site: SITE });
  it.each<[string, ...Row]>([
    // [prefix-other-locales] should correctly return the URL with the base
    ['other-locales, base', 'en', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/'],
    ['other-locales, base', 'es', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['other-locales, base', 'en', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/'],
    ['other-locales, base', 'es', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    ['other-locales, base', 'it-VA', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/italiano/'],
    ["other-locales, base (en isn't mapped to a domain)", 'en', withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/some-name/first-post/', { prependWith: 'some-name', path: 'first-post' }],
    // [prefix-always] should correctly return the URL with the base
    ['prefix-always, base', 'en', withSite({ locales: ['en', 'en_US', 'es'], routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/en/'],
    ['prefix-always, base', 'es', withSite({ locales: ['en', 'en_US', 'es'], routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['prefix-always, base', 'en', withSite({ locales: ['en', 'en_US', 'es'], routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/en/'],
    ['prefix-always, base', 'es', withSite({ locales: ['en', 'en_US', 'es'], routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    // [prefix-always] should correctly return the URL without base
    ['prefix-always, no base', 'en', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/en/'],
    ['prefix-always, no base', 'es', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/es/'],
    // [prefix-always] should correctly handle the trailing slash
    ['prefix-always, trailing slash', 'en', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog', trailingSlash: 'never', format: 'directory' }), 'https://example.com/blog/en'],
    ['prefix-always, trailing slash', 'es', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['prefix-always, trailing slash', 'en', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog/', trailingSlash: 'ignore', format: 'directory' }), 'https://example.com/blog/en/'],
    ['prefix-always, trailing slash', 'en', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog', trailingSlash: 'never', format: 'file' }), 'https://example.com/blog/en'],
    ['prefix-always, trailing slash', 'es', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    ['prefix-always, trailing slash (ignore + file)', 'en', withSite({ locales: L_EN_ES, routing: PREFIX, base: '/blog', trailingSlash: 'ignore', format: 'file' }), 'https://example.com/blog/en'],
    // should normalize locales (no site: relative URLs)
    ['normalize, no site', 'en_US', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en-us/'],
    ['normalize, no site', 'en_AU', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en-au/'],
    ['normalize: true, no site', 'en_US', { locales: L_NORM, base: '/blog/', trailingSlash: 'always', format: 'directory' }, '/blog/en-us/', { normalizeLocale: true }],
    // should return the default locale when routing strategy is [pathname-prefix-always]
    ['prefix-always default locale', 'en', withSite({ locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/en/'],
    ['prefix-always default locale', 'es', withSite({ locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['prefix-always default locale', 'en', withSite({ locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/en/'],
    ['prefix-always default locale', 'es', withSite({ locales: L_PREFIX, routing: PREFIX, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    // ... [pathname-prefix-always-no-redirect]
    ['no-redirect default locale', 'en', withSite({ locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/en/'],
    ['no-redirect default locale', 'es', withSite({ locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['no-redirect default locale', 'en', withSite({ locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/en/'],
    ['no-redirect default locale', 'es', withSite({ locales: L_PREFIX, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    // [prefix-other-locales] should correctly return the URL without base
    ['other-locales, no base', 'en', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/'],
    ['other-locales, no base', 'es', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/es/'],
    ['other-locales, no base', 'it-VA', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/italiano/'],
    ['other-locales, no base', 'en', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'never', format: 'directory' }), 'https://example.com'],
    ['other-locales, no base', 'es', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'never', format: 'directory' }), 'https://example.com/es'],
    ['other-locales, no base', 'it-VA', withSite({ locales: L_EN_ES_IT, base: '/', trailingSlash: 'never', format: 'directory' }), 'https://example.com/italiano'],
    // [prefix-other-locales] should correctly handle the trailing slash
    ['other-locales, trailing slash', 'en', withSite({ locales: L_EN_ES, base: '/blog', trailingSlash: 'never', format: 'directory' }), 'https://example.com/blog'],
    ['other-locales, trailing slash', 'es', withSite({ locales: L_EN_ES, base: '/blog/', trailingSlash: 'always', format: 'directory' }), 'https://example.com/blog/es/'],
    ['other-locales, trailing slash', 'en', withSite({ locales: L_EN_ES, base: '/blog/', trailingSlash: 'ignore', format: 'directory' }), 'https://example.com/blog/'],
    ['other-locales, trailing slash', 'en', withSite({ locales: L_EN_ES, base: '/blog', trailingSlash: 'never', format: 'file' }), 'https://example.com/blog'],
    ['other-locales, trailing slash', 'es', withSite({ locales: L_EN_ES, base: '/blog/', trailingSlash: 'always', format: 'file' }), 'https://example.com/blog/es/'],
    ['other-locales, trailing slash (ignore + file)', 'en', withSite({ locales: L_EN_ES, base: '/blog', trailingSlash: 'ignore', format: 'file' }), 'https://example.com/blog'],
    // a site with a path
    ['a site with a path', 'es', { locales: L_EN_ES, base: '/blog', trailingSlash: 'never', format: 'directory', site: 'https://example.com/sub/' }, 'https://example.com/sub/blog/es'],
  ])('%s: %s', (_name, locale, setup, expected, options = {}) => {
    const { path, ...rest } = options;
    expect(helpers(setup).getAbsoluteLocaleUrl(locale, path, rest)).toBe(expected);
  });

  it('an unknown locale throws MissingLocaleError', () => {
    thrown(() => helpers(withSite({ locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'directory' })).getAbsoluteLocaleUrl('ff'), 'MissingLocaleError');
  });
});

describe('getAbsoluteLocaleUrlList', () => {
  const L3: Locales = ['en', 'en_US', 'es'];
  it.each<[string, Setup, string[], string?]>([
    ['[format: directory, trailingSlash: never]', { locales: L_BASE, base: '/blog', trailingSlash: 'never', format: 'directory', site: SITE }, ['https://example.com/blog', 'https://example.com/blog/en-us', 'https://example.com/blog/es', 'https://example.com/blog/italiano']],
    ['[format: directory, trailingSlash: always]', { locales: L3, base: '/blog/', trailingSlash: 'always', format: 'directory', site: SITE }, ['https://example.com/blog/', 'https://example.com/blog/en-us/', 'https://example.com/blog/es/']],
    [
      'and path [format: directory, trailingSlash: always]',
      { locales: L3, routing: PREFIX, base: '/', trailingSlash: 'always', format: 'directory', site: 'https://example.com/' },
      ['https://example.com/en/download/', 'https://example.com/en-us/download/', 'https://example.com/es/download/'],
      'download',
    ],
    ['[format: file, trailingSlash: always]', { locales: L_BASE, base: '/blog/', trailingSlash: 'always', format: 'file', site: SITE }, ['https://example.com/blog/', 'https://example.com/blog/en-us/', 'https://example.com/blog/es/', 'https://example.com/blog/italiano/']],
    ['[format: file, trailingSlash: never]', { locales: L3, base: '/blog', trailingSlash: 'never', format: 'file', site: SITE }, ['https://example.com/blog', 'https://example.com/blog/en-us', 'https://example.com/blog/es']],
    ['[format: file, trailingSlash: ignore]', { locales: L3, base: '/blog', trailingSlash: 'ignore', format: 'file', site: SITE }, ['https://example.com/blog', 'https://example.com/blog/en-us', 'https://example.com/blog/es']],
    ['[format: directory, trailingSlash: ignore]', { locales: L3, base: '/blog/', trailingSlash: 'ignore', format: 'directory', site: SITE }, ['https://example.com/blog/', 'https://example.com/blog/en-us/', 'https://example.com/blog/es/']],
    ['[format: directory, trailingSlash: ignore, routingStrategy: pathname-prefix-always]', { locales: L3, routing: PREFIX, base: '/blog/', trailingSlash: 'ignore', format: 'directory', site: SITE }, ['https://example.com/blog/en/', 'https://example.com/blog/en-us/', 'https://example.com/blog/es/']],
    ['[format: directory, trailingSlash: ignore, routingStrategy: pathname-prefix-always-no-redirect]', { locales: L3, routing: PREFIX_NO_REDIRECT, base: '/blog/', trailingSlash: 'ignore', format: 'directory', site: SITE }, ['https://example.com/blog/en/', 'https://example.com/blog/en-us/', 'https://example.com/blog/es/']],
    ['without site: relative URLs', { locales: L3, base: '', trailingSlash: 'never', format: 'directory' }, ['/', '/en-us', '/es']],
  ])('should retrieve the correct list of base URL with locales %s', (_name, setup, expected, ...path) => {
    expect(helpers(setup).getAbsoluteLocaleUrlList(path[0])).toEqual(expected);
  });
});

describe("joinPaths (Astro's internal-helpers semantics)", () => {
  it.each<[(string | undefined)[], string]>([
    [['/blog/', 'es'], '/blog/es'],
    [['/blog/', undefined, 'es', undefined], '/blog/es'],
    [['', 'es'], '/es'],
    [['/'], ''],
    [['/blog', 'pre/', undefined], '/blog/pre'], // "last" counts undefined parts: pre/ is trimmed both ways
    [['/blog', 'pre/'], '/blog/pre/'],
    [['https://example.com/', '/es/'], 'https://example.com/es/'],
  ])('%j → %s', (parts, expected) => {
    expect(joinPaths(...parts)).toBe(expected);
  });
});
