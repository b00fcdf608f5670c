import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createError, inFile, isAstroBridgeError, type AstroBridgeError } from '../errors/errors';
import type { ErrorData } from '../errors/catalog';
import {
  MiddlewareCantBeLoaded,
  MiddlewareDefaultExport,
  RouteCantBeLoaded,
  RouteCollision,
  TypeScriptLoaderRequired,
} from '../errors/catalog';
import { routeEntry } from '../pipeline/options';
import type { RouteEntry } from '../routing/match';
import { findPageFiles } from './pages';
import { recordFile } from '../middleware/origin';
import type { MiddlewareHandler, RouteModule } from '../../types';

const MIDDLEWARE_FILES = ['middleware.ts', 'middleware.js', 'middleware.mjs', 'middleware/index.ts', 'middleware/index.js', 'middleware/index.mjs'];

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

/** Loads every route module under `<root>/src/pages` (none when the folder does not exist). */
export async function loadPages(root: string): Promise<RouteEntry<RouteModule>[]> {
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
  return Promise.all(
    files.map(async ({ pattern, file }) => {
      const ns = await load(file, RouteCantBeLoaded);
      // A CommonJS module arrives as { default: module.exports, …whatever names were detected }:
      // module.exports is the whole truth. An ES module's default export is a page function.
      const mod = typeof ns.default === 'object' && ns.default !== null ? ns.default : ns;
      try {
        return routeEntry(pattern, mod);
      } catch (error) {
        // The pattern comes from the file's path: name the file, the thing to rename or fix.
        throw isAstroBridgeError(error) ? inFile(error, file) : error;
      }
    }),
  );
}

async function load(file: string, failure: ErrorData<[string, string]>): Promise<Record<string, unknown>> {
  try {
    // A path on POSIX keeps this working under jest's require-based import(); Windows needs a URL.
    return (await import(process.platform === 'win32' ? pathToFileURL(file).href : file)) as Record<string, unknown>;
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    const error: AstroBridgeError =
      file.endsWith('.ts') && code === 'ERR_UNKNOWN_FILE_EXTENSION'
        ? createError(TypeScriptLoaderRequired, file)
        : createError(failure, file, cause instanceof Error ? cause.message : String(cause));
    (error as { cause?: unknown }).cause = cause;
    throw error;
  }
}
