// Packs the built package once (no lifecycle scripts: `npm test` has just built dist/) and
// checks the tarball users would get: publint --strict, and @arethetypeswrong/cli for every
// entry point in every resolution mode (node10, node16 from CJS and from ESM, bundler).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'index.js'))) {
  process.stderr.write('lint:package: dist/ is missing; run `npm run build` first.\n');
  process.exit(1);
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const bin = (name) => path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? `${name}.cmd` : name);
const dir = mkdtempSync(path.join(tmpdir(), 'astro-bridge-pack-'));
try {
  const [{ filename }] = JSON.parse(
    execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: root, encoding: 'utf8' }),
  );
  const tarball = path.join(dir, filename);
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { cwd: root, stdio: 'inherit' });
  execFileSync(bin('attw'), [tarball, '--profile', 'strict', '--format', 'table-flipped'], { cwd: root, stdio: 'inherit' });
} catch (error) {
  process.exitCode = typeof error.status === 'number' ? error.status : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
