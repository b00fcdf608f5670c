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
export {
  ActionError,
  ActionInputError,
  defineAction,
  deserializeActionResult,
  getActionContext,
  isActionError,
  isInputError,
  serializeActionResult,
} from './core/actions/index';
export type {
  Action,
  ActionAccept,
  ActionAPIContext,
  ActionErrorCode,
  ActionIssue,
  AnyAction,
  AstroActionContext,
  SafeResult,
  SerializedActionResult,
  StandardSchemaV1,
} from './core/actions/index';
export { build, type BuildOptions } from './build/build';
export type { BuildFailure, BuildLogger, BuildSummary } from './build/progress';
export type {
  GetStaticPaths,
  GetStaticPathsItem,
  GetStaticPathsOptions,
  GetStaticPathsResult,
  Page,
  PaginateFunction,
  PaginateOptions,
} from './core/prerender/types';
export { FastResponse, type FastResponseConstructor } from './fetch/fast-response';
export { createI18n } from './core/i18n/index';
export type { AstroI18n, I18nConfig, I18nRoutingOptions, LocaleObject, Locales } from './core/i18n/index';
export type { AstroSession } from './core/session/session';
export type { SessionConfig, SessionCookieConfig, SessionDriverConfig, SessionDriverFactory, SessionDriverName } from './core/session/config';
export type { SessionDriver } from './core/session/driver-type';
export { sessionDrivers, type SessionDrivers, type SessionDriverFunction } from './core/session/session-drivers';
export { AstroCookie, AstroCookies, CookieSignerMissing, cookieParserSigner, isAstroCookies } from './core/cookies/index';
export type { AstroCookieDeleteOptions, AstroCookieGetOptions, AstroCookieSetOptions, CookieSigner } from './core/cookies/index';
export type {
  APIContext,
  AstroLogger,
  CspConfig,
  CspContext,
  LoggerDestination,
  APIRoute,
  EndpointModule,
  MiddlewareHandler,
  MiddlewareNext,
  PageModule,
  Params,
  Logger,
  RemotePattern,
  RendererOptions,
  ResponseInitContext,
  RewritePayload,
  RouteModule,
  TrailingSlash,
  ValidRedirectStatus,
} from './types';
