import type { ServerResponse } from 'node:http';
import type { Capture } from './capture';
import { sendWebResponse } from './send';

/**
 * Sends the final Response. When the host's own response was captured for middleware: the
 * unchanged, unread one streams straight through (the host keeps writing to the socket);
 * any other replaces it — the host's headers are dropped and its later writes discarded.
 */
export function respond(res: ServerResponse, response: Response, method: string, capture: Capture | undefined): Promise<void> {
  if (capture === undefined) return sendWebResponse(res, response, method);
  if (capture.canPassThrough(response)) return capture.passThrough(response);
  capture.discard();
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  return sendWebResponse(res, response, method, capture.writer);
}
