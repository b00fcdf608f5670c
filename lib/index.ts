/**
 * `astro-bridge`: the framework-free API. Host adapters live in `astro-bridge/express`,
 * `astro-bridge/koa` and `astro-bridge/node`.
 */
export { AstroBridgeError, isAstroBridgeError } from './core/errors/errors';
export { VERSION } from './version';
export type {
  APIContext,
  APIRoute,
  Params,
  RemotePattern,
  RendererOptions,
  RouteModule,
  TrailingSlash,
  ValidRedirectStatus,
} from './types';
