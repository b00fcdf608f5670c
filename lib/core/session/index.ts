import type { ResolvedSessionConfig } from './config';
import { AstroSession, type AstroSessionOptions, type SessionCookieJar } from './session';
import { createSessionStorage, type SessionStorage } from './storage';

export { DEFAULT_COOKIE_NAME, DEFAULT_TIMEOUT, resolveSessionConfig } from './config';
export type { ResolvedSessionConfig, SessionConfig, SessionCookieConfig, SessionDriverFactory, SessionDriverName } from './config';
export { AstroSession } from './session';
export type { AstroSessionOptions, SessionCookieJar } from './session';
export { SessionStorage, createSessionStorage } from './storage';
export type { SessionStore } from './storage';
export { isSessionId, newSessionId } from './id';

/** One renderer's sessions: the resolved config and its (lazy) store. */
export interface Sessions {
  readonly config: ResolvedSessionConfig;
  readonly storage: SessionStorage;
  /** The session of one request; costs nothing until used. Call `persist()` on it at the end. */
  create(cookies: SessionCookieJar, options?: AstroSessionOptions): AstroSession;
  /** Disposes the store's driver (Redis disconnects). */
  close(): Promise<void>;
}

/**
 * Sessions for a resolved `session` option.
 *
 * @example
 * const sessions = createSessions(resolveSessionConfig({ driver: 'memory', ttl: 3600 }));
 * const session = sessions.create(cookies, { isHttps: url.protocol === 'https:' });
 * try { response = await render(context) } finally { await session.persist() }
 * // on shutdown:
 * await sessions.close();
 */
export function createSessions(config: ResolvedSessionConfig): Sessions {
  const storage = createSessionStorage(config);
  const getStorage = () => storage;
  return {
    config,
    storage,
    create: (cookies, options) => new AstroSession(cookies, config, getStorage, options),
    close: () => storage.close(),
  };
}
