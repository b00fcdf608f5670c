// `npx astro-bridge build` as users run it: the built bin (dist/cli.js, made by `npm run build`
// before jest) in a child process, on fixture apps.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_FILE } from '../../lib/build/manifest';
import { listFiles, read, removeDir, tempDir } from './_helpers';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist', 'cli.js');
const fixtures = path.join(__dirname, '..', 'fixtures');

function run(args: string[], cwd = root) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let outDir: string;
beforeEach(() => {
  outDir = tempDir();
});
afterEach(() => removeDir(outDir));

describe('astro-bridge build', () => {
  it('builds the app its config describes, prints each file and a summary, and exits 0', () => {
    const { code, stdout, stderr } = run(['build', '--root', path.join(fixtures, 'prerender-app'), '--out-dir', outDir]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    // build.format 'file' from the config; the on-demand endpoint is not built.
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'index.html', 'posts/a.html', 'posts/b.html']);
    expect(read(outDir, 'posts/b.html')).toBe('<h1>b: B</h1><!-- built -->');
    // build.format 'file': the root's build URL is /index.html, as in Astro.
    expect(read(outDir, 'index.html')).toBe('<h1>home</h1><p>https://example.com/index.html</p><!-- built -->');
    expect(stdout).toContain('/posts/a → posts/a.html');
    expect(stdout).toMatch(/astro-bridge build: 2 routes, 3 files, \d+ B in [\d.]+ s/);
  });

  it('finds the config in the current directory, and --format overrides it', () => {
    const { code } = run(['build', '--out-dir', outDir, '--format', 'directory'], path.join(fixtures, 'prerender-app'));
    expect(code).toBe(0);
    expect(listFiles(outDir)).toContain('posts/a/index.html');
  });

  it('lists every failed route with its error, keeps the others, and exits 1', () => {
    const { code, stdout, stderr } = run(['build', '--root', path.join(fixtures, 'prerender-failing'), '--out-dir', outDir]);
    expect(code).toBe(1);
    expect(listFiles(outDir)).toEqual([MANIFEST_FILE, 'ok/index.html']);
    expect(stdout).toMatch(/astro-bridge build: 3 routes, 1 file,/);
    expect(stderr).toContain('2 failed:');
    expect(stderr).toContain('/boom /boom: Error: the database is down');
    expect(stderr).toMatch(/\/\[slug\]: GetStaticPathsRequired: .*\[slug\]\.mjs/);
  });

  it('exits 1 with the error and its hint when the config cannot be loaded', () => {
    const config = path.join(outDir, 'broken.config.mjs');
    writeFileSync(config, 'export default {{');
    const { code, stderr } = run(['build', '--config', config, '--out-dir', outDir]);
    expect(code).toBe(1);
    expect(stderr).toContain('error: BuildConfigCantBeLoaded');
    expect(stderr).toContain('hint:');
  });

  it('exits 1 on invalid options from the config', () => {
    const config = path.join(outDir, 'bad.config.mjs');
    writeFileSync(config, "export default { routes: {}, build: { format: 'flat' } };");
    const { code, stderr } = run(['build', '--config', config]);
    expect(code).toBe(1);
    expect(stderr).toContain("InvalidOption: The option `build.format` is invalid: expected 'directory' or 'file'");
  });

  it('prints usage and exits 2 without a command; --help and --version exit 0', () => {
    expect(run([]).code).toBe(2);
    expect(run(['deploy']).stderr).toContain('Usage: astro-bridge build');
    expect(run(['--help'])).toMatchObject({ code: 0, stdout: expect.stringContaining('--out-dir') });
    expect(run(['--version']).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('astro-bridge build, config files', () => {
  it('resolves a relative root in the config against the config file', () => {
    const dir = tempDir();
    try {
      writeFileSync(path.join(dir, 'astro-bridge.config.cjs'), `module.exports = { root: ${JSON.stringify(path.relative(dir, path.join(fixtures, 'prerender-app')))}, prerender: true, outDir: ${JSON.stringify(outDir)} };`);
      const { code, stdout } = run(['build'], dir);
      expect(code).toBe(0);
      expect(stdout).toMatch(/2 routes, 3 files/);
      expect(listFiles(outDir)).toContain('posts/a/index.html');
    } finally {
      removeDir(dir);
    }
  });
});
