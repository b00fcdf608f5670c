// README's "Errors" table is where users look up a name they saw: it must list every error in the
// catalog, and nothing the catalog no longer has. A new catalog entry fails this test until it
// gets a row (name, when it happens) in README.md's `## Errors` table.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as catalog from '../../lib/core/errors/catalog';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

interface Entry {
  name: string;
  title: string;
}
const isEntry = (value: unknown): value is Entry =>
  typeof value === 'object' && value !== null && typeof (value as Entry).name === 'string' && typeof (value as Entry).title === 'string';

/** Every error name the catalog defines (the built-in ones nested under `BuiltIn` included). */
function catalogNames(): string[] {
  const names: string[] = [];
  for (const value of Object.values(catalog)) {
    if (isEntry(value)) names.push(value.name);
    else if (typeof value === 'object' && value !== null) names.push(...Object.values(value).filter(isEntry).map((e) => e.name));
  }
  return names;
}

/** The text of a `## heading` section, up to the next `## `. */
function section(markdown: string, heading: string): string {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`README.md has no "## ${heading}" section`);
  const end = markdown.indexOf('\n## ', start + 1);
  return markdown.slice(start, end < 0 ? undefined : end);
}

/** The backticked words in the first column of every table row of `text`. */
function tableCells(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => [...line.split('|')[1]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

/** The error names (identifiers) among them; `(status: 503)` and the like are not names. */
const tableNames = (text: string) => tableCells(text).filter((cell) => /^[A-Za-z][A-Za-z0-9]*$/.test(cell));

describe("README's Errors table", () => {
  const listed = tableNames(section(readme, 'Errors'));
  const names = catalogNames();

  it('reads the catalog (sanity: a few known names, nested built-ins included)', () => {
    expect(names).toEqual(expect.arrayContaining(['MiddlewareNotAResponse', 'TypeScriptModuleInCommonJS', 'InvalidCookieValue']));
    expect(listed.length).toBeGreaterThan(10);
  });

  it('lists every error of the catalog (add a row to README.md `## Errors` for a new one)', () => {
    expect(names.filter((name) => !listed.includes(name))).toEqual([]);
  });

  it('lists no error the catalog does not have', () => {
    expect(listed.filter((name) => !names.includes(name))).toEqual([]);
  });

  it('lists each error once', () => {
    expect(listed.filter((name, i) => listed.indexOf(name) !== i)).toEqual([]);
  });

  it('names only catalog errors in the Troubleshooting table', () => {
    // The first column quotes what users see; error names there must be real ones.
    const quoted = tableCells(section(readme, 'Troubleshooting')).flatMap((cell) => cell.split(/[\s…(]/)[0] ?? []);
    const errorLike = quoted.filter((word) => /^[A-Za-z0-9]+$/.test(word) && /[a-z][A-Z]/.test(word));
    expect(errorLike.length).toBeGreaterThan(5);
    expect(errorLike.filter((name) => !names.includes(name))).toEqual([]);
  });
});
