import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';
import type { TrailingSlash } from './trailing-slash';

// Astro's top-level `site`, `base` and `trailingSlash`, validated the same way for `renderer()`
// and for `createI18n()` (which takes them from users directly).

const TRAILING: readonly string[] = ['ignore', 'always', 'never'];
const show = (value: unknown) => JSON.stringify(value) ?? String(value);

/** `site` as a URL; throws `InvalidOption` for anything that is not an absolute URL. */
export function resolveSite(site: unknown): URL | undefined {
  if (site === undefined) return undefined;
  try {
    return new URL(String(site));
  } catch {
    throw createError(InvalidOption, 'site', `expected an absolute URL such as 'https://example.com', got ${show(String(site))}`);
  }
}

/** `base` as `''` or a path without trailing slash (`/docs`). */
export function resolveBase(base: unknown): string {
  if (base === undefined || base === '' || base === '/') return '';
  if (typeof base !== 'string' || /[?#\s]/.test(base)) throw createError(InvalidOption, 'base', `expected a path such as '/docs', got ${show(base)}`);
  const trimmed = base.replace(/\/+$/, '');
  if (trimmed === '') return '';
  return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/** `trailingSlash`, default `'ignore'`. */
export function resolveTrailingSlash(value: unknown): TrailingSlash {
  if (value === undefined) return 'ignore';
  if (typeof value !== 'string' || !TRAILING.includes(value)) {
    throw createError(InvalidOption, 'trailingSlash', `expected 'ignore', 'always' or 'never', got ${show(value)}`);
  }
  return value as TrailingSlash;
}
