// `npm install` of a git dependency (and `npm ci` in a fresh clone) runs `prepare`: build dist/
// when it is missing, so `"astro-bridge": "github:…"` installs a working package. When dist/
// exists it is left alone (`npm test` and `npm pack`'s `prepack` rebuild it anyway).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(path.join(root, 'dist', 'index.js'))) {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
}
