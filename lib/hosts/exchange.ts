import type { IncomingMessage, ServerResponse } from 'node:http';
import { createError } from '../core/errors/errors';
import { HostNextCalledTwice } from '../core/errors/catalog';
import type { CookieSigner } from '../core/cookies/options';
import type { Platform } from '../core/pipeline/platform';
import type { OriginFacts } from '../node/origin';
import type { ParsedBody } from '../node/request-body';
import { targetBelowMount } from '../node/target';
import type { StaticFile } from './send-file';

/**
 * One request's conversation with its host app: the facts core asks for (`Platform`) and the
 * ways back (send, fail, hand on). Each host (Express, Koa, node:http) is a subclass of about a
 * hundred lines; the flow they share is `serve()` in kernel.ts. A class, so a request allocates
 * one object and no closures.
 */
export abstract class Exchange implements Platform {
  abstract readonly name: string;
  /** The Request core sees; set by `serve()` before core runs. */
  request: Request = undefined as never;
  #handedOn = false;

  readonly method: string;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** The path the renderer is mounted at, `''` at the root (read once: hosts change it while routing on). */
    readonly mountPath: string,
    /** The host's locals (`res.locals`, `ctx.state`) as the request reached the renderer. */
    readonly locals: object,
  ) {
    this.method = req.method ?? 'GET';
  }

  /** The client's address under the host's proxy trust (`req.ip`, `ctx.ip`): read only when asked. */
  abstract get clientAddress(): string | undefined;
  /** Protocol and Host as the host decides them under its proxy trust. */
  abstract originFacts(): OriginFacts;
  /** The body a host parser already read, if any. */
  parsedBody(): ParsedBody | undefined {
    return undefined;
  }
  cookieSigner?(): CookieSigner | undefined;

  /** Sends a prerendered route's built file the host's way; `false` when the file is missing. */
  abstract sendFile(file: StaticFile): Promise<boolean>;
  /** Sends core's Response the host's way. Never throws: failures go to `fail`. */
  abstract send(response: Response): unknown;
  /** Hands an error to the host's error handling (Express `next(err)`, a Koa throw, `onError`). */
  abstract fail(error: unknown): unknown;
  /**
   * Runs the host's next handlers and resolves to what they answer; `target` (below the mount
   * point) re-targets them when middleware rewrote the request to a path the host owns.
   */
  protected abstract handOn(target: string | undefined): Promise<Response>;

  fallThrough(request: Request): Promise<Response> {
    if (this.#handedOn) throw createError(HostNextCalledTwice, this.name);
    this.#handedOn = true;
    // The same Request unless middleware rewrote it (comparing URLs would parse the lazy one's).
    const rewritten = request !== this.request && request.url !== this.request.url;
    return this.handOn(rewritten ? targetBelowMount(new URL(request.url), this.mountPath) : undefined);
  }
}
