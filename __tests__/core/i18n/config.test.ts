import { resolveI18n, type I18nConfig, type I18nEnvironment } from '../../../lib/core/i18n';
import { isResolvedI18n, getAllCodes, toCodes, toPaths, toRoutingStrategy } from '../../../lib/core/i18n/config';
import { thrown } from '../../helpers/core';

const LOCALES = ['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-SP'] }];
const valid = (extra: Partial<I18nConfig> = {}): I18nConfig => ({ defaultLocale: 'en', locales: [...LOCALES], ...extra });

describe('resolveI18n: valid configs are normalised once', () => {
  it("applies Astro's routing defaults", () => {
    const i18n = resolveI18n(valid());
    expect(i18n.routing).toEqual({ prefixDefaultLocale: false, redirectToDefaultLocale: true, fallbackType: 'redirect' });
    expect(i18n.strategy).toBe('pathname-prefix-other-locales');
    expect(i18n.fallbackType).toBe('redirect');
    expect(i18n.fallback).toBeUndefined();
    expect(i18n.base).toBe('');
    expect(i18n.trailingSlash).toBe('ignore');
    expect(i18n.format).toBe('directory');
    expect(i18n.site).toBeUndefined();
    expect(isResolvedI18n(i18n)).toBe(true);
    expect(isResolvedI18n({ ...i18n })).toBe(false);
  });

  it.each([
    [undefined, 'pathname-prefix-other-locales'],
    [{}, 'pathname-prefix-other-locales'],
    [{ prefixDefaultLocale: false, redirectToDefaultLocale: true }, 'pathname-prefix-other-locales'],
    [{ prefixDefaultLocale: true }, 'pathname-prefix-always'],
    [{ prefixDefaultLocale: true, redirectToDefaultLocale: true }, 'pathname-prefix-always'],
    [{ prefixDefaultLocale: true, redirectToDefaultLocale: false }, 'pathname-prefix-always-no-redirect'],
    ['manual', 'manual'],
  ] as const)('routing %j → strategy %s (toRoutingStrategy)', (routing, strategy) => {
    expect(resolveI18n(valid({ routing })).strategy).toBe(strategy);
    expect(toRoutingStrategy(routing)).toBe(strategy);
  });

  it("fallbackType: 'rewrite' is kept; manual routing uses rewrite, as Astro's toFallbackType", () => {
    expect(resolveI18n(valid({ routing: { fallbackType: 'rewrite' } })).fallbackType).toBe('rewrite');
    expect(resolveI18n(valid({ routing: 'manual' })).fallbackType).toBe('rewrite');
  });

  it.each([
    [{ base: '/docs' }, '/docs'],
    [{ base: '/docs/' }, '/docs'],
    [{ base: 'docs' }, '/docs'],
    [{ base: '/' }, ''],
    [{ base: '' }, ''],
  ] as [I18nEnvironment, string][])('environment %j → base %j', (environment, base) => {
    expect(resolveI18n(valid(), environment).base).toBe(base);
  });

  it.each([
    ['https://example.com', 'https://example.com'],
    ['https://example.com/', 'https://example.com'],
    [new URL('https://example.com/sub/'), 'https://example.com/sub'],
  ])('site %s → %s (no trailing slash)', (site, expected) => {
    expect(resolveI18n(valid(), { site }).site).toBe(expected);
  });

  it('freezes the config it keeps (later edits of the input do not leak in)', () => {
    const input = valid({ fallback: { it: 'en' } });
    const i18n = resolveI18n(input);
    (input.locales as unknown[]).push('fr');
    input.fallback!.pt = 'en';
    expect(i18n.locales).toHaveLength(4);
    expect(i18n.fallback).toEqual({ it: 'en' });
    expect(Object.isFrozen(i18n)).toBe(true);
    expect(Object.isFrozen(i18n.locales)).toBe(true);
  });

  it("getAllCodes, toCodes, toPaths (Astro's helpers)", () => {
    expect(getAllCodes(LOCALES)).toEqual(['en', 'pt', 'it', 'es', 'es-SP']);
    expect(toCodes(LOCALES)).toEqual(['en', 'pt', 'it', 'es']);
    expect(toPaths(LOCALES)).toEqual(['en', 'pt', 'it', 'spanish']);
  });

  it('a default locale given as an object path is accepted', () => {
    expect(resolveI18n({ defaultLocale: 'spanish', locales: LOCALES }).defaultLocale).toBe('spanish');
  });

  it('a fallback chain without cycle is accepted', () => {
    expect(resolveI18n(valid({ fallback: { it: 'pt', pt: 'en', spanish: 'it' } })).fallback).toEqual({ it: 'pt', pt: 'en', spanish: 'it' });
  });
});

