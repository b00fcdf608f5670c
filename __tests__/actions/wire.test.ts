// Units: codes ↔ statuses, the error classes and guards, Astro's wire form, the name registry.
import * as z from 'zod';
import { ACTION_ERROR_STATUS, codeToStatus, statusToCode } from '../../lib/core/actions/codes';
import { ActionError, ActionInputError, defineAction, deserializeActionResult, isActionError, isInputError, serializeActionResult } from '../../lib/index';
import { ActionRegistry } from '../../lib/core/actions/registry';
import { actionDefinition } from '../../lib/core/actions/define';

describe('codes', () => {
  it.each(Object.entries(ACTION_ERROR_STATUS))('%s → %i, on the error too', (code, status) => {
    expect(codeToStatus(code)).toBe(status);
    expect(new ActionError({ code: code as keyof typeof ACTION_ERROR_STATUS }).status).toBe(status);
  });

  it.each([
    [404, 'NOT_FOUND'],
    [405, 'METHOD_NOT_ALLOWED'],
    [408, 'REQUEST_TIMEOUT'],
    [413, 'CONTENT_TOO_LARGE'],
    [499, 'CLIENT_CLOSED_REQUEST'],
    [418, 'INTERNAL_SERVER_ERROR'],
  ])('status %i → %s', (status, code) => {
    expect(statusToCode(status)).toBe(code);
  });

  it('knows no inherited names', () => {
    expect(codeToStatus('constructor')).toBe(500);
    expect(codeToStatus('toString')).toBe(500);
  });
});

describe('errors and guards', () => {
  it('puts only type, code and status on the instance (what the wire carries)', () => {
    const error = new ActionError({ code: 'FORBIDDEN', message: 'no' });
    expect({ ...error }).toEqual({ type: 'AstroActionError', code: 'FORBIDDEN', status: 403 });
    expect(error.name).toBe('ActionError');
    expect(error).toBeInstanceOf(Error);
  });

  it('builds fields from the first path segment, as own keys (a field may be called __proto__)', () => {
    const error = new ActionInputError([
      { message: 'a', path: ['email'] },
      { message: 'b', path: ['email', 0] },
      { message: 'c', path: ['__proto__'] },
      { message: 'whole', path: [] },
    ]);
    expect(error.fields.email).toEqual(['a', 'b']);
    expect(Object.getOwnPropertyDescriptor(error.fields, '__proto__')?.value).toEqual(['c']);
    expect(Object.getPrototypeOf(error.fields)).toBe(Object.prototype);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', status: 400, type: 'AstroActionInputError' });
  });

  it('recognises errors structurally (another realm or bundle)', () => {
    expect(isActionError({ type: 'AstroActionError' })).toBe(true);
    expect(isActionError({ type: 'AstroActionInputError', issues: [] })).toBe(true);
    expect(isInputError({ type: 'AstroActionInputError', issues: [] })).toBe(true);
    expect(isInputError({ type: 'AstroActionInputError' })).toBe(false);
    expect(isActionError(new Error('x'))).toBe(false);
    expect(isActionError(null)).toBe(false);
  });
});

describe('wire form', () => {
  it('round-trips data with devalue (Dates, Maps, URLs)', () => {
    const data = { at: new Date(0), map: new Map([['a', 1]]), url: new URL('https://example.org/') };
    const serialized = serializeActionResult({ data, error: undefined });
    expect(serialized).toMatchObject({ type: 'data', status: 200, contentType: 'application/json+devalue' });
    expect(deserializeActionResult(serialized)).toEqual({ data, error: undefined });
  });

  it('sends no data as empty (204)', () => {
    expect(serializeActionResult({ data: undefined, error: undefined })).toEqual({ type: 'empty', status: 204 });
    expect(deserializeActionResult({ type: 'empty', status: 204 })).toEqual({ data: undefined, error: undefined });
  });

  it('sends errors as JSON and rebuilds them', () => {
    const input = serializeActionResult({ data: undefined, error: new ActionInputError([{ message: 'm', path: ['a'] }]) });
    expect(JSON.parse((input as { body: string }).body)).toEqual({ type: 'AstroActionInputError', issues: [{ message: 'm', path: ['a'] }], fields: { a: ['m'] } });
    const back = deserializeActionResult(input).error;
    expect(isInputError(back) && back.fields).toEqual({ a: ['m'] });
    const plain = deserializeActionResult(serializeActionResult({ data: undefined, error: new ActionError({ code: 'CONFLICT', message: 'x' }) })).error;
    expect(plain).toMatchObject({ code: 'CONFLICT', status: 409, message: 'x' });
  });

  it('turns a body that is not JSON into an error of its status (a proxy page, a 403 text)', () => {
    const { error } = deserializeActionResult({ type: 'error', status: 403, contentType: 'application/json', body: 'Cross-site POST form submissions are forbidden' });
    expect(error).toMatchObject({ code: 'FORBIDDEN', message: 'Cross-site POST form submissions are forbidden' });
    expect(ActionError.fromJson({ nonsense: true })).toMatchObject({ code: 'INTERNAL_SERVER_ERROR' });
  });
});

describe('registry', () => {
  const like = defineAction({ input: z.object({ id: z.string() }), handler: () => 1 });
  const registry = new ActionRegistry({ like, blog: { like, 'a.b': like }, notAnAction: 42, helper: () => 1, nested: { deeper: { x: like } } });
  const definition = actionDefinition(like)!.definition;

  it.each(['like', 'blog.like', 'blog.a%2Eb', 'nested.deeper.x', 'like/'])('finds %s', (name) => {
    expect(registry.find(name)).toBe(definition);
  });

  it.each(['notAnAction', 'helper', 'blog', 'constructor', '__proto__', 'toString', 'blog.a.b', 'like.orThrow', '%zz'])('finds no action at %s', (name) => {
    expect(registry.find(name)).toBeUndefined();
  });

  it('names an action by where it is first registered', () => {
    expect(registry.nameOf(definition)).toBe('like');
    expect(String(like)).toBe('?_action=like');
  });
});

describe('defineAction', () => {
  const one = (): number => 1;
  it.each<[object, string]>([
    [{}, 'handler'],
    [{ handler: one, accept: 'xml' }, 'accept'],
    [{ handler: one, input: { parse: one } }, 'Standard Schema'],
  ])('refuses %o with InvalidAction', (options, word) => {
    expect(() => defineAction(options as never)).toThrow(expect.objectContaining({ name: 'InvalidAction', message: expect.stringContaining(word) }));
  });
});
