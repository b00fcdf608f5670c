import type { CookieSigner } from '../cookies/options';

/**
 * The seam between core and a host: the few facts core needs that only the host knows.
 * Core never sees `req`/`res`; adapters (Express, Koa, node:http) fill this in per request.
 */
export interface Platform {
  /** Host name for messages: `Express`, `Koa`, `node:http`. */
  readonly name: string;
  /** The client's address with the host's proxy-trust rules applied (`req.ip`, `ctx.ip`). */
  readonly clientAddress: string | undefined;
  /** The host's per-request locals (`res.locals`, `ctx.state`), shared with `context.locals`. */
  readonly locals: object;
  /** The path the renderer is mounted at (`app.use('/app', …)`), `''` at the root. */
  readonly mountPath: string;
  /**
   * Hands the request to the host app (Express's next handlers, Koa's downstream middleware)
   * and resolves to the host's response: what `next()` returns when no route owns the path.
   * A rewritten request re-targets the host at its URL. Absent: unmatched requests get a 404.
   */
  readonly fallThrough?: (request: Request) => Promise<Response>;
  /**
   * Signs and verifies `{ signed: true }` cookies with the host's secret (cookie-parser's
   * `req.secret` for Express). Called on first use; `undefined` when the host has none.
   */
  readonly cookieSigner?: () => CookieSigner | undefined;
  /**
   * A build-time render of a prerendered route (the build, or development without one): the
   * context follows Astro's build rules (`isPrerendered`, no `clientAddress`, no `session`).
   */
  readonly prerendered?: boolean;
}
