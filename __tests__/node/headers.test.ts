import http from 'node:http';
import net from 'node:net';
import { toOutgoingHeaders, toWebHeaders } from '../../lib/node/headers';

/** A real, unconnected ServerResponse (no socket handle, nothing to close). */
function serverResponse(): http.ServerResponse {
  return new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
}

function headersOf(entries: [string, string][]): Headers {
  const h = new Headers();
  for (const [name, value] of entries) h.append(name, value);
  return h;
}

describe('toOutgoingHeaders (Astro §7.5 table; ours always returns an object and Set-Cookie as an array)', () => {
  const TABLE: [string, [string, string][], http.OutgoingHttpHeaders][] = [
    ['empty Headers', [], {}],
    ['single key', [['x-test', 'hello world']], { 'x-test': 'hello world' }],
    ['multiple keys', [['x-test1', 'hello'], ['x-test2', 'world']], { 'x-test1': 'hello', 'x-test2': 'world' }],
    ['multiple values (not set-cookie)', [['x-test', 'hello'], ['x-test', 'world']], { 'x-test': 'hello, world' }],
    ['multiple values (set-cookie)', [['set-cookie', 'hello'], ['set-cookie', 'world']], { 'set-cookie': ['hello', 'world'] }],
    ['set-cookie name case', [['Set-cookie', 'hello'], ['Set-Cookie', 'world']], { 'set-cookie': ['hello', 'world'] }],
    ['a single set-cookie is an array too', [['set-cookie', 'a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT']], { 'set-cookie': ['a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT'] }],
    [
      'all use cases',
      [['x-single', 'single'], ['x-triple', 'one'], ['x-triple', 'two'], ['x-triple', 'three'], ['Set-cookie', 'hello'], ['Set-Cookie', 'world']],
      { 'x-single': 'single', 'x-triple': 'one, two, three', 'set-cookie': ['hello', 'world'] },
    ],
    ['names are lower-cased', [['Content-Type', 'text/html'], ['X-CUSTOM', 'v']], { 'content-type': 'text/html', 'x-custom': 'v' }],
  ];
  test.each(TABLE)('%s', (_name, entries, expected) => {
    expect(toOutgoingHeaders(headersOf(entries), undefined, false)).toEqual(expected);
  });

  describe('Set-Cookie already on res is kept, before the Response’s', () => {
    const PREVIOUS: [string, string | string[], string[]][] = [
      ['a string', 'host=1', ['host=1', 'a=1', 'b=2']],
      ['an array', ['host=1', 'host=2'], ['host=1', 'host=2', 'a=1', 'b=2']],
    ];
    test.each(PREVIOUS)('%s', (_name, previous, expected) => {
      const res = serverResponse();
      res.setHeader('set-cookie', previous);
      const out = toOutgoingHeaders(headersOf([['set-cookie', 'a=1'], ['set-cookie', 'b=2']]), res, false);
      expect(out['set-cookie']).toEqual(expected);
    });

    test('a Response without Set-Cookie leaves res’s alone (no set-cookie key to overwrite it)', () => {
      const res = serverResponse();
      res.setHeader('set-cookie', ['host=1']);
      expect(toOutgoingHeaders(headersOf([['x-a', '1']]), res, false)).toEqual({ 'x-a': '1' });
    });
  });

  describe('a fetched Response', () => {
    const FETCHED: [string, [string, string][], http.OutgoingHttpHeaders][] = [
      [
        'drops hop-by-hop headers',
        [['connection', 'keep-alive'], ['keep-alive', 'timeout=5'], ['transfer-encoding', 'chunked'], ['te', 'trailers'], ['trailer', 'x'], ['upgrade', 'h2c'], ['proxy-connection', 'x'], ['x-end', 'kept']],
        { 'x-end': 'kept' },
      ],
      ['drops a decoded gzip coding and its length', [['content-encoding', 'gzip'], ['content-length', '20']], {}],
      ['drops x-gzip', [['content-encoding', 'x-gzip'], ['content-length', '1']], {}],
      ['drops deflate', [['content-encoding', 'deflate'], ['content-length', '1']], {}],
      ['drops br', [['content-encoding', 'br'], ['content-length', '1']], {}],
      ['case-insensitive coding', [['content-encoding', 'GZip'], ['content-length', '1']], {}],
      ['a list of decoded codings', [['content-encoding', 'gzip, br'], ['content-length', '9']], {}],
      ['keeps identity (fetch did not decode)', [['content-encoding', 'identity'], ['content-length', '3']], { 'content-encoding': 'identity', 'content-length': '3' }],
      ['keeps an unknown coding', [['content-encoding', 'compress'], ['content-length', '3']], { 'content-encoding': 'compress', 'content-length': '3' }],
      ['keeps a list with an unknown coding (fetch decodes none of it)', [['content-encoding', 'gzip, compress'], ['content-length', '3']], { 'content-encoding': 'gzip, compress', 'content-length': '3' }],
      ['keeps content-length without a coding', [['content-length', '42']], { 'content-length': '42' }],
    ];
    test.each(FETCHED)('%s', (_name, entries, expected) => {
      expect(toOutgoingHeaders(headersOf(entries), undefined, true)).toEqual(expected);
    });

    test('a constructed Response keeps them all', () => {
      const entries: [string, string][] = [['content-encoding', 'gzip'], ['content-length', '20'], ['connection', 'close']];
      expect(toOutgoingHeaders(headersOf(entries), undefined, false)).toEqual({ 'content-encoding': 'gzip', 'content-length': '20', connection: 'close' });
    });

  });
});

describe('toWebHeaders', () => {
  test('copies Node’s parsed headers; arrays (set-cookie) become repeated entries', () => {
    const h = toWebHeaders({ host: 'a', 'x-joined': 'one, two', cookie: 'a=1; b=2', 'set-cookie': ['s=1', 't=2'], absent: undefined });
    expect([...h]).toEqual([
      ['cookie', 'a=1; b=2'],
      ['host', 'a'],
      ['set-cookie', 's=1'],
      ['set-cookie', 't=2'],
      ['x-joined', 'one, two'],
    ]);
    expect(h.getSetCookie()).toEqual(['s=1', 't=2']);
  });

  test('skips HTTP/2 pseudo-headers and drops what Headers refuses', () => {
    const h = toWebHeaders({ ':path': '/', ':authority': 'x', 'bad name': 'v', 'x-ok': 'ok' });
    expect([...h]).toEqual([['x-ok', 'ok']]);
  });
});
