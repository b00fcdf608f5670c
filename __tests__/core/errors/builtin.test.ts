import { BuiltIn } from '../../../lib/core/errors/catalog';
import { createError, isAstroBridgeError } from '../../../lib/core/errors/errors';

// Catalog entries thrown as built-in classes: the class Node's and Astro's APIs throw, the stable
// catalog name in `code`, the catalog's message.
describe('the catalog of built-in errors', () => {
  it.each(Object.entries(BuiltIn))('%s: a %s with its catalog name as code', (key, data) => {
    const error = createError(data as never, 'x' as never) as unknown as Error & { code: string; title: string };
    expect(error.name).toBe(data.type);
    expect(error).toBeInstanceOf(data.type === 'TypeError' ? TypeError : Error);
    expect(error.code).toBe(key);
    expect(data.name).toBe(key);
    expect(error.title).toBe(data.title);
    expect(isAstroBridgeError(error)).toBe(false);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('keeps a cause', () => {
    const { createErrorWith } = jest.requireActual('../../../lib/core/errors/errors');
    const cause = new Error('inner');
    expect(createErrorWith(BuiltIn.InvalidCookieJar, [], { cause }).cause).toBe(cause);
  });
});
