// `npm ci` (the README's first command and CI's) refuses a lockfile that drifted from
// package.json. These tests fail as soon as they drift, before a newcomer meets it.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));
const FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

type Manifest = Partial<Record<(typeof FIELDS)[number], Record<string, string>>> & { name?: string; version?: string };

/** Where the lockfile's record of the root package disagrees with package.json. */
function drift(pkg: Manifest, lockRoot: Manifest): string[] {
  const found: string[] = [];
  if (pkg.name !== lockRoot.name) found.push(`name: ${pkg.name} vs ${lockRoot.name}`);
  if (pkg.version !== lockRoot.version) found.push(`version: ${pkg.version} vs ${lockRoot.version}`);
  for (const field of FIELDS) {
    const declared = pkg[field] ?? {};
    const locked = lockRoot[field] ?? {};
    for (const name of new Set([...Object.keys(declared), ...Object.keys(locked)])) {
      if (declared[name] !== locked[name]) found.push(`${field}.${name}: ${declared[name]} vs ${locked[name]}`);
    }
  }
  return found;
}

describe('package-lock.json', () => {
  const pkg = read('package.json');
  const lock = read('package-lock.json');

  it('records exactly the ranges package.json declares', () => {
    expect(drift(pkg, lock.packages[''])).toEqual([]);
  });

  it('the comparison notices a changed range, an added and a removed dependency', () => {
    const changed = { ...pkg, devDependencies: { ...pkg.devDependencies, jest: '^1.0.0', 'left-pad': '^1.3.0' } };
    delete changed.devDependencies.supertest;
    expect(drift(changed, lock.packages[''])).toEqual([
      `devDependencies.jest: ^1.0.0 vs ${pkg.devDependencies.jest}`,
      'devDependencies.left-pad: ^1.3.0 vs undefined',
      `devDependencies.supertest: undefined vs ${pkg.devDependencies.supertest}`,
    ]);
  });

  it('is accepted by `npm ci` (dry run, offline: the lock alone must satisfy package.json)', () => {
    // A copy in a scratch folder: the dry run never touches this checkout's node_modules.
    const dir = mkdtempSync(path.join(tmpdir(), 'astro-bridge-lock-'));
    try {
      copyFileSync(path.join(root, 'package.json'), path.join(dir, 'package.json'));
      copyFileSync(path.join(root, 'package-lock.json'), path.join(dir, 'package-lock.json'));
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const out = execFileSync(npm, ['ci', '--dry-run', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
        cwd: dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toMatch(/added \d+ packages/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
