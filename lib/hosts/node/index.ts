/**
 * `astro-bridge/node`: a `node:http` request listener, and the Node ↔ Fetch bridge on its own for
 * plain `node:http` servers and for building other adapters.
 *
 * @packageDocumentation
 * @module astro-bridge/node
 */
export * from '../../node/index';
export { createRequestListener, type RequestListener, type RequestListenerOptions } from './listener';
export type { TrustProxy } from '../../node/proxy-trust';
