import {
  boundAcceptLanguage,
  MAX_ACCEPT_LANGUAGE_ENTRIES,
  MAX_ACCEPT_LANGUAGE_LENGTH,
  preferredLocale,
  preferredLocaleList,
  resolveI18n,
  type Locales,
} from '../../../lib/core/i18n';

const config = (locales: Locales, defaultLocale = typeof locales[0] === 'string' ? locales[0] : locales[0]!.path) =>
  resolveI18n({ defaultLocale, locales });

/** The locales of Astro's `i18n-routing` fixture (default `spanish`). */
const FIXTURE = config(['en', 'pt', 'it', { path: 'spanish', codes: ['es', 'es-SP'] }], 'spanish');

type Row = [header: string | null, preferred: string | undefined, list: string[]];

function check(i18n: ReturnType<typeof config>, [header, preferred, list]: Row) {
  expect(preferredLocale(header, i18n)).toBe(preferred);
  expect(preferredLocaleList(header, i18n)).toEqual(list);
  // The two always agree: the preferred locale is the head of the list, or there is none.
  if (preferred !== undefined) expect(preferredLocaleList(header, i18n)[0]).toBe(preferred);
}

describe("Astro's integration tests (i18n-routing.test.js › preferred locale), §4.8(b)", () => {
  it.each<[string, ...Row]>([
    ['should not render the locale when the value is *', '*', undefined, ['en', 'pt', 'it', 'es', 'es-SP']],
    ['should render the locale pt', 'pt', 'pt', ['pt']],
    ['should render empty locales', 'fr;q=0.1,fr-AU;q=0.9', undefined, []],
    [
      'should render none as preferred locale, but have a list of locales that correspond to the initial locales',
      '*',
      undefined,
      ['en', 'pt', 'it', 'es', 'es-SP'],
    ],
    ['should render the preferred locale when a locale is configured with codes', 'es-SP;q=0.9,es;q=0.8,en-US;q=0.7,en;q=0.6', 'es-SP', ['es-SP', 'es', 'en']],
    ['granular locales: they should be still considered when parsing the Accept-Language header', 'en-AU;q=0.1,es;q=0.9', 'es', ['es']],
  ])('%s', (_name, ...row) => check(FIXTURE, row));

  it('locales with underscores: they should be still considered when parsing the Accept-Language header', () => {
    check(config(['en_AU', 'pt_BR', 'es_US'], 'en_AU'), ['en-AU;q=0.1,pt-BR;q=0.9', 'pt_BR', ['pt_BR', 'en_AU']]);
  });
});

describe('observed Astro 5.18.2 results (§4.8(d)), the fixture locales', () => {
  it.each<[string, ...Row]>([
    ['* → all codes, none preferred', '*', undefined, ['en', 'pt', 'it', 'es', 'es-SP']],
    ['one locale', 'pt', 'pt', ['pt']],
    ['nothing configured is acceptable', 'fr;q=0.1,fr-AU;q=0.9', undefined, []],
    ['q-values rank object codes', 'es-SP;q=0.9,es;q=0.8,en-US;q=0.7,en;q=0.6', 'es-SP', ['es-SP', 'es', 'en']],
    ['deviation (RFC ranking): an unweighted entry (q=1) outranks q=0.7 (Astro: en, [en, pt])', 'en;q=0.7, pt', 'pt', ['pt', 'en']],
    ['deviation (RFC wildcard): *;q=0.1 adds the other locales after the named ones (Astro: [pt, en])', 'pt, en;q=0.9, *;q=0.1', 'pt', ['pt', 'en', 'it', 'es', 'es-SP']],
    ['tags are case-insensitive', 'EN', 'en', ['en']],
    ['deviation (#17969): the list matches object codes case-insensitively too (Astro list: [])', 'es-sp', 'es-SP', ['es-SP']],
    ['deviation (RFC): q=0 means not acceptable (Astro: it, [it, en])', 'it;q=0, en', 'en', ['en']],
    ['deviation (RFC, Astro docs): an empty header means any language (Astro code: [])', '', undefined, ['en', 'pt', 'it', 'es', 'es-SP']],
    ['deviation (RFC, Astro docs): no header means any language (Astro code: [])', null, undefined, ['en', 'pt', 'it', 'es', 'es-SP']],
    ['no prefix matching: en-US does not select en, the later en does', 'en-US,en;q=0.9', 'en', ['en']],
    ['* ranked above every named locale: none preferred; deviation: the list has them all, by q (Astro: [pt])', '*;q=0.5, pt;q=0.2', undefined, ['en', 'it', 'es', 'es-SP', 'pt']],
  ])('%s', (_name, ...row) => check(FIXTURE, row));
});

