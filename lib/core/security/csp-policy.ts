import { createError } from '../errors/errors';
import { InvalidCspValue } from '../errors/catalog';
import { directiveProblem, entryProblem, type CspHashEntry, type CspKind, type CspResourceEntry, type ResolvedCsp } from './csp-config';

/** `context.csp`: Astro 6/7's API for the page's Content-Security-Policy header. */
export interface CspContext {
  /** Adds a directive (`"img-src https://images.example.com"`); one already there gets the new sources merged in. */
  insertDirective(directive: string): void;
  /** A `script-src` source (or `script-src-elem`/`-attr` with `{ resource, kind }`). */
  insertScriptResource(resource: CspResourceEntry): void;
  /** A `style-src` source (or `style-src-elem`/`-attr` with `{ resource, kind }`). */
  insertStyleResource(resource: CspResourceEntry): void;
  /** A `script-src` hash, `'sha256-…'` (or scoped with `{ hash, kind }`). */
  insertScriptHash(hash: CspHashEntry): void;
  /** A `style-src` hash (or scoped with `{ hash, kind }`). */
  insertStyleHash(hash: CspHashEntry): void;
}

type Sources = { resources: string[]; hashes: string[] };
type ByKind = Record<CspKind, Sources>;

const UNSAFE_INLINE = "'unsafe-inline'";

/**
 * One request's policy: the configured `security.csp` plus what the request inserted. Rendered
 * into the `Content-Security-Policy` header of a page the way Astro 7's `renderCspContent` does.
 */
export class CspPolicy {
  readonly #directives: string[];
  readonly #scriptResources: CspResourceEntry[];
  readonly #scriptHashes: CspHashEntry[];
  readonly #styleResources: CspResourceEntry[];
  readonly #styleHashes: CspHashEntry[];

  constructor(readonly config: ResolvedCsp) {
    this.#directives = [...config.directives];
    this.#scriptResources = [...config.scriptResources];
    this.#scriptHashes = [...config.scriptHashes];
    this.#styleResources = [...config.styleResources];
    this.#styleHashes = [...config.styleHashes];
  }

  /** `context.csp`, its methods bound (destructuring works) and checked (no header injection). */
  api(): CspContext {
    const check = (method: string, value: unknown, problem: string | undefined) => {
      if (problem !== undefined) throw createError(InvalidCspValue, method, JSON.stringify(value), problem);
    };
    return {
      insertDirective: (directive) => {
        check('insertDirective', directive, directiveProblem(directive));
        mergeDirective(this.#directives, directive.trim());
      },
      insertScriptResource: (entry) => (check('insertScriptResource', entry, entryProblem(entry, 'resource')), void this.#scriptResources.push(entry)),
      insertStyleResource: (entry) => (check('insertStyleResource', entry, entryProblem(entry, 'resource')), void this.#styleResources.push(entry)),
      insertScriptHash: (entry) => (check('insertScriptHash', entry, entryProblem(entry, 'hash')), void this.#scriptHashes.push(entry)),
      insertStyleHash: (entry) => (check('insertStyleHash', entry, entryProblem(entry, 'hash')), void this.#styleHashes.push(entry)),
    };
  }

  /** The header value, with the hashes of the page's own inline scripts and styles. */
  render(pageScriptHashes: readonly string[] = [], pageStyleHashes: readonly string[] = []): string {
    const script = byKind(this.#scriptResources, this.#scriptHashes);
    const style = byKind(this.#styleResources, this.#styleHashes);
    const strictDynamic = this.config.strictDynamic ? "'strict-dynamic'" : undefined;
    const parts = this.#directives.map((d) => `${d};`);
    parts.push(...family('script-src', script, pageScriptHashes, strictDynamic), ...family('style-src', style, pageStyleHashes, undefined));
    return parts.join(' ');
  }
}

function byKind(resources: CspResourceEntry[], hashes: CspHashEntry[]): ByKind {
  const groups: ByKind = { default: { resources: [], hashes: [] }, element: { resources: [], hashes: [] }, attribute: { resources: [], hashes: [] } };
  for (const entry of resources) {
    if (typeof entry === 'string') groups.default.resources.push(entry);
    else groups[entry.kind].resources.push(entry.resource);
  }
  for (const entry of hashes) {
    if (typeof entry === 'string') groups.default.hashes.push(entry);
    else groups[entry.kind].hashes.push(entry.hash);
  }
  return groups;
}

const isUsed = (sources: Sources) => sources.resources.length > 0 || sources.hashes.length > 0;
const line = (name: string, tokens: (string | undefined)[]) => `${name} ${tokens.filter(Boolean).join(' ')};`;

/**
 * `script-src` (or `style-src`) and its `-elem`/`-attr` variants, Astro 7's way: element hashes
 * (the default kind, the page's) go to `-elem` when it is in use, else to the base directive;
 * `'unsafe-inline'` drops the hashes beside it (browsers would ignore it otherwise); `-attr`
 * gets only what is scoped to it, `'none'` without sources; `'self'` is the default source.
 */
function family(name: string, groups: ByKind, pageHashes: readonly string[], strictDynamic: string | undefined): string[] {
  const elementHashes = [...new Set([...groups.default.hashes, ...pageHashes])].map((h) => `'${h}'`);
  const elemActive = isUsed(groups.element);
  const defaults = groups.default.resources;
  const baseHashes = elemActive || defaults.includes(UNSAFE_INLINE) ? [] : elementHashes;
  const lines = [line(name, [defaults.length > 0 ? defaults.join(' ') : "'self'", ...baseHashes, strictDynamic])];
  if (elemActive) {
    const { resources, hashes } = groups.element;
    const own = resources.includes(UNSAFE_INLINE) ? [] : [...new Set([...elementHashes, ...hashes.map((h) => `'${h}'`)])];
    lines.push(line(`${name}-elem`, [resources.length > 0 ? resources.join(' ') : defaults.length > 0 ? undefined : "'self'", ...own, strictDynamic]));
  }
  if (isUsed(groups.attribute)) {
    const { resources, hashes } = groups.attribute;
    const own = resources.includes(UNSAFE_INLINE) ? [] : hashes.map((h) => `'${h}'`);
    lines.push(line(`${name}-attr`, [resources.length > 0 ? resources.join(' ') : own.length > 0 ? undefined : "'none'", ...own]));
  }
  return lines;
}

/** Astro's `pushDirective`: a directive with the same name gets the new sources (deduplicated). */
function mergeDirective(directives: string[], directive: string): void {
  const [name, ...values] = directive.split(/\s+/);
  const index = directives.findIndex((d) => d.split(/\s+/)[0] === name);
  if (index === -1) {
    directives.push(directive);
    return;
  }
  const [, ...existing] = directives[index]!.split(/\s+/);
  directives[index] = [name, ...new Set([...existing, ...values])].join(' ');
}
