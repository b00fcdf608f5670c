import { parse as devalueParse, stringify as devalueStringify, unflatten } from 'devalue';

/** One stored value: Astro's `{ data, expires? }` (`expires` in epoch ms). */
export interface SessionEntry {
  data: unknown;
  expires?: number;
}

export type SessionRecord = Map<string, SessionEntry>;

// Astro's URL reducer/reviver pair: stored records are byte-compatible with Astro 5's, so an
// Astro site and an astro-bridge app can share one session store.
const reducers = { URL: (value: unknown) => value instanceof URL && value.href };
const revivers = { URL: (href: string) => new URL(href) };

/** devalue text of `value` (Date, Map, Set, URL, BigInt, RegExp, undefined, cycles…). Throws for functions and class instances. */
export function stringify(value: unknown): string {
  return devalueStringify(value, reducers);
}

/** A deep copy through devalue, so later changes to the original are not stored (Astro's `set()` clone). */
export function cloneValue<T>(value: T): T {
  return devalueParse(stringify(value), revivers) as T;
}

/**
 * The record a driver returned: unstorage hands back devalue's JSON already parsed (an array),
 * a driver without JSON parsing the text itself. `null`/`undefined` mean no record. Throws
 * `InvalidRecord` for a value that is not a Map, any other error when the text is not devalue.
 */
export function parseRecord(raw: unknown): SessionRecord | undefined {
  if (raw === null || raw === undefined) return undefined;
  const value = typeof raw === 'string' ? devalueParse(raw, revivers) : unflatten(raw as number | unknown[], revivers);
  if (!(value instanceof Map)) throw new InvalidRecord();
  return value as SessionRecord;
}

/** Thrown by `parseRecord()` for stored data of the wrong type. */
export class InvalidRecord extends Error {
  constructor() {
    super('The session data was an invalid type.');
  }
}

/** Whether a stored entry is usable: an object with `data`, not expired at `now`. */
export function isLive(entry: unknown, now: number): entry is SessionEntry {
  if (typeof entry !== 'object' || entry === null || !('data' in entry)) return false;
  const { expires } = entry as SessionEntry;
  return typeof expires !== 'number' || expires >= now;
}

/**
 * Seconds until the last entry expires, for the driver's `setItem(…, { ttl })` (Redis: `EX`):
 * only when every entry expires. At least 1, as Redis takes whole seconds.
 */
export function recordTtl(record: SessionRecord, now: number): number | undefined {
  let last = 0;
  for (const entry of record.values()) {
    if (typeof entry.expires !== 'number') return undefined;
    last = Math.max(last, entry.expires);
  }
  return record.size === 0 ? undefined : Math.max(1, Math.ceil((last - now) / 1000));
}
