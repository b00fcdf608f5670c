export { AstroCookie } from './cookie';
export { AstroCookies } from './cookies';
export { isAstroCookies, kAstroCookies } from './brand';
export { CookieSignerMissing } from '../errors/catalog';
export { cookieParserSigner } from './cookie-parser-signer';
export type {
  AstroCookieDeleteOptions,
  AstroCookieGetOptions,
  AstroCookieSetOptions,
  AstroCookiesOptions,
  CookieSigner,
} from './options';
