import Negotiator from 'negotiator';
import type { Negotiated, ResolvedI18n } from './config';

/*
 * Accept-Language negotiation (`Astro.preferredLocale`, `Astro.preferredLocaleList`).
 *
 * Decision (spec §8 row 15, §10 item 8): RFC 9110 §12.5.4 ranking through `negotiator`, not
 * bug-compatibility with Astro 5.18.2's hand-rolled sort. Astro only compares two entries when
 * both carry a truthy `q`, so `en;q=0.7, de` answers `en`, and `q=0` ("not acceptable") is
 * ranked like any other entry (withastro/astro#17780). Here:
 *   - entries rank by q-value (absent = 1), ties keep header order; `q=0` excludes a locale;
 *   - a weight negotiator cannot parse (`q=abc`, `q=-1`) makes the entry unacceptable
 *     (Astro ignored such weights); a weight above 1 is taken as given (ranks first);
 *   - `*` stands for every configured locale no other entry names, at its own q-value, so
 *     `pt, *;q=0.1` lists `pt` then the others (Astro dropped `*` unless it was alone);
 *   - at equal q an explicit tag outranks `*` (`*, fr` prefers `fr`; Astro answered undefined);
 *   - `preferredLocale` is the first of `preferredLocaleList`, except when that one is only
 *     there through `*`: then it is `undefined`, as in Astro for `*` (`*` alone, or
 *     `*;q=0.5, pt;q=0.2`);
 *   - both functions compare tags the same way, case-insensitively with `_` as `-` (Astro's
 *     list compared object-locale codes case-sensitively: withastro/astro#17969), and answer
 *     the configured spelling (`en_US` for `en-US`; the code of an object locale);
 *   - no prefix matching (Astro's results): `en-GB` does not select `en`, `en` not `en-US`.
 *     negotiator would match prefixes, so tags are handed to it with `-` folded to `_`;
 *   - no header at all, or an empty one, means "any language" (RFC 9110; the Astro docs
 *     say so too, while Astro 5.18.2's code answers `[]`): every locale, no preferred one;
 *   - duplicates in the header do not duplicate locales in the list.
 * Hostile headers are bounded before negotiation (see `boundAcceptLanguage`), and negotiator's
 * parser never throws: malformed input just yields fewer entries.
 */

/** Longest Accept-Language value considered; the rest (cut at an entry boundary) is ignored. */
export const MAX_ACCEPT_LANGUAGE_LENGTH = 4096;
/** Most entries considered (browsers send a handful); later ones are ignored. */
export const MAX_ACCEPT_LANGUAGE_ENTRIES = 64;
// Results are cached by header value: browsers send few distinct values. Bounded both ways.
const CACHE_MAX_ENTRIES = 512;
const CACHE_MAX_KEY_LENGTH = 256;
const COMMA = 44;

/**
 * The part of an Accept-Language value that is negotiated: at most
 * `MAX_ACCEPT_LANGUAGE_ENTRIES` entries within `MAX_ACCEPT_LANGUAGE_LENGTH` characters,
 * cut after a whole entry. O(min(length, MAX_ACCEPT_LANGUAGE_LENGTH)).
 */
export function boundAcceptLanguage(header: string): string {
  const limit = Math.min(header.length, MAX_ACCEPT_LANGUAGE_LENGTH);
  let commas = 0;
  let lastComma = -1;
  for (let i = 0; i < limit; i++) {
    if (header.charCodeAt(i) !== COMMA) continue;
    if (++commas === MAX_ACCEPT_LANGUAGE_ENTRIES) return header.slice(0, i);
    lastComma = i;
  }
  if (header.length <= MAX_ACCEPT_LANGUAGE_LENGTH) return header;
  return lastComma === -1 ? '' : header.slice(0, lastComma);
}

function negotiate(header: string | null | undefined, i18n: ResolvedI18n): Negotiated {
  const { negotiationKeys, codeOfKey, negotiationCache, allCodes } = i18n.tables;
  const absent = header === null || header === undefined || header.trim() === '';
  const key = absent ? '' : header;
  const cached = negotiationCache.get(key);
  if (cached !== undefined) return cached;
  let result: Negotiated;
  if (absent) {
    result = { list: allCodes, preferred: undefined };
  } else {
    // `-` folded to `_`, as in the keys: negotiator then only matches whole tags (or `*`).
    const value = boundAcceptLanguage(header).replaceAll('-', '_');
    const negotiator = new Negotiator({ headers: { 'accept-language': value } });
    const ranked = negotiator.languages(negotiationKeys as string[]);
    let preferred: string | undefined;
    if (ranked.length > 0) {
      // Explicitly named (q > 0) tags: the best match is preferred only if the header names it.
      const named = new Set(negotiator.languages().map((tag) => tag.toLowerCase()));
      if (named.has(ranked[0]!)) preferred = codeOfKey.get(ranked[0]!);
    }
    result = { list: Object.freeze(ranked.map((k) => codeOfKey.get(k)!)), preferred };
  }
  if (key.length <= CACHE_MAX_KEY_LENGTH) {
    if (negotiationCache.size >= CACHE_MAX_ENTRIES) negotiationCache.clear();
    negotiationCache.set(key, result);
  }
  return result;
}

/**
 * `Astro.preferredLocale`: the configured locale the `Accept-Language` value ranks best, or
 * `undefined` when none is acceptable, when the header is absent, or when `*` ranks above
 * every named locale. Returns the configured spelling (a string locale, or an object locale's
 * code). Pure; cheap after the first call for a header value. See the notes at the top of
 * this file for where it deliberately differs from Astro 5.18.2.
 */
export function preferredLocale(acceptLanguage: string | null | undefined, i18n: ResolvedI18n): string | undefined {
  return negotiate(acceptLanguage, i18n).preferred;
}

/**
 * `Astro.preferredLocaleList`: every configured locale code the `Accept-Language` value
 * accepts, best first (`[]` when none); all codes, in config order, when there is no header
 * or it is `*`. A new array on every call.
 */
export function preferredLocaleList(acceptLanguage: string | null | undefined, i18n: ResolvedI18n): string[] {
  return [...negotiate(acceptLanguage, i18n).list];
}