describe('resolveI18n: invalid configs throw InvalidOption naming the key', () => {
  it.each<[string, unknown, string, RegExp]>([
    ['not an object', null, 'i18n', /expected an object/],
    ['an array', [], 'i18n', /expected an object/],
    ['domains (not supported)', { ...valid(), domains: { es: 'https://es.example.com' } }, 'i18n.domains', /not supported/],
    ['an unknown key', { ...valid(), fallbacks: {} }, 'i18n.fallbacks', /unknown key/],
    ['no locales', { defaultLocale: 'en' }, 'i18n.locales', /non-empty array/],
    ['empty locales', { defaultLocale: 'en', locales: [] }, 'i18n.locales', /non-empty array/],
    ['a number locale', { defaultLocale: 'en', locales: ['en', 3] }, 'i18n.locales[1]', /a string or/],
    ['an empty locale', { defaultLocale: 'en', locales: ['en', ''] }, 'i18n.locales[1]', /URL segment/],
    ['a locale with a slash', { defaultLocale: 'en', locales: ['en', 'pt/br'] }, 'i18n.locales[1]', /URL segment/],
    ['an object locale without codes', { defaultLocale: 'en', locales: ['en', { path: 'pt' }] }, 'i18n.locales[1].codes', /non-empty array/],
    ['an object locale with empty codes', { defaultLocale: 'en', locales: ['en', { path: 'pt', codes: [] }] }, 'i18n.locales[1].codes', /non-empty array/],
    ['an object locale with a bad code', { defaultLocale: 'en', locales: ['en', { path: 'pt', codes: ['pt', 'a,b'] }] }, 'i18n.locales[1].codes', /language codes/],
    ['an object locale without path', { defaultLocale: 'en', locales: ['en', { codes: ['pt'] }] }, 'i18n.locales[1].path', /one URL segment/],
    ['an object locale with an unknown key', { defaultLocale: 'en', locales: ['en', { path: 'pt', codes: ['pt'], label: 'Português' }] }, 'i18n.locales[1].label', /unknown key/],
    ['duplicate string locales', { defaultLocale: 'en', locales: ['en', 'pt', 'en'] }, 'i18n.locales[2]', /already used by `i18n.locales\[0\]`/],
    ['a path used twice', { defaultLocale: 'en', locales: ['en', { path: 'en', codes: ['en-US'] }] }, 'i18n.locales[1]', /path `en` is already used/],
    ['a code used twice', { defaultLocale: 'en', locales: ['en', { path: 'english', codes: ['en-US', 'en'] }] }, 'i18n.locales', /code `en` is configured twice/],
    ['a code used twice, differently spelt', { defaultLocale: 'en', locales: ['en_US', { path: 'us', codes: ['en-us'] }] }, 'i18n.locales', /as `en_US`/],
    ['no defaultLocale', { locales: ['en'] }, 'i18n.defaultLocale', /expected a locale/],
    ['a defaultLocale not in locales', { defaultLocale: 'fr', locales: ['en'] }, 'i18n.defaultLocale', /The default locale `fr` is not present in the `i18n.locales` array/],
    ['a defaultLocale that is a code, not a path', { defaultLocale: 'es', locales: LOCALES }, 'i18n.defaultLocale', /code of the locale with path `spanish`: use the path/],
    ['a fallback that is not an object', { ...valid(), fallback: 'en' }, 'i18n.fallback', /expected an object/],
    ['a fallback key not in locales', { ...valid(), fallback: { fr: 'en' } }, 'i18n.fallback', /The locale `fr` key in the `i18n.fallback` record doesn't exist/],
    ['a fallback key that is a code', { ...valid(), fallback: { es: 'en' } }, 'i18n.fallback', /The locale `es` key/],
    ['the default locale as a fallback key', { ...valid(), fallback: { en: 'pt' } }, 'i18n.fallback', /You can't use the default locale as a key/],
    ['a fallback value not in locales', { ...valid(), fallback: { it: 'fr' } }, 'i18n.fallback', /The locale `fr` value in the `i18n.fallback` record doesn't exist/],
    ['a fallback value that is not a string', { ...valid(), fallback: { it: 1 } }, 'i18n.fallback', /The locale 1 value/],
    ['a fallback cycle', { ...valid(), fallback: { it: 'pt', pt: 'it' } }, 'i18n.fallback', /cycle \(`it` → `pt` → `it`\)/],
    ['a fallback to itself', { ...valid(), fallback: { it: 'it' } }, 'i18n.fallback', /cycle/],
    ['a longer fallback cycle', { ...valid(), fallback: { it: 'pt', pt: 'spanish', spanish: 'it' } }, 'i18n.fallback', /cycle/],
    ['routing neither manual nor an object', { ...valid(), routing: 'auto' }, 'i18n.routing', /expected 'manual' or an object/],
    ['routing with an unknown key', { ...valid(), routing: { strategy: 'prefix-always' } }, 'i18n.routing.strategy', /unknown key/],
    ['a non-boolean prefixDefaultLocale', { ...valid(), routing: { prefixDefaultLocale: 'yes' } }, 'i18n.routing.prefixDefaultLocale', /true or false/],
    ['a non-boolean redirectToDefaultLocale', { ...valid(), routing: { redirectToDefaultLocale: 1 } }, 'i18n.routing.redirectToDefaultLocale', /true or false/],
    ['a bad fallbackType', { ...valid(), routing: { fallbackType: 'proxy' } }, 'i18n.routing.fallbackType', /'redirect' or 'rewrite'/],
  ])('%s', (_name, config, option, reason) => {
    const error = thrown(() => resolveI18n(config as I18nConfig), 'InvalidOption');
    expect(error.message).toContain(`\`${option}\``);
    expect(error.message).toMatch(reason);
  });

  it.each<[string, I18nEnvironment, string]>([
    ['a bad trailingSlash', { trailingSlash: 'sometimes' as never }, 'trailingSlash'],
    ['a bad format', { format: 'flat' as never }, 'format'],
    ['a bad site', { site: 'not a url' }, 'site'],
    ['a bad base', { base: '/a b' }, 'base'],
  ])('%s in the environment', (_name, environment, option) => {
    expect(thrown(() => resolveI18n(valid(), environment), 'InvalidOption').message).toContain(`\`${option}\``);
  });
});
