import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createError } from '../core/errors/errors';
import { BuildConfigCantBeLoaded } from '../core/errors/catalog';
import type { BuildOptions } from './build';

/** The config files `astro-bridge build` looks for in the root, in this order. */
export const CONFIG_FILES = ['astro-bridge.config.mjs', 'astro-bridge.config.js', 'astro-bridge.config.cjs'];

/**
 * Loads the renderer options from a config file (its default export, or `module.exports`): the
 * given one, else the first of {@link CONFIG_FILES} in `root`. No file: `{}`. `root` defaults to
 * the config file's folder.
 */
export async function loadConfig(root: string, file?: string): Promise<BuildOptions> {
  const found = file !== undefined ? path.resolve(file) : CONFIG_FILES.map((f) => path.join(root, f)).find((f) => existsSync(f));
  if (found === undefined) return {};
  let ns: Record<string, unknown>;
  try {
    ns = (await import(process.platform === 'win32' ? pathToFileURL(found).href : found)) as Record<string, unknown>;
  } catch (cause) {
    const error = createError(BuildConfigCantBeLoaded, found, cause instanceof Error ? cause.message : String(cause));
    (error as { cause?: unknown }).cause = cause;
    throw error;
  }
  let options: unknown = ns.default ?? ns;
  // A CommonJS config reaches import() as { default: module.exports }, maybe with its own default.
  if (typeof options === 'object' && options !== null && 'default' in options && typeof (options as { default: unknown }).default === 'object') {
    options = (options as { default: unknown }).default;
  }
  if (typeof options === 'function') options = await (options as () => unknown)();
  if (typeof options !== 'object' || options === null) {
    throw createError(BuildConfigCantBeLoaded, found, 'it does not export an options object (`export default { … }`)');
  }
  const config = options as BuildOptions;
  // A relative `root` in the config is relative to the config file, not to where the command runs.
  const own = typeof config.root === 'string' && !config.root.startsWith('file:') ? path.resolve(path.dirname(found), config.root) : config.root;
  return { ...config, root: own ?? path.dirname(found) };
}
