import vm from 'node:vm';
import * as catalog from '../../../lib/core/errors/catalog';
import { AstroBridgeError, createError, isAstroBridgeError } from '../../../lib/core/errors/errors';
import type { ErrorData } from '../../../lib/core/errors/catalog';

const entries = Object.entries(catalog).filter(([, value]) => typeof value === 'object' && value !== null && 'name' in value) as [
  string,
  ErrorData<never[]>,
][];
const make = (data: ErrorData<never[]>) => createError(data as ErrorData<unknown[]>, 'a', 'b', 'c');

describe('the error catalog', () => {
  it('has entries', () => {
    expect(entries.length).toBeGreaterThanOrEqual(12);
  });

  it.each(entries)('%s: a branded AstroBridgeError with a stable name and a title', (key, data) => {
    const error = make(data);
    expect(error).toBeInstanceOf(AstroBridgeError);
    expect(error).toBeInstanceOf(Error);
    expect(isAstroBridgeError(error)).toBe(true);
    expect(error.name).toBe(key);
    expect(error.title).toBe(data.title);
    expect(error.title.length).toBeGreaterThan(0);
    expect(error.message.length).toBeGreaterThan(0);
    expect(error.message).not.toMatch(/^Error:/);
    expect(error.hint).toBe(typeof data.hint === 'function' ? (data.hint as (...args: string[]) => string)('a', 'b', 'c') : data.hint);
    expect(String(error)).toBe(`${key}: ${error.message}`);
  });

  // The errors core throws for routing, options, endpoints, the context and redirects.
  it.each([
    'EndpointDidNotReturnAResponse',
    'InvalidRoutePattern',
    'InvalidRouteModule',
    'RouteCollision',
    'InvalidOption',
    'InvalidRedirectStatus',
    'InvalidRedirectLocation',
    'LocalsReassigned',
    'LocalsNotAnObject',
    'ClientAddressNotAvailable',
    'MalformedHost',
  ])('%s has a hint', (name) => {
    const data = (catalog as unknown as Record<string, ErrorData<never[]>>)[name]!;
    expect(typeof make(data).hint).toBe('string');
    expect(make(data).hint!.length).toBeGreaterThan(10);
  });

  it('formats dynamic messages with the arguments', () => {
    const error = createError(catalog.RouteCollision, '/[a]', '/[b]');
    expect(error.message).toBe(
      "The routes '/[a]' and '/[b]' match exactly the same URLs, so one of them could never be reached.\nHint: Remove one of them, or make their static segments differ.",
    );
  });

  it('carries a status only for client errors, exposed to Koa', () => {
    const client = createError(catalog.MalformedHost, 'bad host');
    expect([client.status, client.statusCode, client.expose]).toEqual([400, 400, true]);
    const server = createError(catalog.InvalidOption, 'x', 'y');
    expect([server.status, server.statusCode, server.expose]).toEqual([undefined, undefined, false]);
  });

  it('keeps a cause', () => {
    const cause = new Error('root');
    const error = new AstroBridgeError('X', 'm', { title: 't', cause });
    expect(error.cause).toBe(cause);
  });
});

describe('isAstroBridgeError', () => {
  it.each([
    ['a plain Error', new Error('x')],
    ['a TypeError', new TypeError('x')],
    ['an Error named like ours', Object.assign(new Error('x'), { name: 'InvalidOption', title: 't', hint: 'h' })],
    ['a plain object', { name: 'InvalidOption' }],
    ['null', null],
    ['undefined', undefined],
    ['a string', 'InvalidOption'],
    ['an object whose brand is not true', { [Symbol.for('astro-bridge.error')]: 'yes' }],
  ])('rejects %s', (_what, value) => {
    expect(isAstroBridgeError(value)).toBe(false);
  });

  it('recognises an error from another copy of the module (no shared class)', () => {
    let Other: typeof AstroBridgeError | undefined;
    jest.isolateModules(() => {
      Other = (require('../../../lib/core/errors/errors') as typeof import('../../../lib/core/errors/errors')).AstroBridgeError;
    });
    expect(Other).toBeDefined();
    expect(Other).not.toBe(AstroBridgeError);
    const error = new Other!('InvalidOption', 'm', { title: 't' });
    expect(error instanceof AstroBridgeError).toBe(false);
    expect(isAstroBridgeError(error)).toBe(true);
  });

  it('recognises a branded error made in another realm', () => {
    const foreign: unknown = vm.runInNewContext(
      `(() => { class E extends Error { get [Symbol.for('astro-bridge.error')]() { return true; } }; return new E('m'); })()`,
    );
    expect(foreign instanceof Error).toBe(false);
    expect(isAstroBridgeError(foreign)).toBe(true);
  });
});
