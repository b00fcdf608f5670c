import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';
import { resolveBase, resolveSite, resolveTrailingSlash } from '../routing/site-options';
import { normalizeTheLocale, toPaths, toRoutingStrategy } from './codes';
import { buildTables } from './tables';
import type { BuildFormat, I18nConfig, I18nEnvironment, I18nRoutingOptions, LocaleObject, Locales, ResolvedI18n } from './types';

// Validation of the `i18n` option (Astro's rules and messages), done once per renderer.
// The types live in types.ts, locale helpers in codes.ts; both are re-exported for old imports.
export type * from './types';
export * from './codes';

const KEYS = new Set(['defaultLocale', 'locales', 'fallback', 'routing']);
const ROUTING_KEYS = new Set(['prefixDefaultLocale', 'redirectToDefaultLocale', 'fallbackType']);
const FORMATS = new Set(['directory', 'file', 'preserve']);
// A locale path is one URL segment, and a code one language tag: no separators of either.
const SEGMENT = /^[^\s/?#%,;\\]+$/;
const RESOLVED = Symbol.for('astro-bridge.i18n.resolved');

const fail = (option: string, reason: string) => createError(InvalidOption, option, reason);
const show = (value: unknown) => (typeof value === 'string' ? `\`${value}\`` : JSON.stringify(value) ?? String(value));

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
    site: resolveSite(environment.site)?.href.replace(/\/$/, ''),
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

function resolveFormat(value: unknown): BuildFormat {
  if (value === undefined) return 'directory';
  if (typeof value !== 'string' || !FORMATS.has(value)) throw fail('format', `expected 'directory', 'file' or 'preserve', got ${show(value)}`);
  return value as BuildFormat;
}
