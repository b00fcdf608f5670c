import { defineConfig } from 'tsup';

export default defineConfig({
  entry: {
    index: 'lib/index.ts',
    express: 'lib/hosts/express/index.ts',
    koa: 'lib/hosts/koa/index.ts',
    node: 'lib/hosts/node/index.ts',
    client: 'lib/client/index.ts',
    // `npx astro-bridge build` (package.json `bin`).
    cli: 'lib/cli.ts',
  },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  splitting: false,
  sourcemap: false,
  // express and koa are the host's own copies, never bundled.
  external: ['express', 'koa'],
  // devalue is ESM-only: bundled, the CommonJS build also runs on Node 20 releases without require(esm).
  noExternal: ['devalue'],
});