describe('observed Astro 5.18.2 results (§4.8(d)), other locale configs', () => {
  const EN_FR_DE = config(['en', 'fr', 'de']);
  it.each<[string, Locales, ...Row]>([
    ['deviation (RFC ranking): de (q=1) before en;q=0.7 (Astro: en, [en, de])', ['en', 'fr', 'de'], 'en;q=0.7, de', 'de', ['de', 'en']],
    ['deviation (RFC ranking): en (q=1) first (Astro: fr, [fr, de, en])', ['en', 'fr', 'de'], 'de;q=0.5, fr;q=0.9, en', 'en', ['en', 'fr', 'de']],
    ['all weighted: ranked by q (same as Astro)', ['en', 'fr', 'de'], 'fr;q=0.2, de;q=0.9, en;q=0.5', 'de', ['de', 'en', 'fr']],
    ['deviation (RFC): en;q=0 is not acceptable (Astro: en, [en, fr])', ['en', 'fr', 'de'], 'en;q=0, fr', 'fr', ['fr']],
    ['deviation: at equal q a named tag outranks * (Astro: undefined, [fr])', ['en', 'fr', 'de'], '*, fr', 'fr', ['fr', 'en', 'de']],
    ['no prefix matching: en-GB does not select en', ['en', 'fr', 'de'], 'en-GB', undefined, []],
    ['the configured spelling is returned (en-US for en-us)', ['en-US', 'fr'], 'en-us', 'en-US', ['en-US']],
    ['underscores are dashes (en_US for en-US)', ['en_US', 'fr'], 'en-US', 'en_US', ['en_US']],
    ['the configured case is returned (EN for en)', ['EN', 'fr'], 'en', 'EN', ['EN']],
    ['deviation (#17969): object codes match case-insensitively in the list too (Astro list: [])', [{ path: 'english', codes: ['en-us'] }, 'fr'], 'en-US', 'en-us', ['en-us']],
    ['object codes in header order', [{ path: 'english', codes: ['en-US', 'en'] }, 'fr'], 'en, en-US;q=0.9', 'en', ['en', 'en-US']],
    ['an object path is not a code; its codes are', [{ path: 'zh-Hant', codes: ['zh-HK', 'zh-TW'] }, 'en'], 'zh-TW', 'zh-TW', ['zh-TW']],
    ['deviation: an unparsable weight makes the entry unacceptable (Astro: fr, [fr, en])', ['en', 'fr'], 'fr;q=abc, en;q=0.1', 'en', ['en']],
  ])('%s', (_name, locales, ...row) => check(config(locales), row));

  it('an object path alone is not matched (zh-Hant is a path)', () => {
    check(config([{ path: 'zh-Hant', codes: ['zh-HK', 'zh-TW'] }, 'en']), ['zh-Hant', undefined, []]);
  });

  it('the same header twice lists each locale once (Astro listed en twice)', () => {
    check(EN_FR_DE, ['en, fr;q=0.5, en;q=0.8', 'en', ['en', 'fr']]);
  });
});

