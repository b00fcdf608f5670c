import { describeSchema, type FieldKind, type ObjectShape } from './describe';
import type { StandardSchemaV1 } from './standard-schema';

/** True for a `FormData` from any realm (undici's, a test realm's). */
export function isFormData(value: unknown): value is FormData {
  return Object.prototype.toString.call(value) === '[object FormData]';
}

/**
 * Turns posted form data into the object the schema validates, as Astro does for zod: numbers
 * from number fields, booleans from checkboxes (`'true'`/`'false'`, else present = true),
 * arrays from repeated fields, `File`s kept, and an empty or missing field `undefined` when
 * optional (`null` when required, so the validator names it). Without a description of the
 * schema, every field stays text (repeated fields become arrays, empty ones are dropped): the
 * validator must coerce (valibot: `v.pipe(v.string(), v.toNumber())`).
 */
export function formDataToInput(form: FormData, schema: StandardSchemaV1): Record<string, unknown> {
  const shapes = describeSchema(schema);
  const shape = shapes && (shapes.find((s) => s.literals.length > 0 && s.literals.every(([key, value]) => form.get(key) === value)) ?? (shapes.length === 1 ? shapes[0] : undefined));
  return shape ? fromShape(form, shape) : fromEntries(form);
}

function fromShape(form: FormData, shape: ObjectShape): Record<string, unknown> {
  const out: Record<string, unknown> = shape.passthrough ? fromEntries(form) : {};
  for (const [key, field] of shape.fields) {
    if (key === '__proto__') continue;
    if (!form.has(key) && field.defaulted) {
      delete out[key]; // the validator fills in its default
    } else if (field.kind === 'boolean') {
      out[key] = toBoolean(form.get(key), form.has(key));
    } else if (field.kind === 'array') {
      out[key] = form.getAll(key).map((value) => coerce(value, field.item));
    } else {
      const value = form.get(key);
      out[key] = value === null || value === '' ? (field.optional ? undefined : null) : coerce(value, field.kind);
    }
  }
  return out;
}

function coerce(value: FormDataEntryValue, kind: FieldKind): unknown {
  if (typeof value !== 'string') return value; // a File
  return kind === 'number' ? Number(value) : kind === 'boolean' ? toBoolean(value, true) : value;
}

function toBoolean(value: FormDataEntryValue | null, present: boolean): boolean {
  return value === 'true' ? true : value === 'false' ? false : present;
}

// No schema description: text and Files as posted; `__proto__` is never a key (no prototype changes).
function fromEntries(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form) {
    if (key === '__proto__' || value === '') continue;
    const previous = out[key];
    if (!Object.hasOwn(out, key)) out[key] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else out[key] = [previous, value];
  }
  return out;
}
