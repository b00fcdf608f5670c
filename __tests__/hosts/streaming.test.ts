import http from 'node:http';
import request from 'supertest';
import type { RendererOptions } from '../../lib/types';
import { describeEachHost, serve, type Served } from '../helpers/hosts';
import { nextChunk, rawGet, rest } from '../helpers/http-client';
import { deferred } from '../helpers/async';

const encode = (text: string) => new TextEncoder().encode(text);

// Per-test hooks the endpoints wait on / report to; reset in beforeEach.
let gate = deferred();
let cancelled = deferred<unknown>();
let started = deferred();
let aborted = deferred();

const options: RendererOptions = {
  routes: {
    // First chunk at once, the second only when the test opens the gate.
    '/gated': {
      GET: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encode('first|'));
            },
            async pull(controller) {
              await gate.promise;
              controller.enqueue(encode('second'));
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/plain' } },
        ),
    },
    // One chunk, then nothing until the client leaves: cancel() must run.
    '/endless': {
      GET: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encode('tick|'));
            },
            pull: () => new Promise<void>(() => {}),
            cancel(reason) {
              cancelled.resolve(reason);
            },
          }),
        ),
    },
    // One chunk, then an error once the test opens the gate.
    '/broken': {
      GET: () =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(encode('partial|'));
            },
            async pull(controller) {
              await gate.promise;
              controller.error(new Error('mid-stream failure'));
            },
          }),
        ),
    },
    // Nothing until the gate opens (a slow first byte), then a chunk and no end.
    '/slow-start': {
      GET: ({ request }) => {
        request.signal.addEventListener('abort', () => aborted.resolve());
        started.resolve();
        return new Response(
          new ReadableStream<Uint8Array>({
            async pull(controller) {
              await gate.promise;
              controller.enqueue(encode('late|'));
              await new Promise<void>(() => {});
            },
            cancel(reason) {
              cancelled.resolve(reason);
            },
          }),
        );
      },
    },
    // Never produces anything (an idle event stream): only the client leaving can end it.
    '/silent': {
      GET: ({ request }) => {
        request.signal.addEventListener('abort', () => aborted.resolve());
        started.resolve();
        return new Response(
          new ReadableStream<Uint8Array>({
            pull: () => new Promise<void>(() => {}),
            cancel(reason) {
              cancelled.resolve(reason);
            },
          }),
        );
      },
    },
    // 64 chunks of 16 KiB, each a different byte: more than any socket buffer holds at once.
    '/large': {
      GET: () => {
        let i = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              controller.enqueue(new Uint8Array(16384).fill(i));
              if (++i === 64) controller.close();
            },
          }),
        );
      },
    },
    '/ok': { GET: () => new Response('still serving') },
  },
};

describeEachHost('streaming on %s', (host) => {
  let app: Served;
  beforeAll(async () => {
    app = await serve(host, options);
  });
  afterAll(() => app.close());
  beforeEach(() => {
    gate = deferred();
    cancelled = deferred<unknown>();
    started = deferred();
    aborted = deferred();
  });

  it('sends the first chunk before the stream has ended', async () => {
    const { res } = await rawGet(app.base, '/gated');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    // The producer cannot finish until the gate opens: this chunk was sent on its own.
    expect(await nextChunk(res)).toBe('first|');
    const remaining = rest(res);
    gate.resolve();
    expect(await remaining).toEqual({ text: 'second', complete: true });
  });

  it("cancels the producer's stream when the client disconnects", async () => {
    const { req, res } = await rawGet(app.base, '/endless');
    expect(await nextChunk(res)).toBe('tick|');
    req.destroy();
    const reason = await cancelled.promise;
    expect((reason as Error).name).toBe('AbortError');
    await request(app.base).get('/ok').expect(200, 'still serving');
  });

  it('cancels the producer when the client left before the first chunk', async () => {
    const req = http.get(`${app.base}/slow-start`, { agent: false });
    req.on('error', () => {});
    await started.promise;
    req.destroy();
    await aborted.promise; // the server saw the client leave
    gate.resolve(); // only now does the first chunk exist
    const reason = await cancelled.promise;
    expect((reason as Error).name).toBe('AbortError');
    await request(app.base).get('/ok').expect(200, 'still serving');
  });

  it('cancels a producer that never made a chunk when the client leaves', async () => {
    const req = http.get(`${app.base}/silent`, { agent: false });
    req.on('error', () => {});
    await started.promise;
    req.destroy();
    await aborted.promise;
    const reason = await cancelled.promise;
    expect((reason as Error).name).toBe('AbortError');
    await request(app.base).get('/ok').expect(200, 'still serving');
  });

  it('delivers a large streamed body complete and in order', async () => {
    const { res } = await rawGet(app.base, '/large');
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    expect(body.length).toBe(64 * 16384);
    for (let i = 0; i < 64; i++) expect([body[i * 16384], body[i * 16384 + 16383]]).toEqual([i, i]);
  });

  it('truncates the response when the stream errors mid-way, and keeps serving', async () => {
    const { res } = await rawGet(app.base, '/broken');
    expect(res.statusCode).toBe(200);
    expect(await nextChunk(res)).toBe('partial|');
    const remaining = rest(res);
    gate.resolve();
    expect(await remaining).toEqual({ text: '', complete: false });
    await request(app.base).get('/ok').expect(200, 'still serving');
  });
});
