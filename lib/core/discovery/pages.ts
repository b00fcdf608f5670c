import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const EXTENSIONS = new Set(['.ts', '.js', '.mjs']);

/** A route file found under `src/pages`: its Astro route pattern and absolute path. */
export interface PageFile {
  pattern: string;
  file: string;
}

/**
 * Maps `src/pages/**` to route patterns the way Astro does: `index` files stand for their
 * folder, `[id].ts` → `/[id]`, `[...rest].ts` → `/[...rest]`, `feed.xml.ts` → `/feed.xml`;
 * names starting with `_` or `.` are ignored, as are type declarations (`.d.ts`). Files with
 * other extensions are not routes; they are collected into `skipped` when given.
 */
export function findPageFiles(pagesDir: string, skipped?: string[]): PageFile[] {
  const found: PageFile[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const name of readdirSync(dir).sort()) {
      if (name.startsWith('_') || (name.startsWith('.') && name !== '.well-known')) continue;
      const file = path.join(dir, name);
      if (statSync(file).isDirectory()) {
        walk(file, [...segments, name]);
        continue;
      }
      const ext = path.extname(name);
      if (name.endsWith('.d.ts')) continue;
      if (!EXTENSIONS.has(ext)) {
        // `.cjs`, `.mts`, `.astro`…: not loaded, so never silently (see discovery/report.ts).
        skipped?.push(file);
        continue;
      }
      const stem = name.slice(0, -ext.length);
      const route = stem === 'index' ? segments : [...segments, stem];
      found.push({ pattern: `/${route.join('/')}`, file });
    }
  };
  walk(pagesDir, []);
  return found;
}
