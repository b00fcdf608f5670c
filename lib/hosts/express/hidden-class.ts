/**
 * Whether V8 gives objects whose prototype was swapped a hidden class of their own, so that every
 * later store that adds a property or changes a field copies the whole class. Express swaps the
 * prototype of every `req` and `res` (`Object.setPrototypeOf`); on V8 12 and older (Node 20, 22)
 * each request's `res` then gets its own chain of classes, and Node's `writeHead`/`end` and
 * Express's router pay 2–7 µs per store on a `ServerResponse`. V8 13 (Node 24) and later share
 * one class across requests, and converting to a dictionary is pure cost there (bench/ANALYSIS.md:
 * −103/−117 kIr per hello on Node 20/22, +31/+19 on Node 24/26).
 *
 * No public API shows hidden classes, so this reads V8's version (`process.versions.v8`, public).
 * `__tests__/hosts/express/hidden-class.test.ts` checks on every Node of the CI matrix, with V8's
 * own introspection, that it says what V8 does. Not V8 (no version): nothing to work around.
 */
export const SWAPPED_PROTOTYPE_STORES_COPY: boolean = v8Major(globalThis.process?.versions?.v8) < 13;

/** The major version in a V8 version string (`'12.4.254.21-node.57'` → 12); Infinity when unknown. */
export function v8Major(version: string | undefined): number {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isNaN(major) ? Infinity : major;
}

/**
 * Lets V8 store into an object whose hidden class cannot be shared, cheaply from then on (where
 * `SWAPPED_PROTOTYPE_STORES_COPY`; elsewhere it is left alone). Deleting one property turns the
 * object into a dictionary once (about 4 µs on Node 20), after which stores are plain hash-table
 * writes. The property is put straight back, same value and attributes: only its position in the
 * key order changes. Anything but a plain data property is left alone.
 */
export function unshareShape(object: object, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !descriptor.writable || !descriptor.configurable || !descriptor.enumerable) return;
  const target = object as Record<string, unknown>;
  delete target[key];
  target[key] = descriptor.value;
}
