import { bodyAsMade, isBodyUntouched, isLazyResponse, lazyBodyResponse, sourceResponse, untouchedSource } from '../../lib/fetch/lazy-response';

// lib/core/lazy-response.ts: a Response whose body is made on first use.

function counted(body: () => BodyInit | null) {
  const calls = { count: 0 };
  const make = () => {
    calls.count++;
    return body();
  };
  return { make, calls };
}

describe('lazyBodyResponse', () => {
  it('is a Response with status and mutable headers, and makes no body until one is read', () => {
    const { make, calls } = counted(() => 'hello');
    const response = lazyBodyResponse(make, { status: 201, statusText: 'Made', headers: { 'content-type': 'text/plain', 'x-a': '1' } });
    expect(response).toBeInstanceOf(Response);
    expect(Object.prototype.toString.call(response)).toBe('[object Response]');
    expect([response.status, response.statusText, response.ok, response.type, response.url, response.redirected]).toEqual([201, 'Made', true, 'default', '', false]);
    response.headers.set('x-b', '2');
    response.headers.append('set-cookie', 'a=1');
    expect(response.headers.get('x-a')).toBe('1');
    expect(response.bodyUsed).toBe(false);
    expect(isLazyResponse(response)).toBe(true);
    expect(isBodyUntouched(response)).toBe(true);
    expect(calls.count).toBe(0);
  });

  it('builds the body once, on the first read, with the headers as they are then', async () => {
    const { make, calls } = counted(() => '{"a":1}');
    const response = lazyBodyResponse(make, { headers: { 'content-type': 'application/json' } });
    response.headers.set('x-late', 'yes');
    const stream = response.body;
    expect(stream).toBeInstanceOf(ReadableStream);
    expect(response.body).toBe(stream);
    expect(isBodyUntouched(response)).toBe(false);
    expect(bodyAsMade(response)).toBe(stream);
    expect(await response.json()).toEqual({ a: 1 });
    expect(response.bodyUsed).toBe(true);
    expect(calls.count).toBe(1);
    await expect(response.text()).rejects.toMatchObject({ name: 'TypeError' }); // used, as on any Response
    expect(response.headers.get('x-late')).toBe('yes');
  });

  it.each(['text', 'arrayBuffer', 'bytes', 'blob'] as const)('%s() reads the body', async (method) => {
    const response = lazyBodyResponse(() => 'abc', {});
    if (typeof (response as unknown as Record<string, unknown>)[method] !== 'function') return; // bytes(): Node 22+
    const value = await (response as unknown as Record<string, () => Promise<unknown>>)[method]!();
    const text = typeof value === 'string' ? value : value instanceof Blob ? await value.text() : new TextDecoder().decode(value as ArrayBuffer);
    expect(text).toBe('abc');
  });

  it('formData() parses a form body', async () => {
    const response = lazyBodyResponse(() => 'a=1&b=2', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const form = await response.formData();
    expect([form.get('a'), form.get('b')]).toEqual(['1', '2']);
  });

  it('clone() gives a second readable copy with the current headers; the original keeps a branch', async () => {
    const response = lazyBodyResponse(() => 'twice', { status: 202, headers: { 'x-a': '1' } });
    response.headers.set('x-a', '2');
    const copy = response.clone();
    expect(copy.status).toBe(202);
    expect(copy.headers.get('x-a')).toBe('2');
    expect(await copy.text()).toBe('twice');
    expect(await response.text()).toBe('twice');
    // The original's body is now a tee branch, not the body as made.
    expect(bodyAsMade(response)).not.toBe(response.body);
  });

  it('passes for a Response as an init and a body: new Response(lazy.body, lazy)', async () => {
    const response = lazyBodyResponse(() => 'inner', { status: 203, headers: { 'x-a': '1' } });
    const wrapped = new Response(response.body, response);
    expect([wrapped.status, wrapped.headers.get('x-a'), await wrapped.text()]).toEqual([203, '1', 'inner']);
  });

  // undici 5/6 (Node 20, 22) keep a Response's state under symbols, undici 7 (Node 24+) in private
  // fields: Response's own methods called on the stand-in read the body there, and throw (never
  // read a wrong body) here.
  const SYMBOL_STATE = Object.getOwnPropertySymbols(new Response('')).length > 0;
  it(`Response.prototype methods called on it ${SYMBOL_STATE ? 'read the body' : 'throw a TypeError'} (undici ${process.versions.undici})`, async () => {
    const other = lazyBodyResponse(() => 'called', {});
    if (SYMBOL_STATE) await expect(Response.prototype.text.call(other)).resolves.toBe('called');
    else await expect(Promise.resolve().then(() => Response.prototype.text.call(other))).rejects.toMatchObject({ name: 'TypeError' });
  });

  it('prints as the Response it stands for (console.log does not throw)', async () => {
    const { inspect } = await import('node:util');
    const response = lazyBodyResponse(() => 'shown', { status: 201, headers: { 'x-a': '1' } });
    expect(inspect(response)).toContain('201');
    expect(inspect(response)).toContain('x-a');
    await response.text();
    expect(inspect(response)).toContain('201');
  });

  it('a real Response is neither lazy nor untouched', () => {
    const response = new Response('x');
    expect(isLazyResponse(response)).toBe(false);
    expect(isBodyUntouched(response)).toBe(false);
    expect(bodyAsMade(response)).toBeUndefined();
  });
});

describe('sourceResponse / untouchedSource', () => {
  it('hands out the string or bytes while the body is untouched, and nothing once it was read', async () => {
    const text = sourceResponse('<p>hi</p>', { headers: { 'content-type': 'text/html' } });
    expect(untouchedSource(text)).toBe('<p>hi</p>');
    const bytes = sourceResponse(new Uint8Array([1, 2]), {});
    expect(untouchedSource(bytes)).toEqual(new Uint8Array([1, 2]));
    expect(await text.text()).toBe('<p>hi</p>');
    expect(untouchedSource(text)).toBeUndefined();
    void bytes.body;
    expect(untouchedSource(bytes)).toBeUndefined();
  });

  it('knows no source for other Responses', () => {
    expect(untouchedSource(new Response('x'))).toBeUndefined();
    expect(untouchedSource(lazyBodyResponse(() => 'x', {}))).toBeUndefined();
  });
});
