import { currentLocale, localePathname, pathHasLocale, resolveI18n, type I18nEnvironment, type Locales } from '../../../lib/core/i18n';
import { getLocaleByPath, getPathByLocale } from '../../../lib/core/i18n/locale';
import { thrown } from '../../helpers/core';

const L1: Locales = ['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-SP'] }];
const L2: Locales = ['en-US', 'fr'];
const at = (locales: Locales, defaultLocale: string, environment?: I18nEnvironment) => resolveI18n({ defaultLocale, locales }, environment);

describe("Astro's integration tests (i18n-routing.test.js › current locale), §4.8(c)", () => {
  // Fixture `i18n-routing`: default `spanish`, prefix-other-locales.
  const FIXTURE = at(L1, 'spanish');
  it.each([
    ['should return the default locale', '/current-locale', 'es'],
    ['should return the default locale when rendering a route with spread operator', '/blog/es', 'es'],
    ['should return the default locale of the current URL', '/pt/start', 'pt'],
    ['should return the default locale when a route is dynamic', '/dynamic/lorem', 'es'],
  ])('%s (%s → %s)', (_name, path, expected) => {
    expect(currentLocale(path, FIXTURE)).toBe(expected);
  });

  // Fixture `i18n-routing-prefix-always`: default `en`, base `/new-site`, prefixDefaultLocale.
  const PREFIX_ALWAYS = at(['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-ar'] }], 'en', { base: '/new-site' });
  it.each([
    ['should return the locale of the current URL (en)', '/en/start', 'en'],
    ['should return the locale of the current URL (pt)', '/pt/start', 'pt'],
    ['(en), with the base', '/new-site/en/start', 'en'],
    ['(pt), with the base', '/new-site/pt/start', 'pt'],
    ['(spanish path → first code), with the base', '/new-site/spanish/start', 'es'],
    ['the base alone', '/new-site', 'en'],
    ['the base with a slash', '/new-site/', 'en'],
  ])('%s (%s → %s)', (_name, path, expected) => {
    expect(currentLocale(path, PREFIX_ALWAYS)).toBe(expected);
  });
});

describe('observed Astro 5.18.2 results (§4.8(d))', () => {
  it.each<[string, Locales, string, string]>([
    ['/', L1, 'en', 'en'],
    ['/pt', L1, 'en', 'pt'],
    ['/pt.html', L1, 'en', 'pt'],
    ['/blog/pt/x', L1, 'en', 'pt'],
    ['/spanish', L1, 'en', 'es'],
    ['/es', L1, 'en', 'es'],
    ['/ES-sp/x', L1, 'en', 'es-SP'],
    ['/PT/x', L1, 'en', 'en'],
    ['/x', L1, 'spanish', 'es'],
    ['/en-us/x', L2, 'fr', 'fr'],
    ['/en-US/x', L2, 'fr', 'en-US'],
    ['/itx/y', L1, 'en', 'en'],
    ['/ptbr', L1, 'en', 'en'],
    ['/port/x', L1, 'en', 'en'],
  ])('%s with %j, default %s → %s', (path, locales, defaultLocale, expected) => {
    expect(currentLocale(path, at(locales, defaultLocale))).toBe(expected);
  });

  // Astro answers `undefined` for `/x` with default `es` (a code, not a path) or `nope`; its
  // config validation rejects those defaults, and so does resolveI18n: never undefined here.
  it.each<[Locales, string]>([
    [L1, 'es'],
    [L2, 'nope'],
  ])('%j with default %s (Astro: undefined for /x) is an invalid config', (locales, defaultLocale) => {
    thrown(() => at(locales, defaultLocale), 'InvalidOption');
  });
});

