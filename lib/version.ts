import { version } from '../package.json';

/** This package's version, read from package.json at build time. */
export const VERSION: string = version;

/** `context.generator`, e.g. `astro-bridge v0.1.0` (Astro's is `Astro v5.x.y`). */
export const GENERATOR = `astro-bridge v${version}`;
