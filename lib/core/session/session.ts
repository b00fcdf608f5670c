import type {} from '../../globals';
import type { ResolvedSessionConfig } from './config';
import { isNamedError, saveError } from './errors';
import { isSessionId, newSessionId } from './id';
import { DEVALUE_HINT, persistSession } from './persist';
import { cloneValue, isLive, type SessionEntry, type SessionRecord } from './serialize';
import { SessionState, type SessionCookieJar } from './state';
import type { SessionStore } from './storage';

export type { SessionCookieJar };

/** Per-request facts: whether the request came over HTTPS (the cookie's default `Secure`). */
export interface AstroSessionOptions {
  isHttps?: boolean;
}

type Key = keyof App.SessionData | (string & {});
type Value<T, K> = T extends void ? (K extends keyof App.SessionData ? App.SessionData[K] : any) : T;

/**
 * `context.session`: Astro's `AstroSession`, one per request. Values live in a store under an
 * unguessable ID; the cookie holds only the ID. Nothing is read, written or sent until the
 * session is used; changes are kept in memory and saved once, by `persist()`, at the end of the
 * request. Keys and values are typed by `App.SessionData`, as in Astro.
 *
 * A cookie ID is used only if it has the shape of our IDs *and* the store has a record for it;
 * otherwise the session starts afresh under a new ID (no fixation through a chosen ID).
 * Concurrent requests of one session merge key by key (see `persistSession()`).
 *
 * @example
 * const cart = (await context.session.get('cart')) ?? [];
 * context.session.set('cart', [...cart, item]);
 */
export class AstroSession {
  readonly #state: SessionState;
  #persisting: Promise<void> | undefined;

  /**
   * @param cookies The request's cookie jar.
   * @param config From `resolveSessionConfig()`.
   * @param store Called on first storage use: the renderer's `SessionStorage`.
   * @param options `isHttps`: sets the cookie's `Secure` unless `session.cookie.secure` says otherwise.
   */
  constructor(cookies: SessionCookieJar, config: ResolvedSessionConfig, store: () => SessionStore, options: AstroSessionOptions = {}) {
    const cookieOptions = { ...config.cookieOptions, secure: config.secure ?? options.isHttps === true, httpOnly: true };
    this.#state = new SessionState(cookies, config, store, cookieOptions);
  }

  /**
   * The session ID; `undefined` until the session is used. A cookie's ID is replaced by a new one
   * once the store turns out to have no record for it.
   */
  get id(): string | undefined {
    return this.#state.id;
  }

  /** Astro's name for {@link id}. */
  get sessionID(): string | undefined {
    return this.#state.id;
  }

  /** The value of `key`, or `undefined`. */
  async get<T = void, K extends Key = Key>(key: K): Promise<Value<T, K> | undefined> {
    const entry = (await this.#state.ensureData()).get(key);
    return entry && isLive(entry, Date.now()) ? (entry.data as Value<T, K>) : undefined;
  }

  async has(key: string): Promise<boolean> {
    const entry = (await this.#state.ensureData()).get(key);
    return entry !== undefined && isLive(entry, Date.now());
  }

  async keys(): Promise<IterableIterator<string>> {
    return (await this.#live()).keys();
  }

  async values(): Promise<unknown[]> {
    return [...(await this.#live()).values()].map((entry) => entry.data);
  }

  async entries(): Promise<Array<[string, unknown]>> {
    return [...(await this.#live()).entries()].map(([key, entry]) => [key, entry.data]);
  }

  /**
   * Sets `key` to a copy of `value` (anything devalue serializes), visible at once and saved by
   * `persist()`. `ttl` (seconds) overrides `session.ttl` for this value.
   *
   * @throws SessionStorageSaveError for an empty key, a bad ttl or a value devalue cannot serialize.
   */
  set<T = void, K extends Key = Key>(
    key: K,
    value: T extends void ? (K extends keyof App.SessionData ? App.SessionData[K] : any) : NoInfer<T>,
    { ttl }: { ttl?: number } = {},
  ): void {
    const state = this.#state;
    const driver = state.config.driverName;
    if (typeof key !== 'string' || key === '') throw saveError('The session key was not provided.', driver);
    const lifetime = ttl ?? state.config.ttl;
    if (lifetime !== undefined && (typeof lifetime !== 'number' || !Number.isFinite(lifetime) || lifetime <= 0)) {
      throw saveError(`The ttl for ${key} must be a number of seconds greater than 0.`, driver);
    }
    let data: unknown;
    try {
      data = cloneValue(value);
    } catch (error) {
      throw saveError(`The session data for ${key} could not be serialized.`, driver, error, DEVALUE_HINT);
    }
    state.start();
    // Written on the first set() (as Astro does, so a configured maxAge is refreshed) and after an ID change.
    if (!state.cookieWritten || state.clientId !== state.id) state.writeCookie();
    const entry: SessionEntry = lifetime === undefined ? { data } : { data, expires: Date.now() + lifetime * 1000 };
    state.data.delete(key); // the order of keys() is the order of the last set()
    state.data.set(key, entry);
    state.changed.add(key);
    state.deleted.delete(key);
  }

  /** Removes `key`; saved by `persist()`, even when the session was not read in this request. */
  delete(key: string): void {
    const state = this.#state;
    state.data.delete(key);
    state.changed.delete(key);
    state.deleted.add(key);
  }

  /** Ends the session: the cookie is cleared, local data forgotten, the stored record removed by `persist()`. */
  destroy(): void {
    this.#state.destroy();
  }

  /**
   * Gives the session a new ID, keeping its data: call it on login, against session fixation.
   * `persist()` moves the record to the new ID and then removes the old one.
   *
   * @throws SessionStorageUnavailable when the data cannot be read (it would be lost otherwise).
   */
  async regenerate(): Promise<void> {
    const state = this.#state;
    try {
      await state.ensureData();
    } catch (error) {
      // Unreadable data has been destroyed: go on with a fresh session, as Astro does.
      if (!isNamedError(error, 'SessionStorageInitError')) throw error;
    }
    state.start();
    state.id = newSessionId();
    state.writeCookie();
  }

  /**
   * Replaces this session with the one stored under `id` (pending changes are dropped) and points
   * the cookie at it. An ID that is malformed or has no record is not adopted: the session starts
   * afresh under a new ID (compare `session.id` with `id` to tell).
   */
  async load(id: string): Promise<void> {
    const state = this.#state;
    state.reset();
    state.started = true;
    if (isSessionId(id)) {
      state.id = state.source = id;
      state.toDestroy.delete(id);
    } else {
      state.id = newSessionId();
      state.loaded = true;
    }
    await state.ensureData();
    state.writeCookie();
  }

  /**
   * Saves this request's changes (once, however many `set()` calls) and removes destroyed
   * records. The pipeline calls it at the end of every request, before the response's Set-Cookie
   * headers are taken (the cookie changes when the ID does). Without changes it does nothing and
   * no I/O. Rejects with `SessionStorageUnavailable` (503) when the store fails or times out.
   */
  persist(): Promise<void> {
    this.#persisting ??= persistSession(this.#state).finally(() => (this.#persisting = undefined));
    return this.#persisting;
  }

  async #live(): Promise<SessionRecord> {
    const now = Date.now();
    return new Map([...(await this.#state.ensureData())].filter(([, entry]) => isLive(entry, now)));
  }
}
