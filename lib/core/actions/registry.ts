import { actionDefinition, type ActionDefinition } from './define';

/** Astro's RPC route pattern: `context.routePattern` of an action call. */
export const ACTION_ROUTE = '/_actions/[...path]';

/** The `server` export of `src/actions/index`, flattened: dotted names (`blog.like`) → actions. */
export class ActionRegistry {
  // Keyed by the decoded name segments joined with NUL: a Map, so `constructor`, `__proto__`
  // or `toString` are names like any other, found only when defined.
  readonly #byKey = new Map<string, ActionDefinition>();
  readonly #names = new Map<ActionDefinition, string>();

  constructor(server: object) {
    this.#walk(server, [], new Set());
  }

  #walk(group: object, path: string[], seen: Set<object>): void {
    if (seen.has(group)) return;
    seen.add(group);
    for (const key of Object.keys(group)) {
      const value = (group as Record<string, unknown>)[key];
      const segments = [...path, key];
      const found = actionDefinition(value);
      if (found && !found.throws) {
        const name = segments.map((s) => encodeURIComponent(s).replaceAll('.', '%2E')).join('.');
        this.#byKey.set(segments.join('\0'), found.definition);
        if (!this.#names.has(found.definition)) this.#names.set(found.definition, name);
        found.definition.name ??= name;
      } else if (typeof value === 'object' && value !== null) {
        this.#walk(value, segments, seen);
      }
    }
  }

  /** The action of a name as sent (`blog.like`, a literal dot as `%2E`); `undefined` when there is none. */
  find(name: string): ActionDefinition | undefined {
    const key = nameKey(name);
    return key === undefined ? undefined : this.#byKey.get(key);
  }

  /** The name an action has here, as `?_action=` carries it. */
  nameOf(definition: ActionDefinition): string | undefined {
    return this.#names.get(definition);
  }
}

/** A name in comparable form: trailing slash dropped, split on dots, each segment decoded. */
export function nameKey(name: string): string | undefined {
  try {
    return name.replace(/\/$/, '').split('.').map(decodeURIComponent).join('\0');
  } catch {
    return undefined; // malformed percent-encoding: no action has that name
  }
}
