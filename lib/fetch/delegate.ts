// Stand-ins that pass for a Request or Response (lib/node/request.ts, lib/core/lazy-response.ts)
// forward most of their surface to a real object made when first needed.

type Target = (self: never) => object;

/** Defines getters on `prototype` that read the same property of `target(this)`. */
export function forwardGetters(prototype: object, keys: Iterable<string | symbol>, target: Target): void {
  for (const key of keys) {
    Object.defineProperty(prototype, key, {
      get(this: never) {
        return (target(this) as Record<string | symbol, unknown>)[key];
      },
    });
  }
}

/** Defines methods on `prototype` that call the same (argument-less) method of `target(this)`. */
export function forwardMethods(prototype: object, keys: Iterable<string>, target: Target): void {
  for (const key of keys) {
    Object.defineProperty(prototype, key, {
      value(this: never) {
        const object = target(this) as Record<string, () => unknown>;
        return object[key]!.call(object);
      },
    });
  }
}