describe('currentLocale: URLs, base and trailing slash variants', () => {
  const I18N = at(['en', 'pt_BR', { path: 'portugues', codes: ['pt', 'pt-PT'] }, { path: 'español', codes: ['es'] }], 'en');
  it.each([
    ['/', 'en'],
    ['', 'en'],
    ['/about', 'en'],
    ['/about/', 'en'],
    ['/portugues', 'pt'],
    ['/portugues/', 'pt'],
    ['/portugues/about', 'pt'],
    ['/portugues/about/', 'pt'],
    ['/portugues.html', 'pt'],
    ['/portugues/index.html', 'pt'],
    ['/pt/about', 'pt'],
    ['/PT-pt/about', 'pt-PT'],
    ['/pt_pt/about', 'pt-PT'],
    ['/pt_BR/about', 'pt_BR'],
    ['/pt-br/about', 'en'], // a string locale matches its exact spelling only (Astro's substring pre-check)
    ['/Portugues/about', 'en'], // an object path is exact
    ['/blog/portugues/post', 'pt'], // any segment, as in Astro
    ['/portugues/pt_BR', 'pt'], // the first segment naming a locale wins
    ['/pt_BR/portugues', 'pt_BR'],
    ['/espa%C3%B1ol/x', 'es'], // deviation: percent-encoded segments are decoded
    ['/español/x', 'es'],
    ['/%E0%A4%A/x', 'en'], // invalid encoding does not throw
    ['//portugues//', 'pt'],
    ['/about?portugues', 'en'], // only the pathname is read; a query is not a segment here
  ])('%s → %s', (path, expected) => {
    expect(currentLocale(path, I18N)).toBe(expected);
  });

  const BASED = at(['en', 'pt', 'it'], 'it', { base: '/en' });
  it.each([
    ['/en', 'it'],
    ['/en/', 'it'],
    ['/en/pt/x', 'pt'],
    ['/en/x', 'it'],
    ['/enx/pt', 'pt'], // not below the base: every segment is read
  ])('deviation: the base is skipped, even when it looks like a locale (base /en): %s → %s', (path, expected) => {
    expect(currentLocale(path, BASED)).toBe(expected);
  });

  it('the first configured locale wins a segment claimed twice (string locale before object code)', () => {
    // `es-sp` is no string locale here, so only the object code matches it.
    expect(currentLocale('/es-sp', at(['en', { path: 'spanish', codes: ['es-SP'] }], 'en'))).toBe('es-SP');
  });
});

describe('localePathname: the pathname currentLocale reads', () => {
  const context = (href: string, locals: object = {}) => ({ url: new URL(href), locals: locals as App.Locals });
  it('is the URL pathname', () => {
    expect(localePathname(context('http://h/pt/x?y=1'))).toBe('/pt/x');
  });
  it('without the mount path', () => {
    expect(localePathname(context('http://h/app/pt/x'), '/app')).toBe('/pt/x');
    expect(localePathname(context('http://h/app'), '/app')).toBe('/');
    expect(localePathname(context('http://h/other/pt'), '/app')).toBe('/other/pt');
  });
});

describe('pathHasLocale, getPathByLocale, getLocaleByPath', () => {
  const I18N = at(['en', 'en_US', { path: 'italiano', codes: ['it-VT', 'it'] }, 'es'], 'en');
  it.each([
    ['/italiano', true],
    ['italiano', true],
    ['/es/x', true],
    ['/ES/x', true], // string locales compare case-insensitively here (Astro's pathHasLocale)
    ['/en-us/x', true], // `_` as `-`
    ['/es.html', true],
    ['/it-VT', false], // a code is not a path
    ['/Italiano', false], // object paths are exact
    ['/', false],
    ['/about', false],
  ])('pathHasLocale(%s) → %s', (path, expected) => {
    expect(pathHasLocale(path, I18N)).toBe(expected);
  });

  it.each([
    ['it', 'italiano'],
    ['it-VT', 'italiano'],
    ['es', 'es'],
    ['en_US', 'en_US'],
  ])('getPathByLocale(%s) → %s', (locale, path) => {
    expect(getPathByLocale(locale, I18N)).toBe(path);
  });

  it.each([
    ['italiano', 'it-VT'],
    ['es', 'es'],
  ])('getLocaleByPath(%s) → %s (the first code)', (path, locale) => {
    expect(getLocaleByPath(path, I18N)).toBe(locale);
  });

  it.each(['fr', 'italiano', 'en-US', 'IT'])('getPathByLocale(%s) throws i18nNoLocaleFoundInPath', (locale) => {
    thrown(() => getPathByLocale(locale, I18N), 'i18nNoLocaleFoundInPath');
  });

  it.each(['fr', 'it', 'Italiano'])('getLocaleByPath(%s) throws i18nNoLocaleFoundInPath', (path) => {
    thrown(() => getLocaleByPath(path, I18N), 'i18nNoLocaleFoundInPath');
  });
});
