import cookieParser from 'cookie-parser';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { sign } from 'cookie-signature';
import request from 'supertest';
import { AstroCookies } from '../../../lib/core/cookies/cookies';
import { cookieParserSigner } from '../../../lib/core/cookies/cookie-parser-signer';
import { describeEachHost, expressOf } from '../../helpers/hosts';

const SECRET = 'keyboard cat';

/** `name=value` of a Set-Cookie line: what a browser sends back in its Cookie header. */
const pair = (setCookie: string) => setCookie.split(';')[0]!;

/** A tampered copy of a `name=value` pair whose value ends with a signature. */
const tamper = (cookie: string) => `${cookie.slice(0, -1)}${cookie.endsWith('A') ? 'B' : 'A'}`;

// Real round trips with Express (4 and 5) + cookie-parser: the jar must read what
// `res.cookie(name, value, { signed: true })` writes, and write what `req.signedCookies` reads.
describeEachHost('signed cookies with %s + cookie-parser', (host) => {
  function app() {
    const express = expressOf(host);
    const server = express();
    server.use(cookieParser(SECRET));
    server.get('/express-sets', (req: ExpressRequest, res: ExpressResponse) => {
      res.cookie(String(req.query.name), String(req.query.value), { signed: true });
      res.end();
    });
    server.get('/express-sets-json', (_req: ExpressRequest, res: ExpressResponse) => {
      res.cookie('o', { x: 1 }, { signed: true });
      res.end();
    });
    server.get('/express-reads', (req: ExpressRequest, res: ExpressResponse) => {
      res.json({ signed: req.signedCookies, plain: req.cookies });
    });
    // The jar running inside Express, fed from the Node request, as an adapter will use it.
    server.get('/jar-reads', (req: ExpressRequest, res: ExpressResponse) => {
      const cookies = new AstroCookies(() => req.headers.cookie, { signer: cookieParserSigner(SECRET) });
      res.json({ value: cookies.get(String(req.query.name), { signed: true })?.value ?? null });
    });
    server.get('/jar-sets', (req: ExpressRequest, res: ExpressResponse) => {
      const cookies = new AstroCookies(() => req.headers.cookie, { signer: cookieParserSigner(SECRET) });
      cookies.set(String(req.query.name), String(req.query.value), { signed: true, path: '/' });
      res.append('Set-Cookie', cookies.consume());
      res.end();
    });
    return server;
  }

  async function expressSets(name: string, value: string): Promise<string> {
    const response = await request(app()).get('/express-sets').query({ name, value });
    const setCookie = response.headers['set-cookie'] as unknown as string[];
    expect(setCookie).toHaveLength(1);
    return setCookie[0]!;
  }

  it.each(['hello', 'a b;c/+=.', 'ünïcødé ✓', 'j:{"x":1}'])('writes the same Set-Cookie as res.cookie() for %j', async (value) => {
    const fromExpress = await expressSets('sid', value);
    const cookies = new AstroCookies(() => null, { signer: cookieParserSigner(SECRET) });
    // Express defaults Path=/; with the same path the two headers are byte for byte equal.
    cookies.set('sid', value, { signed: true, path: '/' });
    expect(cookies.consume()).toEqual([fromExpress]);
    expect(pair(fromExpress)).toBe(`sid=${encodeURIComponent(`s:${sign(value, SECRET)}`)}`);
  });

  it('reads a cookie Express signed (from the Cookie header, in a jar inside Express)', async () => {
    const cookie = pair(await expressSets('sid', 'hello world'));
    const jar = new AstroCookies(() => cookie, { signer: cookieParserSigner(SECRET) });
    expect(jar.get('sid', { signed: true })!.value).toBe('hello world');
    const response = await request(app()).get('/jar-reads').query({ name: 'sid' }).set('Cookie', cookie);
    expect(response.body).toEqual({ value: 'hello world' });
  });

  it('writes a cookie Express reads from req.signedCookies', async () => {
    const response = await request(app()).get('/jar-sets').query({ name: 'sid', value: 'from the jar' });
    const cookie = pair((response.headers['set-cookie'] as unknown as string[])[0]!);
    const read = await request(app()).get('/express-reads').set('Cookie', cookie);
    expect(read.body.signed).toEqual({ sid: 'from the jar' });
    expect(read.body.plain).toEqual({});
  });

  it('rejects a tampered signature on both sides', async () => {
    const fromExpress = tamper(pair(await expressSets('sid', 'hello')));
    const jarRead = await request(app()).get('/jar-reads').query({ name: 'sid' }).set('Cookie', fromExpress);
    expect(jarRead.body).toEqual({ value: null });

    const fromJar = tamper(pair((await request(app()).get('/jar-sets').query({ name: 'sid', value: 'hello' })).headers['set-cookie']![0]!));
    const expressRead = await request(app()).get('/express-reads').set('Cookie', fromJar);
    // cookie-parser reports a bad signature as `false`; the jar as undefined.
    expect(expressRead.body.signed).toEqual({ sid: false });
  });

  it('neither side accepts an unsigned cookie as signed', async () => {
    const jarRead = await request(app()).get('/jar-reads').query({ name: 'sid' }).set('Cookie', 'sid=hello');
    expect(jarRead.body).toEqual({ value: null });
    const expressRead = await request(app()).get('/express-reads').set('Cookie', 'sid=hello');
    expect(expressRead.body).toEqual({ signed: {}, plain: { sid: 'hello' } });
  });

  it('reads a cookie signed with a rotated-out secret when given the list', async () => {
    const cookie = pair(await expressSets('sid', 'old'));
    const rotated = new AstroCookies(() => cookie, { signer: cookieParserSigner(['new secret', SECRET]) });
    expect(rotated.get('sid', { signed: true })!.value).toBe('old');
    const other = new AstroCookies(() => cookie, { signer: cookieParserSigner('new secret') });
    expect(other.get('sid', { signed: true })).toBeUndefined();
  });

  it('reads an Express JSON cookie (`j:` prefix) as its raw string: JSON cookies are cookie-parser\'s, not Astro\'s', async () => {
    const response = await request(app()).get('/express-sets-json');
    const cookie = pair((response.headers['set-cookie'] as unknown as string[])[0]!);
    const jar = new AstroCookies(() => cookie, { signer: cookieParserSigner(SECRET) });
    const value = jar.get('o', { signed: true })!.value;
    expect(value).toBe('j:{"x":1}');
    expect(JSON.parse(value.slice(2))).toEqual({ x: 1 });
    const read = await request(app()).get('/express-reads').set('Cookie', cookie);
    expect(read.body.signed).toEqual({ o: { x: 1 } });
  });
}, {
  skip: {
    koa: 'the cookie-parser format is Express middleware',
    node: 'the cookie-parser format is Express middleware',
  },
});
