/**
 * Lets V8 store into an object whose hidden class cannot be shared, cheaply from then on.
 *
 * Express gives every `req` and `res` a new prototype (`Object.setPrototypeOf` per request). V8
 * cannot then share their hidden classes: each later store that adds a property or changes a
 * field (Node's own `writeHead`/`end` make several on `res`, Express's router several on `req`)
 * copies the whole class, some 2–7 µs apiece on a `ServerResponse` on Node 20. Deleting one
 * property turns the object into a dictionary once (about 4 µs), after which stores are plain
 * hash-table writes. The property is put straight back, same value and attributes: only its
 * position in the key order changes. Anything but a plain data property is left alone.
 */
export function unshareShape(object: object, key: string): void {
  const descriptor = Object.getOwnPropertyDescriptor(object, key);
  if (descriptor === undefined || !descriptor.writable || !descriptor.configurable || !descriptor.enumerable) return;
  const target = object as Record<string, unknown>;
  delete target[key];
  target[key] = descriptor.value;
}
