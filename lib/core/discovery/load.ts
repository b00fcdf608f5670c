import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createError, inFile, isAstroBridgeError, type AstroBridgeError } from '../errors/errors';
import type { ErrorData } from '../errors/catalog';
import {
  ActionsCantBeLoaded,
  MiddlewareCantBeLoaded,
  MiddlewareDefaultExport,
  RouteCantBeLoaded,
  RouteCollision,
  TypeScriptLoaderRequired,
  TypeScriptModuleInCommonJS,
  TypeScriptSyntaxNotStrippable,
} from '../errors/catalog';
import { routeEntry } from '../pipeline/options';
import type { RouteEntry } from '../routing/match';
import { findPageFiles } from './pages';
import { recordFile } from '../middleware/origin';
import type { MiddlewareHandler, RouteModule } from '../../types';

const MIDDLEWARE_FILES = ['middleware.ts', 'middleware.js', 'middleware.mjs', 'middleware/index.ts', 'middleware/index.js', 'middleware/index.mjs'];

/** Middleware files that exist but are never loaded (`src/middleware.cjs`, `.mts`…). */
export function unloadedMiddlewareFiles(root: string): string[] {
  const names = ['middleware', 'middleware/index'].flatMap((stem) => ['.cjs', '.cts', '.mts', '.jsx', '.tsx'].map((ext) => stem + ext));
  return names.map((f) => path.join(root, 'src', f)).filter((f) => existsSync(f));
}

/** Loads `onRequest` from `<root>/src/middleware.*` or `<root>/src/middleware/index.*`, if any. */
export async function loadMiddleware(root: string): Promise<MiddlewareHandler | undefined> {
  const file = MIDDLEWARE_FILES.map((f) => path.join(root, 'src', f)).find((f) => existsSync(f));
  if (file === undefined) return undefined;
  const ns = await load(file, MiddlewareCantBeLoaded);
  const cjs = ns.default as Record<string, unknown> | undefined;
  const onRequest = ns.onRequest ?? (typeof cjs === 'object' && cjs !== null ? cjs.onRequest : undefined);
  if (typeof onRequest === 'function') {
    recordFile(onRequest as MiddlewareHandler, file);
    return onRequest as MiddlewareHandler;
  }
  if (typeof ns.default === 'function') throw createError(MiddlewareDefaultExport, file);
  throw createError(MiddlewareCantBeLoaded, file, 'it does not export an `onRequest` function');
}

const ACTIONS_FILES = ['actions/index.ts', 'actions/index.js', 'actions/index.mjs'];

/** The actions file `<root>/src/actions/index.{ts,js,mjs}`, if there is one (checked synchronously). */
export function findActionsFile(root: string): string | undefined {
  return ACTIONS_FILES.map((f) => path.join(root, 'src', f)).find((f) => existsSync(f));
}

/** Loads the `server` export (the actions object) of an actions file. */
export async function loadActions(file: string): Promise<object> {
  const ns = await load(file, ActionsCantBeLoaded);
  const cjs = ns.default as Record<string, unknown> | undefined;
  const server = ns.server ?? (typeof cjs === 'object' && cjs !== null ? cjs.server : undefined);
  if (typeof server === 'object' && server !== null) return server;
  throw createError(ActionsCantBeLoaded, file, 'it does not export a `server` object (`export const server = { … }`)');
}

/** Loads every route module under `<root>/src/pages` (none when the folder does not exist). */
export async function loadPages(root: string, skipped?: string[]): Promise<RouteEntry<RouteModule>[]> {
  const dir = path.join(root, 'src', 'pages');
  if (!existsSync(dir)) return [];
  const files = findPageFiles(dir);
  // Two files for one route (`login.js` and `login.mjs`, `about.js` and `about/index.js`): name both.
  const seen = new Map<string, string>();
  for (const { pattern, file } of files) {
    const other = seen.get(pattern);
    if (other !== undefined) throw inFile(createError(RouteCollision, pattern, pattern), `${other} and ${file}`);
    seen.set(pattern, file);
  }
  const loads = findPageFiles(dir, skipped).map(async ({ pattern, file }) => {
    const ns = await load(file, RouteCantBeLoaded);
    // A CommonJS module arrives as { default: module.exports, …whatever names were detected }:
    // module.exports is the whole truth. An ES module's default export is a page function.
    const mod = typeof ns.default === 'object' && ns.default !== null ? ns.default : ns;
    try {
      return routeEntry(pattern, mod, file);
    } catch (error) {
      // The pattern comes from the file's path: name the file, the thing to rename or fix.
      throw isAstroBridgeError(error) ? inFile(error, file) : error;
    }
  });
  await settleInOrder(loads);
  return Promise.all(loads);
}

/**
 * Waits for every load, then throws the failure of the first one *in the list* that failed, not
 * of whichever failed first: files load concurrently, and a broken app must report the same
 * error on every start.
 */
export async function settleInOrder(loads: readonly unknown[]): Promise<void> {
  const results = await Promise.allSettled(loads);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
}

async function load(file: string, failure: ErrorData<[string, string]>): Promise<Record<string, unknown>> {
  try {
    // A path on POSIX keeps this working under jest's require-based import(); Windows needs a URL.
    return (await import(process.platform === 'win32' ? pathToFileURL(file).href : file)) as Record<string, unknown>;
  } catch (cause) {
    const error = loadError(file, failure, cause);
    (error as { cause?: unknown }).cause = cause;
    throw error;
  }
}

// Where Node strips types itself (22.18+, 24, 26: `process.features.typescript`), a `.ts` file
// loads like a `.js` one; what can still fail is TypeScript-specific, and named as such.
function loadError(file: string, failure: ErrorData<[string, string]>, cause: unknown): AstroBridgeError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (file.endsWith('.ts')) {
    const code = (cause as { code?: unknown } | null)?.code;
    // No type stripping (Node 20, 22 before 22.18, or --no-experimental-strip-types).
    if (code === 'ERR_UNKNOWN_FILE_EXTENSION') return createError(TypeScriptLoaderRequired, file);
    // enum, namespace, parameter properties: syntax that needs a transform, not an erasure.
    if (code === 'ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX') return createError(TypeScriptSyntaxNotStrippable, file, reason.split('\n')[0]!);
    // ESM syntax in a file Node loads as CommonJS (the package's `"type": "commonjs"`).
    // Only when the file itself failed to compile (its path heads the stack), not one it imports.
    const own = String((cause as Error | null)?.stack).split('\n', 1)[0]!.startsWith(file);
    if (own && (cause as Error).name === 'SyntaxError' && /Unexpected token 'export'|Cannot use import statement outside a module/.test(reason)) {
      return createError(TypeScriptModuleInCommonJS, file);
    }
  }
  return createError(failure, file, reason);
}
