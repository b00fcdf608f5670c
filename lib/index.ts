/**
 * `astro-bridge`: the framework-free API. Host adapters live in `astro-bridge/express`,
 * `astro-bridge/koa` and `astro-bridge/node`.
 *
 * @packageDocumentation
 * @module astro-bridge
 */
export { defineMiddleware } from './core/middleware/define';
export { sequence } from './core/middleware/sequence';
export { AstroBridgeError, isAstroBridgeError } from './core/errors/errors';
export { VERSION } from './version';
export { createI18n } from './core/i18n/index';
export type { AstroI18n, I18nConfig, I18nRoutingOptions, LocaleObject, Locales } from './core/i18n/index';
export type { AstroSession } from './core/session/session';
export type { SessionConfig, SessionCookieConfig, SessionDriverFactory, SessionDriverName } from './core/session/config';
export type { SessionDriver } from './core/session/driver-type';
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
