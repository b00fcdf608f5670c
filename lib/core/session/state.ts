import type { AstroCookieSetOptions, AstroCookies } from '../cookies';
import type { ResolvedSessionConfig } from './config';
import { initError } from './errors';
import { isSessionId, newSessionId } from './id';
import { InvalidRecord, isLive, parseRecord, type SessionRecord } from './serialize';
import type { SessionStore } from './storage';

/** The cookie jar methods a session uses (an `AstroCookies`, or a stand-in). */
export type SessionCookieJar = Pick<AstroCookies, 'get' | 'set' | 'delete'>;

/**
 * The bookkeeping behind one `AstroSession` (internal): which ID it has, which stored record it
 * continues, what this request changed. `AstroSession` is its public face, `persistSession()`
 * its end-of-request write.
 */
export class SessionState {
  /** The current ID (what the cookie will hold); `undefined` until the session is used. */
  id: string | undefined;
  /** The stored record this session continues: the cookie's ID until checked, the old ID after regenerate(). */
  source: string | undefined;
  /** The ID the client holds once this response arrives: the request cookie's, or the last one written. */
  clientId: string | undefined;
  /** Whether the request cookie has been consulted (once: never again after destroy()). */
  started = false;
  cookieWritten = false;
  /** Stored entries (once loaded) plus this request's sets, minus its deletes. */
  data: SessionRecord = new Map();
  loaded = false;
  loading: Promise<SessionRecord> | undefined;
  /** Bumped when destroy()/load()/persist() replace the state a pending load was for. */
  epoch = 0;
  readonly changed = new Set<string>();
  readonly deleted = new Set<string>();
  /** Stored records to remove at the end of the request. */
  readonly toDestroy = new Set<string>();

  constructor(
    readonly cookies: SessionCookieJar,
    readonly config: ResolvedSessionConfig,
    readonly store: () => SessionStore,
    readonly cookieOptions: AstroCookieSetOptions,
  ) {}

  /** The request cookie's ID, if it has the shape of ours (anything else is never used as a key). */
  cookieId(): string | undefined {
    const value = this.cookies.get(this.config.cookieName)?.value;
    return isSessionId(value) ? value : undefined;
  }

  /** Decides the ID on first use: the cookie's (checked against the store when read), else a new one. */
  start(): string {
    if (this.id !== undefined) return this.id;
    const fromCookie = this.started ? undefined : this.cookieId();
    if (!this.started) this.clientId = fromCookie;
    this.started = true;
    if (fromCookie !== undefined) {
      this.id = this.source = fromCookie;
    } else {
      this.id = newSessionId();
      this.loaded = true; // a new ID has nothing stored
    }
    return this.id;
  }

  writeCookie(): void {
    this.cookies.set(this.config.cookieName, this.id!, this.cookieOptions);
    this.clientId = this.id;
    this.cookieWritten = true;
  }

  /** The ID pointed at nothing (unknown, expired, destroyed): it is never adopted; a new one is used. */
  rotate(): void {
    this.id = newSessionId();
    if (this.cookieWritten) this.writeCookie();
  }

  /** Forgets the ID, the data and this request's changes (destroy(), load()). */
  reset(): void {
    this.epoch++;
    this.loading = undefined;
    this.id = this.source = undefined;
    this.data = new Map();
    this.loaded = false;
    this.changed.clear();
    this.deleted.clear();
  }

  /** Schedules the removal of the stored record, deletes the cookie and starts afresh. */
  destroy(): void {
    const target = this.started ? this.source : this.cookieId();
    if (target !== undefined) this.toDestroy.add(target);
    const { domain, path, sameSite, secure, httpOnly, partitioned } = this.cookieOptions;
    this.cookies.delete(this.config.cookieName, { domain, path, sameSite, secure, httpOnly, partitioned });
    this.reset();
    this.started = true; // the deleted cookie is not adopted again
    this.clientId = undefined;
  }

  /** The data, loaded from the store on first need and merged with this request's changes. */
  ensureData(): Promise<SessionRecord> {
    // Reading a session that has no ID yet (no usable cookie, or destroyed) creates nothing: the
    // ID stays undefined until set()/regenerate()/load() needs one (Astro 6.2.2+, withastro/astro#16540).
    if (this.id === undefined && (this.started || this.cookieId() === undefined)) {
      this.started = true;
      this.loaded = true;
      return Promise.resolve(this.data);
    }
    this.start();
    if (this.loaded) return Promise.resolve(this.data);
    return (this.loading ??= this.#load());
  }

  async #load(): Promise<SessionRecord> {
    const epoch = this.epoch;
    const id = this.source!;
    let stored: SessionRecord | undefined;
    try {
      stored = await this.read(id);
    } finally {
      if (this.epoch === epoch) this.loading = undefined;
    }
    if (this.epoch !== epoch) return this.ensureData();
    if (stored === undefined) {
      this.source = undefined;
      if (this.id === id) this.rotate();
    } else {
      // Stored entries fill in what this request has not set or deleted: in-memory changes win.
      for (const [key, entry] of stored) {
        if (!this.data.has(key) && !this.deleted.has(key)) this.data.set(key, entry);
      }
    }
    this.loaded = true;
    return this.data;
  }

  /**
   * The live entries stored under `id`, or `undefined` when there are none: no record, or all
   * expired (an expired session is a missing one; the leftover record is removed by persist()).
   * Unreadable data is destroyed and reported, as in Astro.
   */
  async read(id: string): Promise<SessionRecord | undefined> {
    const raw = await this.store().getItem(id);
    let stored: SessionRecord | undefined;
    try {
      stored = parseRecord(raw);
    } catch (error) {
      this.destroy();
      const reason = error instanceof InvalidRecord ? error.message : 'The session data could not be parsed.';
      throw initError(reason, this.config.driverName, error);
    }
    if (stored === undefined) return undefined;
    const now = Date.now();
    const live: SessionRecord = new Map([...stored].filter(([, entry]) => isLive(entry, now)));
    if (live.size > 0) return live;
    this.toDestroy.add(id);
    return undefined;
  }
}
