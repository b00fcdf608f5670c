// What `npm pack` ships and what package.json promises a user installing the tarball.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('builds before packing, so `npm pack` never ships a tarball without dist/', () => {
    expect(pkg.scripts.prepack).toBe('npm run build');
  });

  it('runs publint and attw from `npm test`', () => {
    expect(pkg.scripts['lint:package']).toBeDefined();
    expect(pkg.scripts.test).toContain('npm run lint:package');
  });

  it('ships an MIT LICENSE file', () => {
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('maps each subpath for TypeScript’s node10 resolution (typesVersions) to a declaration it ships', () => {
    for (const subpath of ['express', 'koa', 'node']) {
      const [target] = pkg.typesVersions['*'][subpath];
      expect(target).toBe(pkg.exports[`./${subpath}`].require.types);
      expect(existsSync(path.join(root, target))).toBe(true);
    }
  });

  it('declares ioredis (the Redis session driver) as an optional peer', () => {
    expect(pkg.peerDependencies.ioredis).toBeDefined();
    expect(pkg.peerDependenciesMeta.ioredis.optional).toBe(true);
    expect(pkg.dependencies.ioredis).toBeUndefined();
  });
});
