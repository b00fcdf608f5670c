import { existsSync } from 'node:fs';
import path from 'node:path';

// Discovery that finds nothing, or skips files, is said once, at start-up, through Node's own
// warning channel (`process.emitWarning`: printed to stderr unless the app turns warnings off,
// and observable with `process.on('warning')`): no console in library code, and never silent.

/** The warning code every discovery warning carries. */
export const DISCOVERY_WARNING = 'ASTRO_BRIDGE_DISCOVERY';

export interface DiscoveryFindings {
  root: string;
  /** The user named `root` (not the default `process.cwd()`). */
  rootGiven: boolean;
  /** Routes were to be discovered (no `routes` option). */
  discoveredRoutes: boolean;
  routeCount: number;
  middlewareFound: boolean;
  /** `src/actions/index.*` was loaded (then `root` is evidently right). */
  actionsFound?: boolean;
  /** Files under src/pages and src/middleware.* that exist but are not loaded. */
  skipped: string[];
}

/** The warnings for what discovery found (none when all is as expected). */
export function discoveryWarnings(f: DiscoveryFindings): string[] {
  const warnings: string[] = [];
  const src = path.join(f.root, 'src');
  const nothing = !f.middlewareFound && !f.actionsFound && (!f.discoveredRoutes || f.routeCount === 0);
  // With `routes` given and the default root, no middleware is the ordinary case: say nothing.
  if (nothing && (f.rootGiven || f.discoveredRoutes)) {
    const where = existsSync(src) ? `nothing under ${src}` : `no src/ folder under ${f.root}`;
    warnings.push(
      `astro-bridge found ${where}: no middleware${f.discoveredRoutes ? ' and no routes' : ''} were discovered, so requests go to the host app unguarded. Check \`root\` (the folder that holds src/), or pass \`middleware\`/\`routes\`.`,
    );
  }
  if (f.skipped.length > 0) {
    const shown = f.skipped.slice(0, 10).map((file) => path.relative(f.root, file));
    const more = f.skipped.length > 10 ? ` and ${f.skipped.length - 10} more` : '';
    warnings.push(
      `astro-bridge skipped ${f.skipped.length} file(s) it cannot load as routes or middleware (only .ts, .js and .mjs are): ${shown.join(', ')}${more}. Rename them, or move them out of src/pages.`,
    );
  }
  return warnings;
}

/** Says each warning once, through `process.emitWarning`. */
export function emitDiscoveryWarnings(warnings: string[]): void {
  for (const message of warnings) process.emitWarning(message, { type: 'AstroBridgeWarning', code: DISCOVERY_WARNING });
}
