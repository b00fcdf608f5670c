import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';
import type { TrailingSlash } from '../routing/trailing-slash';

/** An object locale: one URL `path` for several language `codes` (`{ path: 'portugues', codes: ['pt', 'pt-BR'] }`). */
export interface LocaleObject {
  /** The URL segment of the locale (`/portugues/…`). */
  path: string;
  /** The language codes it stands for, the preferred one first; at least one. */
  codes: readonly string[];
}

/** Astro's `i18n.locales`: locale codes that are also their URL segment, or object locales. */
export type Locales = readonly (string | LocaleObject)[];

/** Astro's `i18n.routing` object (everything but `'manual'`). */
export interface I18nRoutingOptions {
  /** Default locale URLs carry its prefix too (`/en/about`). Default `false`. */
  prefixDefaultLocale?: boolean;
  /** With `prefixDefaultLocale`, `/` redirects to `/<defaultLocale>/`. Default `true`. */
  redirectToDefaultLocale?: boolean;
  /** How a locale falls back to another one's page: a 302 `redirect` (default) or a `rewrite`. */
  fallbackType?: 'redirect' | 'rewrite';
}

/** The `i18n` option: Astro's `i18n` config (without `domains`). */
export interface I18nConfig {
  /** The locale of unprefixed URLs: a string locale, or the `path` of an object locale. */
  defaultLocale: string;
  locales: Locales;
  /** `{ it: 'en' }`: pages missing in `it` are served from `en`. Keys and values are locale paths. */
  fallback?: Record<string, string>;
  /** Routing options, or `'manual'` to route locales in your own middleware (see `createI18n`). */
  routing?: 'manual' | I18nRoutingOptions;
}

/** Astro's `build.format`, which decides trailing slashes of generated URLs with `trailingSlash: 'ignore'`. */
export type BuildFormat = 'directory' | 'file' | 'preserve';

/** Astro's routing strategies (without the `domains-*` ones, which need per-locale domains). */
export type RoutingStrategy = 'manual' | 'pathname-prefix-always' | 'pathname-prefix-always-no-redirect' | 'pathname-prefix-other-locales';

/** Where the i18n config applies: the renderer's `base`, `trailingSlash` and `site`. */
export interface I18nEnvironment {
  /** Astro's `base` (`/docs`); default `''`. */
  base?: string;
  /** Astro's `trailingSlash`; default `'ignore'`. */
  trailingSlash?: TrailingSlash;
  /** The site's public URL, for `getAbsoluteLocaleUrl`. */
  site?: string | URL;
  /** Astro's `build.format` (default `'directory'`, as in Astro): only affects URLs built with `trailingSlash: 'ignore'`. */
  format?: BuildFormat;
}

interface SegmentLocale {
  /** Position of the locale in `locales`: the first configured locale wins a tie. */
  order: number;
  /** What `currentLocale` answers for it. */
  locale: string;
}

/** Lookup tables built once by `resolveI18n`, so per-request work is a few map lookups. */
export interface I18nTables {
  /** Every code (string locales, then each object's `codes`), in config order: Astro's `getAllCodes`. */
  readonly allCodes: readonly string[];
  /** `allCodes` in the form handed to negotiator (lower case, `-`/`_` folded to `_`). */
  readonly negotiationKeys: readonly string[];
  /** Negotiation key → the configured code answered for it. */
  readonly codeOfKey: ReadonlyMap<string, string>;
  /** String locales and object `path`s (Astro's `toPaths`). */
  readonly paths: readonly string[];
  /** String locales and each object's first code (Astro's `toCodes`). */
  readonly firstCodes: readonly string[];
  /** A code (string locale or object code, exact) → its URL path. */
  readonly pathOfCode: ReadonlyMap<string, string>;
  /** A path (string locale or object path, exact) → its code (object: first code). */
  readonly codeOfPath: ReadonlyMap<string, string>;
  /** `currentLocale`: segments matched exactly (string locales, object paths). */
  readonly exactSegment: ReadonlyMap<string, SegmentLocale>;
  /** `currentLocale`: object codes, matched by normalised form. */
  readonly normalizedCodeSegment: ReadonlyMap<string, SegmentLocale>;
  /** `pathHasLocale`: normalised string locales. */
  readonly normalizedStringLocales: ReadonlySet<string>;
  /** `pathHasLocale` and fallback detection: object paths. */
  readonly objectPaths: ReadonlySet<string>;
  /** Fallback detection: the segments naming a locale exactly (string locales and object paths). */
  readonly localeSegments: ReadonlySet<string>;
  /** `currentLocale` when no segment names a locale. */
  readonly defaultCurrentLocale: string | undefined;
  /** Negotiation results by Accept-Language value (bounded, see `negotiate.ts`). */
  readonly negotiationCache: Map<string, Negotiated>;
}

