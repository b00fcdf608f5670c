// The built package (dist/, made by `npm run build` before jest): every subpath loads with
// require() and import(), exposes the same names, and carries type declarations.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const subpaths = ['astro-bridge', 'astro-bridge/express', 'astro-bridge/koa', 'astro-bridge/node', 'astro-bridge/client'];

// Runs in a real node process (outside jest's module system) through the package's own exports map.
function exportedNames(specifier: string, mode: 'require' | 'import'): string[] {
  const code =
    mode === 'require'
      ? `console.log(JSON.stringify(Object.keys(require(${JSON.stringify(specifier)})).sort()))`
      : `import(${JSON.stringify(specifier)}).then((m) => console.log(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort())))`;
  const out = execFileSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out);
}

describe('package', () => {
  it('declares every subpath with import and require conditions that exist on disk', () => {
    for (const key of ['.', './express', './koa', './node', './client']) {
      const entry = pkg.exports[key];
      for (const condition of ['import', 'require']) {
        for (const file of [entry[condition].types, entry[condition].default]) {
          expect(existsSync(path.join(root, file))).toBe(true);
        }
      }
    }
  });

  it.each(subpaths)('%s exposes the same names to require() and import()', (specifier) => {
    const cjs = exportedNames(specifier, 'require');
    const esm = exportedNames(specifier, 'import');
    expect(cjs.length).toBeGreaterThan(0);
    expect(esm).toEqual(cjs);
  });

  it('exports renderer from the host subpaths and the bridge from ./node', () => {
    expect(exportedNames('astro-bridge/express', 'require')).toContain('renderer');
    expect(exportedNames('astro-bridge/koa', 'import')).toContain('renderer');
    expect(exportedNames('astro-bridge/node', 'require')).toEqual(
      expect.arrayContaining(['createRequestListener', 'sendWebResponse', 'toWebRequest']),
    );
  });

  it('builds a browser-safe ./client: self-contained, no Node module (devalue only feature-detects Buffer)', () => {
    const esm = readFileSync(path.join(root, 'dist/client.mjs'), 'utf8');
    expect(esm).not.toMatch(/^\s*import\s/m);
    expect(esm).not.toMatch(/\brequire\(|['"]node:/);
    expect(exportedNames('astro-bridge/client', 'import')).toEqual(['ActionError', 'ActionInputError', 'createActions', 'isActionError', 'isInputError']);
  });

  it('reports its own version as the generator', () => {
    const out = execFileSync(
      process.execPath,
      ['-e', `console.log(require('astro-bridge').VERSION)`],
      { cwd: root, encoding: 'utf8' },
    );
    expect(out.trim()).toBe(pkg.version);
  });

  it('supports the Node lines .ci/run tests (20, 22, 24, 26 and later) and keeps express and koa optional peers', () => {
    expect(pkg.engines.node).toBe('^20 || ^22 || ^24 || >=26');
    const ci = readFileSync(path.join(root, '.ci', 'run'), 'utf8');
    expect(ci).toContain('${NODE_MATRIX-22 24 26}');
    expect(pkg.peerDependenciesMeta.express.optional).toBe(true);
    expect(pkg.peerDependenciesMeta.koa.optional).toBe(true);
    expect(pkg.dependencies?.express).toBeUndefined();
    expect(pkg.dependencies?.koa).toBeUndefined();
  });
});
