// A TypeScript app that installed astro-bridge (dist/, built by `npm test` before jest), checked
// by tsc as users configure it: the classic Express tsconfig (`module: commonjs`, node10
// resolution, which needs typesVersions) and NodeNext ESM, both with `skipLibCheck: false`.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const ENV = `export {};

declare global {
  namespace App {
    interface Locals {
      user?: { name: string };
    }
  }
}
`;

const APP = `import { renderer } from 'astro-bridge/express';
import { renderer as koaRenderer } from 'astro-bridge/koa';
import { createRequestListener } from 'astro-bridge/node';
import { defineMiddleware, sequence, type APIRoute } from 'astro-bridge';

export const auth = defineMiddleware((context, next) => {
  const name: string | undefined = context.locals.user?.name;
  if (!name) return context.redirect('/login');
  return next();
});
export const GET: APIRoute = ({ locals }) => new Response(locals.user?.name ?? 'anonymous');
export const handlers = [renderer({ middleware: sequence(auth) }), koaRenderer({}), createRequestListener({})];
`;

function check(moduleKind: string, resolution: string, appFile: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'astro-bridge-consumer-'));
  try {
    mkdirSync(path.join(dir, 'node_modules'));
    // The package as npm would install it (a link to this checkout: package.json + dist/).
    symlinkSync(root, path.join(dir, 'node_modules', 'astro-bridge'), 'junction');
    writeFileSync(path.join(dir, 'env.d.ts'), ENV);
    writeFileSync(path.join(dir, appFile), APP);
    writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: moduleKind,
          moduleResolution: resolution,
          target: 'ES2022',
          strict: true,
          skipLibCheck: false,
          noEmit: true,
          esModuleInterop: true,
          types: ['node'],
          typeRoots: [path.join(root, 'node_modules', '@types')],
        },
        files: ['env.d.ts', appFile],
      }),
    );
    return execFileSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? String(error);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a TypeScript app using the built package', () => {
  it('type-checks under module commonjs / moduleResolution node10 (typesVersions), skipLibCheck false', () => {
    expect(check('commonjs', 'node10', 'app.ts')).toBe('');
  }, 60_000);

  it('type-checks under NodeNext as an ES module, skipLibCheck false', () => {
    expect(check('NodeNext', 'NodeNext', 'app.mts')).toBe('');
  }, 60_000);
});
