// DESIGN.md's layering, enforced: lib/core is Web-standard (no node:http, express or koa) and
// lib/node knows no framework.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith('.ts') ? [file] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import|require\()\s*['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

const lib = path.resolve(__dirname, '../lib');

describe('layering', () => {
  it.each(sources(path.join(lib, 'core')).map((f) => [path.relative(lib, f), f]))(
    '%s imports no Node server module, express or koa',
    (_name, file) => {
      const bad = imports(file).filter((s) => /^(node:)?(http|https|http2|net|stream|express|koa)(\/|$)/.test(s));
      expect(bad).toEqual([]);
    },
  );

  it.each(sources(path.join(lib, 'node')).map((f) => [path.relative(lib, f), f]))(
    '%s imports neither express nor koa',
    (_name, file) => {
      expect(imports(file).filter((s) => /^(express|koa)(\/|$)/.test(s))).toEqual([]);
    },
  );

  it('finds the files it checks', () => {
    expect(sources(path.join(lib, 'core')).length).toBeGreaterThan(5);
  });
});
