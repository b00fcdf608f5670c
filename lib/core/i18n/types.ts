import type { TrailingSlash } from '../routing/trailing-slash';

// The shapes of Astro's i18n config and of what `resolveI18n` makes of it.

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

export interface SegmentLocale {
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
