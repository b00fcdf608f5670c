import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BuildLogger } from '../../lib/build/progress';

/** A fresh temporary directory; remove it with `rmSync(dir, { recursive: true })`. */
export function tempDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), 'astro-bridge-prerender-'));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Every file under `dir`, relative, `/`-separated, sorted. */
export function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? listFiles(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    })
    .sort();
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), 'utf8');
}

/** A logger that keeps what it was told. */
export function memoryLogger(): BuildLogger & { lines: { level: string; message: string }[]; text(): string } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
    text: () => lines.map((l) => `${l.level}: ${l.message}`).join('\n'),
  };
}
