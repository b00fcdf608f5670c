/**
 * The Node ↔ Fetch bridge on its own: `IncomingMessage` → `Request`, `Response` → `ServerResponse`.
 * It knows nothing of routes or middleware; `astro-bridge/node` re-exports it beside the listener.
 */
export { toWebRequest, type ToWebRequestOptions } from './request';
export { sendWebResponse } from './send';
export type { ParsedBody } from './request-body';
