import { createError } from '../errors/errors';
import { InvalidOption } from '../errors/catalog';

/** The hash algorithms Astro's CSP supports, and their source prefixes. */
export const CSP_ALGORITHMS = { 'SHA-256': 'sha256-', 'SHA-384': 'sha384-', 'SHA-512': 'sha512-' } as const;
export type CspAlgorithm = keyof typeof CSP_ALGORITHMS;
/** A hash source without quotes: `sha256-<base64>`. */
export type CspHash = `${'sha256' | 'sha384' | 'sha512'}-${string}`;
/** Which directive a source or hash goes to: `script-src` (default), `script-src-elem` (element) or `-attr` (attribute). */
export type CspKind = 'default' | 'element' | 'attribute';
export type CspResourceEntry = string | { resource: string; kind: CspKind };
export type CspHashEntry = CspHash | { hash: CspHash; kind: CspKind };

/** Astro's `security.csp` object (`security: { csp: true }` takes every default). */
export interface CspConfig {
  /** The algorithm of the hashes astro-bridge computes (default `SHA-256`). */
  algorithm?: CspAlgorithm;
  /** Other directives, e.g. `"img-src 'self' https://images.example.com"`; not `script-src`/`style-src`. */
  directives?: string[];
  scriptDirective?: { resources?: CspResourceEntry[]; hashes?: CspHashEntry[]; strictDynamic?: boolean };
  styleDirective?: { resources?: CspResourceEntry[]; hashes?: CspHashEntry[] };
}

/** The `security.csp` option, validated, with defaults applied. */
export interface ResolvedCsp {
  algorithm: CspAlgorithm;
  directives: string[];
  scriptResources: CspResourceEntry[];
  scriptHashes: CspHashEntry[];
  strictDynamic: boolean;
  styleResources: CspResourceEntry[];
  styleHashes: CspHashEntry[];
}

// Astro's allowed names for `directives` (script and style sources have their own options).
export const ALLOWED_DIRECTIVES = [
  'base-uri', 'child-src', 'connect-src', 'default-src', 'fenced-frame-src', 'font-src', 'form-action', 'frame-ancestors',
  'frame-src', 'img-src', 'manifest-src', 'media-src', 'object-src', 'referrer', 'report-to', 'report-uri',
  'require-trusted-types-for', 'sandbox', 'trusted-types', 'upgrade-insecure-requests', 'worker-src',
];
const KINDS = new Set(['default', 'element', 'attribute']);
// What a directive value may not carry: a `;` would start another directive, CR/LF end the header.
const UNSAFE = /[;\r\n,]/;

/** Why `directive` is refused, or `undefined` when it is fine. */
export function directiveProblem(directive: unknown): string | undefined {
  if (typeof directive !== 'string' || UNSAFE.test(directive)) return 'a directive is one string without `;`, `,` or line breaks';
  const name = directive.trim().split(/\s+/)[0]!;
  if (name.startsWith('script-src') || name.startsWith('style-src')) return 'script-src and style-src come from scriptDirective/styleDirective (insertScriptResource, insertStyleResource)';
  if (!ALLOWED_DIRECTIVES.includes(name)) return `unknown directive '${name}'; allowed: ${ALLOWED_DIRECTIVES.join(', ')}`;
  return undefined;
}

/** Why a resource or hash entry is refused, or `undefined`. */
export function entryProblem(entry: unknown, field: 'resource' | 'hash'): string | undefined {
  const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : entry;
  const kind = typeof entry === 'object' && entry !== null ? (entry as { kind?: unknown }).kind : 'default';
  if (typeof value !== 'string' || value === '' || UNSAFE.test(value) || /\s/.test(value)) return `a ${field} is one non-empty token`;
  if (!KINDS.has(kind as string)) return "kind is 'default', 'element' or 'attribute'";
  if (field === 'hash' && !Object.values(CSP_ALGORITHMS).some((prefix) => value.startsWith(prefix))) return "a hash starts with 'sha256-', 'sha384-' or 'sha512-'";
  return undefined;
}

/** Validates `security.csp` at `renderer()` time; `undefined` when CSP is off. */
export function resolveCsp(option: unknown): ResolvedCsp | undefined {
  if (option === undefined || option === false) return undefined;
  const fail = (path: string, reason: string) => createError(InvalidOption, `security.csp${path}`, reason);
  const config = (option === true ? {} : option) as CspConfig;
  if (typeof config !== 'object' || config === null) throw fail('', 'expected true or an object `{ algorithm, directives, scriptDirective, styleDirective }`');
  const algorithm = config.algorithm ?? 'SHA-256';
  if (!(algorithm in CSP_ALGORITHMS)) throw fail('.algorithm', `expected 'SHA-256', 'SHA-384' or 'SHA-512', got ${JSON.stringify(algorithm)}`);
  const list = <T>(value: T[] | undefined, path: string, check: (v: unknown) => string | undefined): T[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw fail(path, 'expected an array');
    for (const item of value) {
      const problem = check(item);
      if (problem !== undefined) throw fail(path, `${JSON.stringify(item)}: ${problem}`);
    }
    return [...value];
  };
  const script = config.scriptDirective ?? {};
  const style = config.styleDirective ?? {};
  return {
    algorithm,
    directives: list(config.directives, '.directives', directiveProblem),
    scriptResources: list(script.resources, '.scriptDirective.resources', (v) => entryProblem(v, 'resource')),
    scriptHashes: list(script.hashes, '.scriptDirective.hashes', (v) => entryProblem(v, 'hash')),
    strictDynamic: script.strictDynamic === true,
    styleResources: list(style.resources, '.styleDirective.resources', (v) => entryProblem(v, 'resource')),
    styleHashes: list(style.hashes, '.styleDirective.hashes', (v) => entryProblem(v, 'hash')),
  };
}
