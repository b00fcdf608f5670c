/**
 * Thrown by `cookies.set(name, value, { signed: true })` when the jar has no signer, i.e. the
 * host app has no cookie secret. Its `name` is `CookieSignerMissing`.
 */
export class CookieSignerMissing extends Error {
  override readonly name = 'CookieSignerMissing';

  constructor(cookieName: string) {
    super(
      `cookies.set(${JSON.stringify(cookieName)}, …, { signed: true }) needs a secret to sign with, and none is configured. ` +
        'Express: install cookie-parser with a secret before astro-bridge (app.use(cookieParser(secret))). ' +
        "Koa: set the app's keys (app.keys = ['a secret']).",
    );
  }
}
