import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Capture } from './capture';
import { sendWebResponse } from './send';

/**
 * Sends the final Response. When the host's own response was captured for middleware: the
 * unchanged, unread one streams straight through (the host keeps writing to the socket);
 * any other replaces it — the host's headers are dropped and its later writes discarded.
 */
export async function respond(res: ServerResponse, response: Response, method: string, capture: Capture | undefined): Promise<void> {
  if (capture === undefined) return sendWebResponse(res, response, method);
  if (capture.canPassThrough(response)) return capture.passThrough(response);
  // The new Response may stream the host's body on (`new Response(response.body, …)`, a
  // TransformStream over it): discarding now would drop the host's queued and later writes, and
  // that body would come out empty or never end. The host keeps writing into the capture (the
  // final response goes out through `capture.writer`) until the new Response is sent.
  if (!capture.bodyInUse(response)) capture.discard();
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  try {
    await sendWebResponse(res, response, method, capture.writer);
  } finally {
    capture.discard();
  }
}

/**
 * An error after the host already ran its handlers for this request (it cannot take the error
 * as well): the client gets a plain 500 (or the error's own 5xx: 503 for RequestTimeout) written
 * through the original methods (the host-facing ones are no-ops by now) without the host's headers, or a cut connection once the head is out,
 * and the error is logged.
 */
export function failAfterHost(res: ServerResponse, capture: Capture, err: unknown, report: (err: unknown) => void): void {
  capture.discard();
  if (!res.headersSent) {
    // The host's headers (its Set-Cookie, Content-Type…) describe the response it made, not this one.
    for (const name of res.getHeaderNames()) res.removeHeader(name);
    // A 5xx the error asks for (503 RequestTimeout: the host never answered) keeps its status.
    const asked = (err as { status?: unknown } | null)?.status;
    const status = typeof asked === 'number' && asked >= 500 && asked < 600 ? asked : 500;
    const body = STATUS_CODES[status] ?? 'Internal Server Error';
    const { writeHead, end } = capture.writer;
    writeHead.call(res, status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': String(body.length) });
    (end as (this: ServerResponse, chunk: string) => ServerResponse).call(res, body);
  } else {
    res.destroy();
  }
  // Nothing else can report it: Express has no app-level error event, and node:http has none.
  report(err);
}
