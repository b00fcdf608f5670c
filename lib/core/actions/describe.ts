import type { StandardSchemaV1 } from './standard-schema';

/** How a form field's text becomes input: Astro's coercions for zod, by the field's type. */
export type FieldKind = 'number' | 'boolean' | 'other';

export interface FieldInfo {
  kind: FieldKind | 'array';
  /** For arrays: the element's kind. */
  item: FieldKind;
  optional: boolean;
  /** The validator fills in a default when the field is missing. */
  defaulted: boolean;
}

/** One object schema: its fields, whether unknown fields pass, and literal fields (union tags). */
export interface ObjectShape {
  fields: [string, FieldInfo][];
  passthrough: boolean;
  literals: [string, string][];
}

/**
 * What a schema says about its input object, read once per schema: zod 4's own definition
 * (what Astro reads), else Standard JSON Schema (`~standard.jsonSchema`), else nothing. A union
 * of objects has several shapes; the form's literal (discriminator) fields choose one.
 */
export function describeSchema(schema: StandardSchemaV1): ObjectShape[] | undefined {
  if (!cache.has(schema)) cache.set(schema, fromZod(schema) ?? fromJsonSchema(schema));
  return cache.get(schema);
}

const cache = new WeakMap<object, ObjectShape[] | undefined>();

type ZodDef = { type: string; [key: string]: unknown };
const zodDef = (schema: unknown): ZodDef | undefined => (schema as { _zod?: { def?: ZodDef } } | null)?._zod?.def;

function fromZod(schema: unknown): ObjectShape[] | undefined {
  let def = zodDef(schema);
  if (def?.type === 'pipe') def = zodDef(def.in);
  if (def?.type === 'object') return [zodObject(def)];
  if (def?.type === 'union' && Array.isArray(def.options)) {
    const shapes = def.options.map((option) => zodDef(option)).filter((d) => d?.type === 'object') as ZodDef[];
    return shapes.length === def.options.length ? shapes.map(zodObject) : undefined;
  }
  return undefined;
}

function zodObject(def: ZodDef): ObjectShape {
  const literals: [string, string][] = [];
  const fields = Object.entries(def.shape as Record<string, unknown>).map(([key, field]): [string, FieldInfo] => {
    let inner = zodDef(field);
    let optional = false;
    let defaulted = false;
    while (inner && ['optional', 'nullable', 'default', 'prefault', 'nonoptional'].includes(inner.type)) {
      if (inner.type === 'optional') optional = true;
      if (inner.type === 'default' || inner.type === 'prefault') defaulted = true;
      inner = zodDef(inner.innerType);
    }
    if (inner?.type === 'literal' && Array.isArray(inner.values) && inner.values.length === 1) literals.push([key, String(inner.values[0])]);
    const kind = zodKind(inner);
    return [key, { kind: inner?.type === 'array' ? 'array' : kind, item: inner?.type === 'array' ? zodKind(zodDef(inner.element)) : 'other', optional, defaulted }];
  });
  const catchall = zodDef(def.catchall);
  return { fields, passthrough: catchall !== undefined && catchall.type !== 'never', literals };
}

function zodKind(def: ZodDef | undefined): FieldKind {
  return def?.type === 'number' ? 'number' : def?.type === 'boolean' ? 'boolean' : 'other';
}

type Json = Record<string, unknown>;

function fromJsonSchema(schema: StandardSchemaV1): ObjectShape[] | undefined {
  let json: Json;
  try {
    const input = schema['~standard'].jsonSchema?.input;
    if (typeof input !== 'function') return undefined;
    json = input({ target: 'draft-2020-12' });
  } catch {
    return undefined; // the validator cannot describe this schema (zod: `z.date()`, transforms …)
  }
  const options = (json.anyOf ?? json.oneOf) as Json[] | undefined;
  if (Array.isArray(options)) return options.every(isObjectSchema) ? options.map(jsonObject) : undefined;
  return isObjectSchema(json) ? [jsonObject(json)] : undefined;
}

function isObjectSchema(json: unknown): json is Json {
  return typeof json === 'object' && json !== null && (json as Json).type === 'object' && typeof (json as Json).properties === 'object';
}

function jsonObject(json: Json): ObjectShape {
  const required = new Set(Array.isArray(json.required) ? (json.required as string[]) : []);
  const literals: [string, string][] = [];
  const fields = Object.entries(json.properties as Record<string, Json>).map(([key, prop]): [string, FieldInfo] => {
    const info = nonNull(prop);
    if ('const' in info) literals.push([key, String(info.const)]);
    const kind = jsonKind(info);
    return [key, { kind: types(info).includes('array') ? 'array' : kind, item: jsonKind(nonNull((info.items ?? {}) as Json)), optional: !required.has(key), defaulted: 'default' in prop }];
  });
  return { fields, passthrough: json.additionalProperties !== false, literals };
}

// `{ anyOf: [T, { type: 'null' }] }` (a nullable field) describes T.
function nonNull(prop: Json): Json {
  const options = prop.anyOf as Json[] | undefined;
  if (!Array.isArray(options)) return prop;
  const rest = options.filter((o) => o.type !== 'null');
  return rest.length === 1 ? rest[0]! : prop;
}

function types(json: Json): unknown[] {
  return Array.isArray(json.type) ? json.type : [json.type];
}

function jsonKind(json: Json): FieldKind {
  const list = types(json);
  return list.includes('number') || list.includes('integer') ? 'number' : list.includes('boolean') ? 'boolean' : 'other';
}
