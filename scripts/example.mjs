// `npm run example -- <name>` (and `npm start`): runs examples/<name>/server.{mjs,js}, building
// dist/ first when it is missing or older than lib/ (the examples import the built package,
// as an app that installed it would).
import { execSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const name = process.argv[2];
const examples = readdirSync(path.join(root, 'examples')).filter((d) => statSync(path.join(root, 'examples', d)).isDirectory());
if (!name || !examples.includes(name)) {
  process.stderr.write(`Usage: npm run example -- <name>, one of: ${examples.join(', ')}\n`);
  process.exit(1);
}

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const file = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(file) : statSync(file).mtimeMs);
  }, 0);
const built = path.join(root, 'dist', 'index.js');
if (!existsSync(built) || newest(path.join(root, 'lib')) > statSync(built).mtimeMs) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}

const dir = path.join(root, 'examples', name);
const server = ['server.mjs', 'server.js'].map((f) => path.join(dir, f)).find((f) => existsSync(f));
const child = spawn(process.execPath, [server], { stdio: 'inherit' });
// Ctrl+C and `kill` reach the example; its exit code is ours.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
