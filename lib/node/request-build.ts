import type { IncomingMessage, ServerResponse } from 'node:http';
import { toWebHeaders } from './headers';
import { encodeParsedBody, isBodyConsumed, toBodyStream, type ParsedBody } from './request-body';
import { abortSignal } from './abort';
import { DEFAULT_BODY_LIMIT } from '../core/security/limits';
import { ParsedRequest } from '../fetch/parsed-request';

export interface ToWebRequestOptions {
  /** The absolute URL (origin decided by the host's trust rules, path as the client sent it). */
  url: string;
  /** The response: its `close` before `finish` aborts `request.signal`; its `finish` drains an unread body. */
  res?: ServerResponse;
  /** What the host's body parser kept, when it already consumed the stream (default: `req.body`). */
  parsedBody?: ParsedBody;
  /**
   * The most body bytes read from `req` (default 1 MiB; `Infinity` for no limit): past it, reads
   * fail with `PayloadTooLarge` (413) and the connection closes after the answer. Not applied
   * to `parsedBody` (its parser had its own limit).
   */
  bodyLimit?: number;
}

/**
 * The real `Request` for `req`: headers copied, `signal` aborted by a client that goes away, and
 * the body from the host's parser, else streamed from `req` (bounded by `bodyLimit`). `bodyRead`:
 * the body was already read straight from `req`, so the Request gets a used, empty one.
 */
export function buildRequest(req: IncomingMessage, options: ToWebRequestOptions, bodyRead: boolean): Request {
  const method = req.method ?? 'GET';
  const headers = toWebHeaders(req.headers);
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: abortSignal(req, options.res) };
  if (bodyRead) {
    // Read already, straight from req: the Request gets a body that is used, as after request.text().
    // Empty bytes, not '': a string body would add a Content-Type the client never sent.
    init.body = new Uint8Array(0);
    const used = new ParsedRequest(options.url, init);
    void used.body!.getReader().read();
    return used;
  }
  if (method !== 'GET' && method !== 'HEAD') {
    const parsed = options.parsedBody ?? (isBodyConsumed(req) ? { value: (req as { body?: unknown }).body } : undefined);
    if (parsed) {
      const body = encodeParsedBody(parsed, headers.get('content-type'));
      // The parser decoded the body: describe what we actually carry.
      headers.delete('content-encoding');
      headers.delete('transfer-encoding');
      if (body === null) headers.delete('content-length');
      else headers.set('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
      init.body = body as BodyInit | null;
    } else {
      init.body = toBodyStream(req, options.res, options.bodyLimit ?? DEFAULT_BODY_LIMIT);
      init.duplex = 'half';
    }
  }
  return new ParsedRequest(options.url, init);
}
