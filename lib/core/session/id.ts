// A v4 UUID as `crypto.randomUUID()` writes it (lowercase): 122 random bits, so unguessable.
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A new, unguessable session ID (`crypto.randomUUID()`, as in Astro). */
export function newSessionId(): string {
  return globalThis.crypto.randomUUID();
}

/**
 * Whether `value` has the shape of an ID this module generates. Anything else from a cookie is
 * never used as a storage key (no path tricks in the fs driver, no key injection in Redis).
 */
export function isSessionId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}
