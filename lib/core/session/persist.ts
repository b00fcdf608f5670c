import { saveError } from './errors';
import { recordTtl, stringify, type SessionRecord } from './serialize';
import type { SessionState } from './state';
import type { SessionStore } from './storage';

export const DEVALUE_HINT = 'See the devalue library for all supported types: https://github.com/rich-harris/devalue';

const locked = <T>(store: SessionStore, id: string, fn: () => Promise<T>): Promise<T> => (store.withLock ? store.withLock(id, fn) : fn());

/**
 * The end of a request (`AstroSession.persist()`).
 *
 * Consistency model — per-key last write wins: the stored record is read again here and only
 * this request's changes are applied to it (keys set, keys deleted), so keys other requests saved
 * meanwhile survive. The read-merge-write of an ID runs under the store's lock, which serialises
 * it within one process; across processes sharing a store, two writes within the same round trip
 * can still race. A record that vanished meanwhile (destroyed, regenerated away or expired) is not
 * brought back: this request's changes go to a new ID. Removals take the same lock.
 */
export async function persistSession(state: SessionState): Promise<void> {
  const moved = state.source !== undefined && state.source !== state.id;
  if (state.changed.size > 0 || state.deleted.size > 0 || moved) {
    const id = state.start();
    const store = state.store();
    const source = state.source;
    await locked(store, source ?? id, () => write(state, store, source));
  }
  await removeDestroyed(state);
}

async function write(state: SessionState, store: SessionStore, source: string | undefined): Promise<void> {
  state.epoch++; // a load still pending is superseded by what is written here
  state.loading = undefined;
  const stored = source === undefined ? undefined : await state.read(source);
  if (source !== undefined && stored === undefined && state.id === source) state.rotate();
  const target = state.id!;
  const now = Date.now();
  const record: SessionRecord = new Map(stored);
  for (const key of state.deleted) record.delete(key);
  for (const key of state.changed) record.set(key, state.data.get(key)!);
  if (record.size > 0) {
    let text: string;
    try {
      text = stringify(record);
    } catch (error) {
      throw saveError('The session data could not be serialized.', state.config.driverName, error, DEVALUE_HINT);
    }
    await store.setItem(target, text, recordTtl(record, now));
    if (state.clientId !== target) state.writeCookie();
  } else if (stored !== undefined && source === target) {
    await store.removeItem(target); // every key deleted: no empty record is kept
  }
  // After regenerate(), the old record goes now, under its lock, once the new one is written.
  if (source !== undefined && source !== target && stored !== undefined) await store.removeItem(source);
  state.data = record;
  state.source = record.size > 0 ? target : undefined;
  state.loaded = true;
  state.changed.clear();
  state.deleted.clear();
}

// Every scheduled removal is tried; a failure is reported (a logout must not look done when it
// is not) and the ID stays scheduled for the next persist().
async function removeDestroyed(state: SessionState): Promise<void> {
  if (state.toDestroy.size === 0) return;
  const store = state.store();
  const ids = [...state.toDestroy];
  const results = await Promise.allSettled(ids.map((id) => locked(store, id, () => store.removeItem(id))));
  let failure: unknown;
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') state.toDestroy.delete(ids[index]!);
    else failure ??= result.reason;
  });
  if (failure !== undefined) throw failure;
}