describe("Astro's parseLocale rows (§4.8(a)), as negotiation results", () => {
  // Astro's unit tests check its parser; we check what the same headers negotiate to.
  const FR = config(['fr', 'fr-CA', 'fr-CH', 'en', 'de']);
  it.each<[string, ...Row]>([
    ['*', '*', undefined, ['fr', 'fr-CA', 'fr-CH', 'en', 'de']],
    ['fr', 'fr', 'fr', ['fr']],
    ['fr;q=0.6', 'fr;q=0.6', 'fr', ['fr']],
    ['fr;q=0.6,fr-CA;q=0.5', 'fr;q=0.6,fr-CA;q=0.5', 'fr', ['fr', 'fr-CA']],
    ['the complex MDN example: *;q=0.5 adds fr-CA last', 'fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5', 'fr-CH', ['fr-CH', 'fr', 'en', 'de', 'fr-CA']],
    ['wrong (an unknown tag)', 'wrong', undefined, []],
    ['fr;f=0.7 (a parameter that is not q is ignored: q=1)', 'fr;f=0.7, en;q=0.9', 'fr', ['fr', 'en']],
    ['deviation: fr;q=something makes fr unacceptable (Astro: no weight)', 'fr;q=something, en', 'en', ['en']],
    ['deviation: fr;q=1000 is taken as given and ranks first (Astro: no weight)', 'en, fr;q=1000', 'fr', ['fr', 'en']],
  ])('%s', (_name, ...row) => check(FR, row));

  it.each<[string, ...Row]>([
    ['deviation: fr;q=0 is excluded (Astro keeps q=0)', 'fr;q=0', undefined, []],
    ['deviation: fr;q=-1 is excluded (Astro keeps q=-1)', 'fr;q=-1, en', 'en', ['en']],
    ['fr;q= (empty weight: q=1)', 'fr;q=, en;q=0.5', 'fr', ['fr', 'en']],
    ['fr;q=1', 'en;q=0.9, fr;q=1', 'fr', ['fr', 'en']],
    ['deviation: fr;q=1.0001 ranks first (Astro: no weight)', 'en, fr;q=1.0001', 'fr', ['fr', 'en']],
    ['en-US;q=0.8;level=1 keeps q=0.8', 'fr-CA;q=0.8;level=1, de;q=0.9', 'de', ['de', 'fr-CA']],
    ['whitespace around entries', ' fr , de ', 'fr', ['fr', 'de']],
    ['empty entries are skipped', 'fr,,de', 'fr', ['fr', 'de']],
    ['deviation (RFC: parameter names are case-insensitive): fr;Q=0.5 weighs 0.5', 'fr;Q=0.5, de;q=0.6', 'de', ['de', 'fr']],
    ['equal weights keep header order', 'de;q=0.5,fr;q=0.5', 'de', ['de', 'fr']],
  ])('%s', (_name, ...row) => check(FR, row));
});

describe('more headers × configs', () => {
  const PT = config(['en', { path: 'portugues', codes: ['pt', 'pt-BR'] }, 'fr_CA']);
  it.each<[string, ...Row]>([
    ['Chrome-style header', 'pt-BR,pt;q=0.9,en-US;q=0.8,en;q=0.7', 'pt-BR', ['pt-BR', 'pt', 'en']],
    ['Firefox-style header', 'en-US,en;q=0.5', 'en', ['en']],
    ['Safari-style header', 'fr-CA', 'fr_CA', ['fr_CA']],
    ['a code of an object locale is returned as configured', 'PT-br', 'pt-BR', ['pt-BR']],
    ['* excluding one locale', '*, pt-BR;q=0', undefined, ['en', 'pt', 'fr_CA']],
    ['* with q=0 accepts only the named ones', 'fr-ca, *;q=0', 'fr_CA', ['fr_CA']],
    ['only q=0 entries', 'en;q=0, pt;q=0', undefined, []],
    ['quoted weight', 'en;q="0.5", pt', 'pt', ['pt', 'en']],
    ['a first q parameter wins', 'en;q=0.1;q=0.9, pt;q=0.5', 'pt', ['pt', 'en']],
    ['tabs as whitespace', '\ten;q=0.4,\tpt', 'pt', ['pt', 'en']],
    ['underscore in the header', 'pt_BR', 'pt-BR', ['pt-BR']],
  ])('%s', (_name, ...row) => check(PT, row));

  it('results are cached per header but every call returns a new list', () => {
    const a = preferredLocaleList('pt, en', PT);
    a.push('mutated');
    expect(preferredLocaleList('pt, en', PT)).toEqual(['pt', 'en']);
    expect(preferredLocaleList(null, PT)).not.toBe(preferredLocaleList(null, PT));
  });

  it('each config has its own results', () => {
    expect(preferredLocale('fr-CA', PT)).toBe('fr_CA');
    expect(preferredLocale('fr-CA', config(['en', 'fr-CA']))).toBe('fr-CA');
  });
});

