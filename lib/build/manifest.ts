import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The name of the file `build()` writes into `outDir` to say what it built. */
export const MANIFEST_FILE = '.astro-bridge-build.json';

/** One written path: its file (relative to `outDir`) and the Content-Type the route answered with. */
export interface BuiltFile {
  file: string;
  type?: string;
}

/** What a build wrote: the renderer serves only these files, and renders other paths on demand. */
export interface BuildManifest {
  generator: string;
  builtAt: string;
  /** Patterns of the prerendered routes that built without a failure. */
  routes: string[];
  /** Pathname (below `base`, without trailing slash) → its file. */
  files: Record<string, BuiltFile>;
}

/** The manifest in `outDir`, or `undefined` when there is none (no build yet) or it is unreadable. */
export async function readManifest(outDir: string): Promise<BuildManifest | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(outDir, MANIFEST_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const data = JSON.parse(text) as BuildManifest;
    if (!Array.isArray(data.routes) || typeof data.files !== 'object' || data.files === null) return undefined;
    return data;
  } catch {
    return undefined;
  }
}
