import { getAllCodes, negotiationKey, normalizeTheLocale, toCodes, toPaths } from './codes';
import type { I18nTables, Locales, SegmentLocale } from './types';

/** The lookup tables of `resolveI18n`, built once so per-request work is a few map lookups. */
export function buildTables(locales: Locales, defaultLocale: string): I18nTables {
  const allCodes = getAllCodes(locales);
  const codeOfKey = new Map<string, string>();
  for (const code of allCodes) codeOfKey.set(negotiationKey(code), code);
  const pathOfCode = new Map<string, string>();
  const codeOfPath = new Map<string, string>();
  const exactSegment = new Map<string, SegmentLocale>();
  const normalizedCodeSegment = new Map<string, SegmentLocale>();
  const normalizedStringLocales = new Set<string>();
  const objectPaths = new Set<string>();
  const localeSegments = new Set<string>();
  const setFirst = <K, V>(map: Map<K, V>, key: K, value: V) => {
    if (!map.has(key)) map.set(key, value);
  };
  let defaultCurrentLocale: string | undefined;
  locales.forEach((locale, order) => {
    if (typeof locale === 'string') {
      setFirst(pathOfCode, locale, locale);
      setFirst(codeOfPath, locale, locale);
      setFirst(exactSegment, locale, { order, locale });
      normalizedStringLocales.add(normalizeTheLocale(locale));
      localeSegments.add(locale);
      if (locale === defaultLocale) defaultCurrentLocale ??= locale;
    } else {
      const first = locale.codes[0]!;
      for (const code of locale.codes) {
        setFirst(pathOfCode, code, locale.path);
        setFirst(normalizedCodeSegment, normalizeTheLocale(code), { order, locale: code });
      }
      setFirst(codeOfPath, locale.path, first);
      setFirst(exactSegment, locale.path, { order, locale: first });
      objectPaths.add(locale.path);
      localeSegments.add(locale.path);
      if (locale.path === defaultLocale) defaultCurrentLocale ??= first;
    }
  });
  return {
    allCodes: Object.freeze(allCodes),
    negotiationKeys: Object.freeze(allCodes.map(negotiationKey)),
    codeOfKey,
    paths: Object.freeze(toPaths(locales)),
    firstCodes: Object.freeze(toCodes(locales)),
    pathOfCode,
    codeOfPath,
    exactSegment,
    normalizedCodeSegment,
    normalizedStringLocales,
    objectPaths,
    localeSegments,
    defaultCurrentLocale,
    negotiationCache: new Map(),
  };
}
