import { FastResponse } from '../../lib/index';
import { isBodyUntouched, isLazyResponse } from '../../lib/fetch/lazy-response';
import { bodySource } from '../../lib/node/response-source';

// lib/fetch/fast-response.ts: a Response whose string or bytes body is never a web stream unless read.

/** The name of what `fn` throws (undici's errors come from Node's realm, not jest's). */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).name;
  }
  return 'nothing';
}

describe('FastResponse', () => {
  it('is a Response with the defaults of one: status 200, text/plain for a string', async () => {
    const response = new FastResponse('hello');
    expect(response).toBeInstanceOf(Response);
    expect(response).toBeInstanceOf(FastResponse);
    expect([response.status, response.statusText, response.ok, response.headers.get('content-type')]).toEqual([200, '', true, 'text/plain;charset=UTF-8']);
    expect(isBodyUntouched(response)).toBe(true);
    expect(bodySource(response)).toBe('hello');
    expect(await response.text()).toBe('hello');
    expect(response.bodyUsed).toBe(true);
    expect(bodySource(response)).toBeUndefined();
  });

  it('keeps the init: status, statusText, headers (a content-type given is kept)', async () => {
    const response = new FastResponse('<p>x</p>', { status: 201, statusText: 'Made', headers: { 'content-type': 'text/html', 'x-a': '1' } });
    expect([response.status, response.statusText, response.headers.get('content-type'), response.headers.get('x-a')]).toEqual([201, 'Made', 'text/html', '1']);
    response.headers.set('x-b', '2');
    const copy = response.clone();
    expect([await copy.text(), copy.headers.get('x-b')]).toEqual(['<p>x</p>', '2']);
  });

  it('bytes: no content-type, copied at construction as Response does', async () => {
    const bytes = new Uint8Array([1, 2, 3]);
    const response = new FastResponse(bytes);
    bytes[0] = 9;
    expect(response.headers.get('content-type')).toBeNull();
    expect(bodySource(response)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(bodySource(new FastResponse(new Uint8Array([4]).buffer))).toEqual(new Uint8Array([4]));
  });

  it('json(): the JSON text with application/json, as Response.json()', async () => {
    const response = FastResponse.json({ a: 1 }, { status: 202, headers: { 'x-a': '1' } });
    expect([response.status, response.headers.get('content-type'), response.headers.get('x-a')]).toEqual([202, 'application/json', '1']);
    expect(bodySource(response)).toBe('{"a":1}');
    expect(await response.json()).toEqual({ a: 1 });
    expect(thrown(() => FastResponse.json(undefined))).toBe('TypeError');
  });

  it('other bodies and no body: a standard Response', async () => {
    const stream = new FastResponse(new ReadableStream({ start(c) { c.enqueue(new Uint8Array([1])); c.close(); } }));
    expect(isLazyResponse(stream)).toBe(false);
    expect(new Uint8Array(await stream.arrayBuffer())).toEqual(new Uint8Array([1]));
    const form = new FastResponse(new URLSearchParams({ a: '1' }));
    expect([form.headers.get('content-type'), await form.text()]).toEqual(['application/x-www-form-urlencoded;charset=UTF-8', 'a=1']);
    const empty = new FastResponse(null, { status: 204 });
    expect([empty.status, empty.body]).toEqual([204, null]);
  });

  it('bad input fails as new Response() does: a body on a null-body status, a bad status, a call without new', () => {
    expect(thrown(() => new FastResponse('x', { status: 204 }))).toBe('TypeError');
    expect(thrown(() => new FastResponse('x', { status: 99 }))).toBe('RangeError');
    expect(thrown(() => (FastResponse as unknown as (body: string) => Response)('x'))).toBe('TypeError');
  });
});