describe('malformed and hostile headers never throw', () => {
  const I18N = config(['en', 'pt', { path: 'spanish', codes: ['es', 'es-SP'] }]);
  const hostile: [string, string][] = [
    [';;q=abc', ';;q=abc'],
    ['only commas', ',,,,,'],
    ['only semicolons', ';;;;;'],
    ['a lone =', '='],
    ['q without a tag', ';q=0.5'],
    ['an unterminated quote', 'en;q="0.5, pt, es'],
    ['a backslash at the end of a quote', 'en;x="\\'],
    ['control characters', 'en\u0000;q=\u0001, pt\r\n'],
    ['non-ASCII', 'español, 日本語;q=0.5, 🏳️‍🌈'],
    ['NaN weights', 'en;q=NaN, pt;q=Infinity, es;q=-Infinity'],
    ['a huge weight', `en;q=${'9'.repeat(400)}`],
    ['10 KB of one tag', 'a'.repeat(10 * 1024)],
    ['10 KB of commas', ','.repeat(10 * 1024)],
    ['10 KB of semicolons', ';'.repeat(10 * 1024)],
    ['10 KB of q parameters', `en${';q=0.5'.repeat(1800)}`],
    ['10 KB of quotes', '"'.repeat(10 * 1024)],
    ['500 languages', Array.from({ length: 500 }, (_, i) => `x${i}-YY;q=0.${i % 10}`).join(', ')],
    ['500 matching languages', Array.from({ length: 500 }, (_, i) => `${['en', 'pt', 'es'][i % 3]};q=0.${i % 10}`).join(',')],
    ['100 KB', 'en-US,'.repeat(17_000)],
  ];
  it.each(hostile)('%s', (_name, header) => {
    const list = preferredLocaleList(header, I18N);
    expect(Array.isArray(list)).toBe(true);
    for (const code of list) expect(['en', 'pt', 'es', 'es-SP']).toContain(code);
    const preferred = preferredLocale(header, I18N);
    if (preferred !== undefined) expect(list[0]).toBe(preferred);
  });

  it('a 10 KB / 500-language header returns (the work is bounded, not timed here)', () => {
    const header = Array.from({ length: 500 }, (_, i) => `zz-${String(i).padStart(3, '0')}-abcdefgh;q=0.5`).join(', ');
    expect(header.length).toBeGreaterThan(10 * 1024);
    for (let i = 0; i < 50; i++) expect(preferredLocaleList(`${header},x${i}`, I18N)).toEqual([]);
  });

  it('the usual five-entry headers still work after hostile ones', () => {
    preferredLocaleList(';;q=abc', I18N);
    expect(preferredLocale('es-SP, en;q=0.5', I18N)).toBe('es-SP');
  });
});

describe('boundAcceptLanguage: the part that is negotiated', () => {
  it('keeps short headers whole', () => {
    expect(boundAcceptLanguage('en-US,en;q=0.9')).toBe('en-US,en;q=0.9');
  });

  it(`keeps the first ${MAX_ACCEPT_LANGUAGE_ENTRIES} entries`, () => {
    const entries = Array.from({ length: 100 }, (_, i) => `l${i}`);
    expect(boundAcceptLanguage(entries.join(','))).toBe(entries.slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES).join(','));
  });

  it(`cuts a header longer than ${MAX_ACCEPT_LANGUAGE_LENGTH} characters after a whole entry`, () => {
    const entry = `${'x'.repeat(99)},`;
    const header = entry.repeat(50); // 5000 characters, 50 entries
    const bounded = boundAcceptLanguage(header);
    expect(bounded.length).toBeLessThanOrEqual(MAX_ACCEPT_LANGUAGE_LENGTH);
    expect(bounded.split(',').every((tag) => tag === 'x'.repeat(99))).toBe(true);
  });

  it('a single entry longer than the limit is dropped', () => {
    expect(boundAcceptLanguage('a'.repeat(MAX_ACCEPT_LANGUAGE_LENGTH + 1))).toBe('');
  });

  it(`deliberate limit: a locale after the ${MAX_ACCEPT_LANGUAGE_ENTRIES}th entry is not considered`, () => {
    const i18n = config(['en', 'pt']);
    const filler = Array.from({ length: MAX_ACCEPT_LANGUAGE_ENTRIES }, (_, i) => `x${i}`).join(',');
    expect(preferredLocaleList(`${filler},pt`, i18n)).toEqual([]);
    expect(preferredLocaleList(`pt,${filler}`, i18n)).toEqual(['pt']);
  });
});
