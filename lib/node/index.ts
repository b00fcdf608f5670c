/**
 * `astro-bridge/node`: the Node ↔ Fetch bridge on its own, for plain `node:http` servers and
 * for building other adapters.
 */
export { toWebRequest, type ToWebRequestOptions } from './request';
export { sendWebResponse } from './send';
export { createRequestListener, type RequestListener, type RequestListenerOptions } from './listener';
export type { ParsedBody } from './body';
