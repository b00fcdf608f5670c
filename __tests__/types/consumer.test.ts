// A TypeScript app that installed astro-bridge (dist/, built by `npm test` before jest), checked
// as users configure it: every moduleResolution the README supports (node10 through
// typesVersions, node16 and nodenext as CommonJS and as ESM, bundler), `skipLibCheck: false`,
// with README's `env.d.ts` taken from README.md itself so the snippet cannot drift.
//
// Speed: one TypeScript compiler in this process for all cases, parsed files shared between
// them, and semantic checking limited to what installing astro-bridge adds to a program (the
// package's declarations, what they import, the app) rather than TypeScript's own lib and
// @types/node, which every case would otherwise re-check (12-20 s each under load, about 2 s now).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The first ```ts block of README's `## TypeScript` section: the App augmentation users copy. */
function readmeEnv(): string {
  const section = readme.slice(readme.indexOf('\n## TypeScript\n'));
  const block = /```ts\n([\s\S]*?)```/.exec(section);
  if (!block) throw new Error("README.md's TypeScript section has no ```ts block");
  return block[1]!;
}

// What the README shows, typed: middleware with App.Locals and App.SessionData, an endpoint, each
// host's renderer and the browser client. Each @ts-expect-error fails the check when it is unused.
const APP = `import { renderer } from 'astro-bridge/express';
import { renderer as koaRenderer } from 'astro-bridge/koa';
import { createRequestListener } from 'astro-bridge/node';
import { createActions } from 'astro-bridge/client';
import { defineMiddleware, sequence, type APIRoute, type MiddlewareHandler } from 'astro-bridge';

export const auth = defineMiddleware(async (context, next) => {
  const header = context.request.headers.get('x-user');
  if (header) context.locals.user = { name: header };
  const name: string | undefined = context.locals.user?.name;
  const favourites: string[] | undefined = await context.session?.get('favourites');
  // @ts-expect-error -- App.Locals says user is { name: string }
  context.locals.user = 'ada';
  // @ts-expect-error -- locals is not reassignable (set properties instead)
  context.locals = {};
  // @ts-expect-error -- App.SessionData says favourites is a string[]
  context.session?.set('favourites', 1);
  if (!name || !favourites) return context.redirect('/login');
  return next();
});
export const onRequest: MiddlewareHandler = sequence(auth);
export const GET: APIRoute = ({ locals }) => new Response(locals.user?.name ?? 'anonymous');
export const handlers = [renderer({ root: '.', middleware: onRequest }), koaRenderer({ root: '.' }), createRequestListener({ root: '.' })];
export const actions = createActions();
`;

interface Case {
  module: string;
  moduleResolution: string;
  /** `.ts` in a `"type": "commonjs"` package is CommonJS under node16/nodenext; `.mts` is ESM. */
  app: 'app.ts' | 'app.mts';
}

const CASES: Record<string, Case> = {
  'node10 (module commonjs, typesVersions)': { module: 'commonjs', moduleResolution: 'node10', app: 'app.ts' },
  'node16, CommonJS': { module: 'node16', moduleResolution: 'node16', app: 'app.ts' },
  'node16, ESM': { module: 'node16', moduleResolution: 'node16', app: 'app.mts' },
  'nodenext, CommonJS': { module: 'nodenext', moduleResolution: 'nodenext', app: 'app.ts' },
  'nodenext, ESM': { module: 'nodenext', moduleResolution: 'nodenext', app: 'app.mts' },
  bundler: { module: 'esnext', moduleResolution: 'bundler', app: 'app.ts' },
};

let dir: string;
// Parsed files, shared by the cases' programs (keyed by how each was parsed).
const parsed = new Map<string, ts.SourceFile | undefined>();

function program(setup: Case, rootNames: string[]): ts.Program {
  const { options, errors } = ts.convertCompilerOptionsFromJson(
    {
      module: setup.module,
      moduleResolution: setup.moduleResolution,
      target: 'ES2022',
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      esModuleInterop: true,
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules', '@types')],
    },
    dir,
  );
  if (errors.length > 0) throw new Error(ts.formatDiagnostics(errors, formatHost));
  const host = ts.createCompilerHost(options);
  const parse = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, how, onError, fresh) => {
    const key = `${fileName}|${typeof how === 'object' ? `${how.languageVersion}/${how.impliedNodeFormat}` : how}`;
    if (!parsed.has(key)) parsed.set(key, parse(fileName, how, onError, fresh));
    return parsed.get(key);
  };
  return ts.createProgram({ rootNames: rootNames.map((file) => path.join(dir, file)), options, host });
}

const formatHost: ts.FormatDiagnosticsHost = {
  getCanonicalFileName: (file) => file,
  getCurrentDirectory: () => dir,
  getNewLine: () => '\n',
};

/**
 * tsc's diagnostics for the app, except in the files a program without astro-bridge has too
 * (TypeScript's lib, @types/node): those are the same with or without the package.
 */
function check(setup: Case): string {
  const baseline = new Set(program(setup, ['empty.ts']).getSourceFiles().map((file) => file.fileName));
  const app = program(setup, ['env.d.ts', setup.app]);
  const added = app.getSourceFiles().filter((file) => !baseline.has(file.fileName));
  const diagnostics = [
    ...app.getOptionsDiagnostics(),
    ...app.getGlobalDiagnostics(),
    ...app.getSyntacticDiagnostics(),
    ...added.flatMap((file) => app.getSemanticDiagnostics(file)),
  ];
  if (!added.some((file) => file.fileName.startsWith(path.join(root, 'dist')))) return 'astro-bridge was not loaded';
  return ts.formatDiagnostics(diagnostics, formatHost);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'astro-bridge-consumer-'));
  mkdirSync(path.join(dir, 'node_modules'));
  // The package as npm would install it (a link to this checkout: package.json + dist/).
  symlinkSync(root, path.join(dir, 'node_modules', 'astro-bridge'), 'junction');
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'commonjs' }));
  writeFileSync(path.join(dir, 'env.d.ts'), readmeEnv());
  writeFileSync(path.join(dir, 'app.ts'), APP);
  writeFileSync(path.join(dir, 'app.mts'), APP);
  writeFileSync(path.join(dir, 'empty.ts'), 'export {};\n');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a TypeScript app using the built package, skipLibCheck false', () => {
  it("uses README's App augmentation (a module .d.ts), the one the in-repo type tests use", () => {
    expect(readmeEnv()).toMatch(/^(\/\/ .*\n)?export \{\};\n/);
    const inRepo = readFileSync(path.join(__dirname, 'app-env.d.ts'), 'utf8');
    expect(inRepo).toContain(readmeEnv().replace(/^\/\/ .*\n/, ''));
  });

  it.each(Object.keys(CASES))('type-checks under %s', (name) => {
    expect(check(CASES[name]!)).toBe('');
  }, 120_000);

  it('would report an error in what astro-bridge adds (the check is not vacuous)', () => {
    writeFileSync(path.join(dir, 'broken.ts'), "import { renderer } from 'astro-bridge/express';\nrenderer({ root: 1 });\n");
    expect(check({ ...CASES.bundler!, app: 'broken.ts' as 'app.ts' })).toMatch(/broken\.ts.*TS2322/);
  });
});