/** A negotiated Accept-Language: configured codes, best first; `preferred` unless `*` ranked first. */
export interface Negotiated {
  readonly list: readonly string[];
  readonly preferred: string | undefined;
}

/** The `i18n` option validated and normalised once (`resolveI18n`); pass it to every i18n function. */
export interface ResolvedI18n {
  readonly defaultLocale: string;
  /** A frozen copy of the configured locales. */
  readonly locales: Locales;
  readonly fallback: Readonly<Record<string, string>> | undefined;
  /** `'manual'`, or the routing object with Astro's defaults applied. */
  readonly routing: 'manual' | Readonly<Required<I18nRoutingOptions>>;
  readonly strategy: RoutingStrategy;
  readonly fallbackType: 'redirect' | 'rewrite';
  /** `''` or a base path without trailing slash (`/docs`). */
  readonly base: string;
  readonly trailingSlash: TrailingSlash;
  readonly format: BuildFormat;
  /** The site URL without trailing slash (`https://example.com`), or `undefined`. */
  readonly site: string | undefined;
  /** @internal */
  readonly tables: I18nTables;
}

const KEYS = new Set(['defaultLocale', 'locales', 'fallback', 'routing']);
const ROUTING_KEYS = new Set(['prefixDefaultLocale', 'redirectToDefaultLocale', 'fallbackType']);
const TRAILING = new Set(['ignore', 'always', 'never']);
const FORMATS = new Set(['directory', 'file', 'preserve']);
// A locale path is one URL segment, and a code one language tag: no separators of either.
const SEGMENT = /^[^\s/?#%,;\\]+$/;
const RESOLVED = Symbol.for('astro-bridge.i18n.resolved');

const fail = (option: string, reason: string) => createError(InvalidOption, option, reason);
const show = (value: unknown) => (typeof value === 'string' ? `\`${value}\`` : JSON.stringify(value) ?? String(value));

/**
 * Astro's `normalizeTheLocale`: `_` becomes `-`, then lower case (`pt_BR` → `pt-br`). Locale
 * codes are compared in this form (Accept-Language tags and URL segments of object codes).
 */
export function normalizeTheLocale(locale: string): string {
  return locale.replaceAll('_', '-').toLowerCase();
}

/** The key negotiator compares: lower case, with `-` and `_` both `_` (so negotiator never prefix-matches). */
export function negotiationKey(tag: string): string {
  return tag.replaceAll('-', '_').toLowerCase();
}

/** Astro's `toCodes`: each string locale, and the first code of each object locale. */
export function toCodes(locales: Locales): string[] {
  return locales.map((l) => (typeof l === 'string' ? l : l.codes[0]!));
}

/** Astro's `toPaths`: each string locale, and the `path` of each object locale. */
export function toPaths(locales: Locales): string[] {
  return locales.map((l) => (typeof l === 'string' ? l : l.path));
}

/** Astro's `getAllCodes`: string locales and every code of object locales, in config order. */
export function getAllCodes(locales: Locales): string[] {
  return locales.flatMap((l) => (typeof l === 'string' ? [l] : [...l.codes]));
}

/** Astro's routing strategy for a `routing` option (domains are not supported). */
export function toRoutingStrategy(routing: 'manual' | I18nRoutingOptions | undefined): RoutingStrategy {
  if (routing === 'manual') return 'manual';
  if (routing?.prefixDefaultLocale !== true) return 'pathname-prefix-other-locales';
  return routing.redirectToDefaultLocale === false ? 'pathname-prefix-always-no-redirect' : 'pathname-prefix-always';
}

/** True for the result of `resolveI18n`. */
export function isResolvedI18n(value: unknown): value is ResolvedI18n {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[RESOLVED] === true;
}

/**
 * Validates Astro's `i18n` config and builds its lookup tables, once per renderer. Invalid
 * config throws `InvalidOption` naming the offending key (`i18n.defaultLocale`, `i18n.locales`,
 * `i18n.fallback`, `i18n.routing`): Astro's checks (default locale and fallback locales must be
 * locale paths, the default locale cannot fall back) plus ours (no duplicate paths or codes,
 * no fallback cycles, no unknown keys: `domains` is not supported).
 */
export function resolveI18n(config: I18nConfig, environment: I18nEnvironment = {}): ResolvedI18n {
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    throw fail('i18n', 'expected an object such as `{ defaultLocale: "en", locales: ["en", "fr"] }`');
  }
  for (const key of Object.keys(config)) {
    if (key === 'domains') {
      throw fail('i18n.domains', 'per-locale domains are not supported; serve each domain with its own renderer, or route by host in middleware');
    }
    if (!KEYS.has(key)) throw fail(`i18n.${key}`, 'unknown key; expected `defaultLocale`, `locales`, `fallback` or `routing`');
  }
  const locales = checkLocales(config.locales);
  const paths = toPaths(locales);
  const { defaultLocale } = config;
  if (typeof defaultLocale !== 'string' || defaultLocale === '') {
    throw fail('i18n.defaultLocale', `expected a locale of \`i18n.locales\`, got ${show(defaultLocale)}`);
  }
  if (!paths.includes(defaultLocale)) {
    const owner = locales.find((l): l is LocaleObject => typeof l !== 'string' && l.codes.includes(defaultLocale));
    throw fail(
      'i18n.defaultLocale',
      `The default locale \`${defaultLocale}\` is not present in the \`i18n.locales\` array` +
        (owner ? ` (it is a code of the locale with path \`${owner.path}\`: use the path)` : ''),
    );
  }
  const fallback = checkFallback(config.fallback, paths, defaultLocale);
  const routing = checkRouting(config.routing, 'i18n.routing');
  const strategy = toRoutingStrategy(routing);
  const fallbackType = routing === 'manual' ? 'rewrite' : routing.fallbackType;
  const resolved: ResolvedI18n = {
    defaultLocale,
    locales,
    fallback,
    routing,
    strategy,
    fallbackType,
    base: resolveBase(environment.base),
    trailingSlash: resolveTrailingSlash(environment.trailingSlash),
    format: resolveFormat(environment.format),
    site: resolveSite(environment.site),
    tables: buildTables(locales, defaultLocale),
  };
  Object.defineProperty(resolved, RESOLVED, { value: true });
  return Object.freeze(resolved);
}

