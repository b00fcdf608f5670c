/**
 * `astro-bridge`: the framework-free API. Host adapters live in `astro-bridge/express`,
 * `astro-bridge/koa` and `astro-bridge/node`.
 */
export { defineMiddleware } from './core/middleware/define';
export { sequence } from './core/middleware/sequence';
export { AstroBridgeError, isAstroBridgeError } from './core/errors/errors';
export { VERSION } from './version';
export { AstroCookie, AstroCookies, CookieSignerMissing, cookieParserSigner, isAstroCookies } from './core/cookies/index';
export type { AstroCookieDeleteOptions, AstroCookieGetOptions, AstroCookieSetOptions, CookieSigner } from './core/cookies/index';
export type {
  APIContext,
  APIRoute,
  EndpointModule,
  MiddlewareHandler,
  MiddlewareNext,
  PageModule,
  Params,
  RemotePattern,
  RendererOptions,
  ResponseInitContext,
  RewritePayload,
  RouteModule,
  TrailingSlash,
  ValidRedirectStatus,
} from './types';
