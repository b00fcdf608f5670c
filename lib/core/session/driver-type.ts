/**
 * The shape of an unstorage driver (what `unstorage/drivers/*` factories return), declared here
 * rather than imported: unstorage's own declarations import every driver's options, whose
 * packages (Azure, Cloudflare, MongoDB …) an app does not have, so under `skipLibCheck: false`
 * they surfaced dozens of errors in apps that only use astro-bridge. Any unstorage `Driver`
 * fits this shape.
 */
export interface SessionDriver {
  name?: string;
  options?: unknown;
  hasItem: (key: string, opts: any) => unknown;
  getItem: (key: string, opts?: any) => unknown;
  setItem?: (key: string, value: string, opts: any) => unknown;
  removeItem?: (key: string, opts: any) => unknown;
  getKeys: (base: string, opts: any) => unknown;
  dispose?: () => unknown;
}