/** Validates a routing object (`i18n.routing`, or the options of the manual `middleware()`), applying Astro's defaults. */
export function checkRouting(routing: unknown, option: string): 'manual' | Readonly<Required<I18nRoutingOptions>> {
  if (routing === 'manual') return 'manual';
  if (routing === undefined) return Object.freeze({ prefixDefaultLocale: false, redirectToDefaultLocale: true, fallbackType: 'redirect' as const });
  if (typeof routing !== 'object' || routing === null || Array.isArray(routing)) {
    throw fail(option, `expected 'manual' or an object \`{ prefixDefaultLocale, redirectToDefaultLocale, fallbackType }\`, got ${show(routing)}`);
  }
  const r = routing as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!ROUTING_KEYS.has(key)) throw fail(`${option}.${key}`, 'unknown key; expected `prefixDefaultLocale`, `redirectToDefaultLocale` or `fallbackType`');
  }
  for (const key of ['prefixDefaultLocale', 'redirectToDefaultLocale']) {
    if (r[key] !== undefined && typeof r[key] !== 'boolean') throw fail(`${option}.${key}`, `expected true or false, got ${show(r[key])}`);
  }
  if (r.fallbackType !== undefined && r.fallbackType !== 'redirect' && r.fallbackType !== 'rewrite') {
    throw fail(`${option}.fallbackType`, `expected 'redirect' or 'rewrite', got ${show(r.fallbackType)}`);
  }
  return Object.freeze({
    prefixDefaultLocale: (r.prefixDefaultLocale as boolean | undefined) ?? false,
    redirectToDefaultLocale: (r.redirectToDefaultLocale as boolean | undefined) ?? true,
    fallbackType: (r.fallbackType as 'redirect' | 'rewrite' | undefined) ?? 'redirect',
  });
}

