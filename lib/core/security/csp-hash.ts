import { createError } from '../errors/errors';
import { InvalidCspValue } from '../errors/catalog';
import { CSP_ALGORITHMS, type CspAlgorithm } from './csp-config';

const encoder = new TextEncoder();

/** The CSP hash source of `content`: `sha256-<base64 of its digest>`. */
export async function cspHash(content: string, algorithm: CspAlgorithm): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, encoder.encode(content)));
  let binary = '';
  for (const byte of digest) binary += String.fromCharCode(byte);
  return `${CSP_ALGORITHMS[algorithm]}${btoa(binary)}`;
}

/** The hashes of the inline scripts and styles a page module declares. */
export interface PageHashes {
  scripts: string[];
  styles: string[];
}

// Computed once per page module and algorithm: the declared contents are fixed.
const cache = new WeakMap<object, Map<CspAlgorithm, Promise<PageHashes>>>();

/**
 * A page declares the exact contents of its inline `<script>` and `<style>` elements with
 * `export const inlineScripts = ['…']` and `export const inlineStyles = ['…']` (what Astro's
 * compiler finds in a `.astro` file); their hashes go into the page's CSP header.
 */
export function pageHashes(mod: Record<string, unknown>, algorithm: CspAlgorithm): Promise<PageHashes> {
  let byAlgorithm = cache.get(mod);
  if (byAlgorithm === undefined) cache.set(mod, (byAlgorithm = new Map()));
  let hashes = byAlgorithm.get(algorithm);
  if (hashes === undefined) {
    hashes = Promise.all([declared(mod, 'inlineScripts'), declared(mod, 'inlineStyles')]).then(async ([scripts, styles]) => ({
      scripts: await Promise.all(scripts.map((s) => cspHash(s, algorithm))),
      styles: await Promise.all(styles.map((s) => cspHash(s, algorithm))),
    }));
    byAlgorithm.set(algorithm, hashes);
  }
  return hashes;
}

async function declared(mod: Record<string, unknown>, name: 'inlineScripts' | 'inlineStyles'): Promise<string[]> {
  const value = mod[name];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw createError(InvalidCspValue, `export const ${name} = `, typeof value, 'a page declares its inline elements as an array of strings');
  }
  return value as string[];
}
