// Form data → action input: Astro's zod coercions read from zod's definition, the same from a
// Standard JSON Schema description, and text as posted for validators that describe nothing.
import * as z from 'zod';
import * as v from 'valibot';
import { formDataToInput } from '../../lib/core/actions/form';
import type { StandardSchemaV1 } from '../../lib/core/actions/standard-schema';

const form = (entries: [string, string | Blob][]) => {
  const data = new FormData();
  for (const [key, value] of entries) data.append(key, value);
  return data;
};

describe('with zod 4 (its own definition)', () => {
  const schema = z.object({
    name: z.string(),
    age: z.number(),
    score: z.number().optional(),
    agree: z.boolean(),
    off: z.boolean(),
    flag: z.boolean(),
    tags: z.array(z.string()),
    nums: z.array(z.number()),
    nick: z.string().optional(),
    title: z.string(),
    plan: z.string().default('free'),
    note: z.string().nullable().optional(),
    file: z.instanceof(File),
  });
  const file = new File(['hi'], 'a.txt');
  const input = formDataToInput(
    form([['name', 'Ada'], ['age', '36'], ['score', ''], ['agree', 'on'], ['off', 'false'], ['tags', 'a'], ['tags', 'b'], ['nums', '1'], ['nums', '2'], ['nick', ''], ['file', file], ['extra', 'dropped']]),
    schema,
  );

  it.each([
    ['text stays text', 'name', 'Ada'],
    ['numbers', 'age', 36],
    ['empty optional → undefined', 'score', undefined],
    ['a checked checkbox → true', 'agree', true],
    ["'false' → false", 'off', false],
    ['an absent checkbox → false', 'flag', false],
    ['repeated fields → arrays', 'tags', ['a', 'b']],
    ['number arrays', 'nums', [1, 2]],
    ['empty optional text → undefined', 'nick', undefined],
    ['missing required → null (the validator names it)', 'title', null],
    ['missing optional nullable → undefined', 'note', undefined],
  ])('%s', (_name, key, expected) => {
    expect(input[key]).toEqual(expected);
  });

  it('keeps Files, leaves defaults to the validator, drops unknown fields of a plain object', () => {
    expect(input.file).toBe(file);
    expect('plan' in input).toBe(false);
    expect('extra' in input).toBe(false);
    expect(schema.safeParse({ ...input, title: 't' }).data?.plan).toBe('free');
  });

  it('gives NaN for a number field that is not one (the validator rejects it)', () => {
    expect(formDataToInput(form([['age', 'abc']]), z.object({ age: z.number() })).age).toBeNaN();
  });

  it('keeps unknown fields of a loose object, without __proto__', () => {
    const out = formDataToInput(form([['a', '1'], ['b', '2'], ['__proto__', 'x']]), z.looseObject({ a: z.number() }));
    expect(out).toEqual({ a: 1, b: '2' });
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });

  it('picks the member of a discriminated union by its tag', () => {
    const union = z.discriminatedUnion('kind', [z.object({ kind: z.literal('a'), n: z.number() }), z.object({ kind: z.literal('b'), ok: z.boolean() })]);
    expect(formDataToInput(form([['kind', 'a'], ['n', '3']]), union)).toEqual({ kind: 'a', n: 3 });
    expect(formDataToInput(form([['kind', 'b']]), union)).toEqual({ kind: 'b', ok: false });
  });

  it('reads the object under a transform (pipe)', () => {
    const piped = z.object({ n: z.number() }).transform((o) => o.n * 2);
    expect(formDataToInput(form([['n', '4']]), piped)).toEqual({ n: 4 });
  });
});

describe('with a Standard JSON Schema description (any validator that offers one)', () => {
  const described: StandardSchemaV1 = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: (value) => ({ value }),
      jsonSchema: {
        input: () => ({
          type: 'object',
          properties: {
            n: { type: 'integer' },
            b: { type: 'boolean' },
            list: { type: 'array', items: { type: 'number' } },
            maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] },
            text: { type: 'string' },
            d: { type: 'string', default: 'x' },
          },
          required: ['n', 'b', 'list', 'text'],
          additionalProperties: false,
        }),
      },
    },
  };

  it('coerces by the described types', () => {
    const out = formDataToInput(form([['n', '7'], ['b', 'true'], ['list', '1'], ['list', '2.5'], ['maybe', '4'], ['other', 'x']]), described);
    expect(out).toEqual({ n: 7, b: true, list: [1, 2.5], maybe: 4, text: null });
  });

  it('falls back to text when the description throws', () => {
    const broken: StandardSchemaV1 = { '~standard': { version: 1, vendor: 't', validate: (value) => ({ value }), jsonSchema: { input: () => { throw new Error('unrepresentable'); } } } };
    expect(formDataToInput(form([['n', '7']]), broken)).toEqual({ n: '7' });
  });
});

describe('with valibot (no description offered)', () => {
  const schema = v.object({ n: v.string() });

  it('passes text as posted: single values, arrays for repeated fields, empty fields dropped', () => {
    expect(formDataToInput(form([['n', '7'], ['t', 'a'], ['t', 'b'], ['e', ''], ['__proto__', 'x']]), schema)).toEqual({ n: '7', t: ['a', 'b'] });
  });

  it('leaves coercion to the validator', async () => {
    const coerced = v.object({ n: v.pipe(v.string(), v.toNumber()) });
    const out = await coerced['~standard'].validate(formDataToInput(form([['n', '7']]), coerced));
    expect(out).toMatchObject({ value: { n: 7 } });
  });
});