function checkLocales(value: unknown): Locales {
  if (!Array.isArray(value) || value.length === 0) {
    throw fail('i18n.locales', `expected a non-empty array of locales such as \`['en', { path: 'portugues', codes: ['pt', 'pt-BR'] }]\`, got ${show(value)}`);
  }
  const seenPaths = new Map<string, number>();
  const seenCodes = new Map<string, string>();
  const addCode = (code: string) => {
    const key = normalizeTheLocale(code);
    const other = seenCodes.get(key);
    if (other !== undefined) {
      throw fail('i18n.locales', `the code \`${code}\` is configured twice${other === code ? '' : ` (as \`${other}\`; codes are compared case-insensitively, \`_\` as \`-\`)`}`);
    }
    seenCodes.set(key, code);
  };
  const addPath = (path: string, i: number) => {
    if (seenPaths.has(path)) throw fail(`i18n.locales[${i}]`, `the path \`${path}\` is already used by \`i18n.locales[${seenPaths.get(path)}]\``);
    seenPaths.set(path, i);
  };
  const out = value.map((entry: unknown, i): string | LocaleObject => {
    if (typeof entry === 'string') {
      if (!SEGMENT.test(entry)) throw fail(`i18n.locales[${i}]`, `expected a locale code usable as a URL segment, got ${show(entry)}`);
      addPath(entry, i);
      addCode(entry);
      return entry;
    }
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw fail(`i18n.locales[${i}]`, `expected a string or \`{ path, codes }\`, got ${show(entry)}`);
    }
    const { path, codes } = entry as Record<string, unknown>;
    for (const key of Object.keys(entry)) {
      if (key !== 'path' && key !== 'codes') throw fail(`i18n.locales[${i}].${key}`, 'unknown key; an object locale has `path` and `codes`');
    }
    if (typeof path !== 'string' || !SEGMENT.test(path)) throw fail(`i18n.locales[${i}].path`, `expected one URL segment such as 'portugues', got ${show(path)}`);
    if (!Array.isArray(codes) || codes.length === 0) throw fail(`i18n.locales[${i}].codes`, `expected a non-empty array of language codes, got ${show(codes)}`);
    for (const code of codes) {
      if (typeof code !== 'string' || !SEGMENT.test(code)) throw fail(`i18n.locales[${i}].codes`, `expected language codes such as 'pt-BR', got ${show(code)}`);
    }
    addPath(path, i);
    for (const code of codes as string[]) addCode(code);
    return Object.freeze({ path, codes: Object.freeze([...(codes as string[])]) });
  });
  return Object.freeze(out);
}

function checkFallback(value: unknown, paths: string[], defaultLocale: string): Readonly<Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw fail('i18n.fallback', `expected an object mapping locale paths to locale paths, such as \`{ it: 'en' }\`, got ${show(value)}`);
  }
  const record = value as Record<string, unknown>;
  for (const [from, to] of Object.entries(record)) {
    // Astro's messages for these three.
    if (!paths.includes(from)) throw fail('i18n.fallback', `The locale \`${from}\` key in the \`i18n.fallback\` record doesn't exist in the \`i18n.locales\` array`);
    if (from === defaultLocale) throw fail('i18n.fallback', "You can't use the default locale as a key. The default locale can only be used as value");
    if (typeof to !== 'string' || !paths.includes(to)) {
      throw fail('i18n.fallback', `The locale ${show(to)} value in the \`i18n.fallback\` record doesn't exist in the \`i18n.locales\` array`);
    }
  }
  // Ours: a cycle (`{ it: 'pt', pt: 'it' }`) would bounce requests between locales forever.
  for (const start of Object.keys(record)) {
    const seen = [start];
    let at = record[start] as string | undefined;
    while (at !== undefined && Object.hasOwn(record, at)) {
      if (seen.includes(at)) throw fail('i18n.fallback', `the fallbacks form a cycle (${[...seen, at].map((l) => `\`${l}\``).join(' → ')})`);
      seen.push(at);
      at = record[at] as string;
    }
  }
  return Object.freeze({ ...(record as Record<string, string>) });
}

function resolveBase(base: unknown): string {
  if (base === undefined || base === '' || base === '/') return '';
  if (typeof base !== 'string' || /[?#\s]/.test(base)) throw fail('base', `expected a path such as '/docs', got ${show(base)}`);
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function resolveTrailingSlash(value: unknown): TrailingSlash {
  if (value === undefined) return 'ignore';
  if (typeof value !== 'string' || !TRAILING.has(value)) throw fail('trailingSlash', `expected 'ignore', 'always' or 'never', got ${show(value)}`);
  return value as TrailingSlash;
}

function resolveFormat(value: unknown): BuildFormat {
  if (value === undefined) return 'directory';
  if (typeof value !== 'string' || !FORMATS.has(value)) throw fail('format', `expected 'directory', 'file' or 'preserve', got ${show(value)}`);
  return value as BuildFormat;
}

function resolveSite(site: unknown): string | undefined {
  if (site === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(String(site));
  } catch {
    throw fail('site', `expected an absolute URL such as 'https://example.com', got ${show(String(site))}`);
  }
  return url.href.replace(/\/$/, '');
}

function buildTables(locales: Locales, defaultLocale: string): I18nTables {
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
