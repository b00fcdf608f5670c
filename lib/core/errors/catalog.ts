/**
 * Every user-facing error, in one reviewable place. Names are permanent (users match on them);
 * Astro's name is used wherever Astro has one. Messages say what happened and what to do.
 */
export interface ErrorData<Args extends unknown[] = unknown[]> {
  name: string;
  title: string;
  message: string | ((...args: Args) => string);
  /** What to do about it; a function when the advice depends on the arguments. */
  hint?: string | ((...args: Args) => string);
  /** HTTP status a host should answer with when this error reaches it unhandled. */
  status?: number;
  /**
   * A built-in error instead of an `AstroBridgeError`, its catalog name in `code` (Node's
   * convention): `TypeError` for an invalid argument, `Error` where Astro throws a plain one.
   */
  type?: 'TypeError' | 'Error';
}

const entry = <Args extends unknown[]>(data: ErrorData<Args>) => data;

/**
 * The advice for a module that failed to load: a module-system mismatch (ESM syntax in a file
 * Node loads as CommonJS, or the reverse) gets the fix; anything else, `fallback`.
 */
const loadHint = (fallback: string) => (file: string, reason: string) => {
  if (/Cannot use import statement outside a module|Unexpected token 'export'/.test(reason)) {
    return `${file} uses \`import\`/\`export\` but Node.js loads it as CommonJS. Rename it to \`.mjs\`, or add \`"type": "module"\` to your package.json (then CommonJS files such as a server.js that calls \`require()\` must be renamed to \`.cjs\`).`;
  }
  if (/(require|module|exports|__dirname|__filename) is not defined in ES module scope/.test(reason)) {
    return `${file} uses CommonJS (\`require\`, \`module.exports\`) but Node.js loads it as an ES module (a \`.mjs\` file, or \`"type": "module"\` in package.json). Write \`import\`/\`export\` instead (\`export const onRequest = …\`).`;
  }
  return fallback;
};

export const EndpointDidNotReturnAResponse = entry({
  name: 'EndpointDidNotReturnAResponse',
  title: 'The endpoint did not return a `Response`.',
  message: (route: string, method: string, got: string) =>
    `The ${method} handler of the route '${route}' returned ${got}. An endpoint must return either a \`Response\`, or a \`Promise\` that resolves with a \`Response\`.`,
  hint: 'Return `new Response(body, init)` (or `Response.json(data)`) from every code path of the handler.',
});

export const InvalidRoutePattern = entry({
  name: 'InvalidRoutePattern',
  title: 'Invalid route pattern.',
  message: (pattern: string, reason: string) => `The route pattern '${pattern}' is invalid: ${reason}.`,
  hint: "Use Astro's file-route syntax: '/posts/[id]', '/docs/[...path]', '/files/[name].json'.",
});

export const InvalidRouteModule = entry({
  name: 'InvalidRouteModule',
  title: 'Invalid route module.',
  message: (pattern: string) =>
    `The module for the route '${pattern}' exports neither a default page function nor any of GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD or ALL.`,
  hint: 'Export at least one HTTP method handler (an endpoint) or a default function (a page).',
});

export const RouteCollision = entry({
  name: 'RouteCollision',
  title: 'Two routes match the same URLs.',
  message: (a: string, b: string) =>
    `The routes '${a}' and '${b}' match exactly the same URLs, so one of them could never be reached.`,
  hint: 'Remove one of them, or make their static segments differ.',
});

export const InvalidOption = entry({
  name: 'InvalidOption',
  title: 'Invalid renderer option.',
  message: (option: string, reason: string) => `The option \`${option}\` is invalid: ${reason}.`,
  hint: 'Each option takes the values of its Astro config counterpart (see `RendererOptions`); omit it for the default.',
});

export const InvalidCspValue = entry({
  name: 'InvalidCspValue',
  title: 'Invalid Content-Security-Policy value.',
  message: (method: string, value: string, reason: string) => `\`${method}(${value})\` was refused: ${reason}.`,
  hint: "Hashes look like 'sha256-<base64>' (sha384-, sha512-); directives start with an allowed name (`img-src 'self'`); script and style sources go through insertScriptResource/insertStyleResource.",
});

export const InvalidRedirectStatus = entry({
  name: 'InvalidRedirectStatus',
  title: 'Invalid redirect status.',
  message: (status: unknown) =>
    `redirect() was called with the status ${String(status)}. Use one of 300, 301, 302, 303, 304, 307 or 308.`,
  hint: 'Omit the status for a 302, or pass 301/308 for permanent and 303/307 for method-specific redirects.',
});

export const InvalidRedirectLocation = entry({
  name: 'InvalidRedirectLocation',
  title: 'Invalid redirect location.',
  message: (location: string) =>
    `redirect() was called with a location containing a line break (${JSON.stringify(location)}), which would allow header injection.`,
  hint: 'Percent-encode user input before putting it into a redirect location (encodeURIComponent).',
});

export const LocalsReassigned = entry({
  name: 'LocalsReassigned',
  title: '`locals` must not be reassigned.',
  message: '`locals` can not be assigned directly.',
  hint: 'Set a `locals` property instead.',
});

export const LocalsNotAnObject = entry({
  name: 'LocalsNotAnObject',
  title: 'Value assigned to `locals` is not accepted.',
  message:
    '`locals` can only be assigned to an object. Other values like numbers, strings, etc. are not accepted.',
  hint: 'If you tried to remove some information from the `locals` object, try to use `delete` or set the property to `undefined`.',
});

export const ClientAddressNotAvailable = entry({
  name: 'ClientAddressNotAvailable',
  title: '`Astro.clientAddress` is not available in the current host.',
  message: (host: string) =>
    `\`Astro.clientAddress\` is not available: the ${host} host reported no address for this request (the connection may already be closed).`,
  hint: 'Read `clientAddress` only while the request is open, or guard the read with try/catch.',
});

export const MalformedHost = entry({
  name: 'MalformedHost',
  title: 'Malformed Host header.',
  message: (host: string) => `The request's Host header ${JSON.stringify(host)} is not a valid host.`,
  hint: 'The client sent a bad request; answer it with 400.',
  status: 400,
});

export const MiddlewareNoDataOrNextCalled = entry({
  name: 'MiddlewareNoDataOrNextCalled',
  title: "The middleware didn't return a `Response`.",
  message: (handler: string) =>
    `The middleware ${handler} returned nothing and never called \`next()\`. Make sure your middleware returns a \`Response\` object, either directly or by returning the \`Response\` from calling the \`next\` function.`,
  hint: 'End every middleware with `return next()` (or return a `Response` of your own).',
});

export const MiddlewareNotAResponse = entry({
  name: 'MiddlewareNotAResponse',
  title: 'The middleware returned something that is not a `Response` object.',
  message: (got: string, handler: string) =>
    `The middleware ${handler} returned ${got}. Any data returned from middleware must be a valid \`Response\` object.`,
  hint: 'Return the `Response` from `next()`, a `new Response(...)`, or nothing after calling `next()`.',
});

export const MiddlewareNextCalledTwice = entry({
  name: 'MiddlewareNextCalledTwice',
  title: '`next()` was called more than once.',
  message:
    'A middleware called `next()` a second time. Each call would render the route again (and run its side effects twice), so astro-bridge refuses it.',
  hint: 'Call `next()` once and keep its `Response`: `const response = await next()`. To render another route, use `context.rewrite()`.',
});

export const MiddlewareCantBeLoaded = entry({
  name: 'MiddlewareCantBeLoaded',
  title: "Can't load the middleware.",
  message: (file: string, reason: string) => `An error was thrown while loading the middleware ${file}: ${reason}`,
  hint: loadHint('Fix the error in the middleware file; it is loaded once, when the renderer starts.'),
});

export const MiddlewareDefaultExport = entry({
  name: 'MiddlewareDefaultExport',
  title: 'The middleware must be a named `onRequest` export.',
  message: (file: string) =>
    `${file} has a default export but no \`onRequest\` export. Astro middleware is exported by name.`,
  hint: 'Write `export const onRequest = defineMiddleware((context, next) => next());` instead of `export default`.',
});

export const RouteCantBeLoaded = entry({
  name: 'RouteCantBeLoaded',
  title: "Can't load a route module.",
  message: (file: string, reason: string) => `An error was thrown while loading the route module ${file}: ${reason}`,
  hint: loadHint('Fix the error in the route module; routes are loaded once, when the renderer starts.'),
});

export const TypeScriptLoaderRequired = entry({
  name: 'TypeScriptLoaderRequired',
  title: 'A TypeScript file cannot be loaded without a TypeScript loader.',
  message: (file: string) =>
    `${file} is TypeScript, and Node.js cannot load it on its own. Run the app under a TypeScript loader: \`node --import tsx app.js\` or \`tsx app.ts\`.`,
  hint: 'Or run Node.js 22.18+ (it strips types itself, unless started with --no-experimental-strip-types), or compile src/ to JavaScript and point `root` at the output.',
});

export const TypeScriptSyntaxNotStrippable = entry({
  name: 'TypeScriptSyntaxNotStrippable',
  title: 'A TypeScript file uses syntax Node.js cannot strip.',
  message: (file: string, detail: string) =>
    `${file} uses TypeScript syntax that Node.js's type stripping cannot erase (${detail}). Write it as types-only TypeScript: an \`enum\` as a \`const\` object (\`as const\`) with a union type, a \`namespace\` as module exports, a constructor parameter property (\`constructor(private x: T)\`) as a field assigned in the constructor.`,
  hint: 'Or run the app under a TypeScript loader (`node --import tsx app.js`), or with `node --experimental-transform-types`.',
});

export const TypeScriptModuleInCommonJS = entry({
  name: 'TypeScriptModuleInCommonJS',
  title: 'A TypeScript module is loaded as CommonJS.',
  message: (file: string) =>
    `${file} uses \`import\`/\`export\`, but the nearest package.json says \`"type": "commonjs"\`, so Node.js loads it as CommonJS and fails on that syntax. Set \`"type": "module"\` in that package.json (as Astro projects do).`,
  hint: 'Or run the app under a TypeScript loader (`node --import tsx app.js`), which loads either module syntax.',
});

export const RewriteWithBodyUsed = entry({
  name: 'RewriteWithBodyUsed',
  title: 'Cannot use Astro.rewrite after the request body has been read',
  message:
    'Astro.rewrite() cannot be used if the request body has already been read. If you need to read the body, first clone the request.',
  hint: 'Read the body from `context.request.clone()` in code that may rewrite afterwards.',
});

export const AstroResponseHeadersReassigned = entry({
  name: 'AstroResponseHeadersReassigned',
  title: '`Astro.response.headers` must not be reassigned.',
  message:
    'Individual headers can be added to and removed from `Astro.response.headers`, but it must not be replaced with another instance of `Headers` altogether.',
  hint: 'Consider using `Astro.response.headers.add()`, and `Astro.response.headers.delete()`.',
});

export const InvalidPageResult = entry({
  name: 'InvalidPageResult',
  title: 'The page did not return content.',
  message: (route: string, got: string) =>
    `The page '${route}' returned ${got}. A page must return a string (HTML), a \`Response\`, a \`ReadableStream\` or an async iterable of strings or bytes.`,
});

export const InvalidAction = entry({
  name: 'InvalidAction',
  title: 'Invalid action.',
  message: (reason: string) => `The action is invalid: ${reason}.`,
  hint: "Define actions with `defineAction({ input, handler })` and call them with `context.callAction(action, input)` (or `action.orThrow`).",
});

export const ActionCalledFromServerError = entry({
  name: 'ActionCalledFromServerError',
  title: 'Action called from server code without a context.',
  message: 'An action was called directly from server code. Server code calls actions through `context.callAction(action, input)`, which gives them the request context.',
  hint: 'Write `await context.callAction(actions.like, input)` (or `context.callAction(actions.like.orThrow, input)` to throw on errors).',
});

export const ActionsReturnedInvalidDataError = entry({
  name: 'ActionsReturnedInvalidDataError',
  title: 'Action handler returned invalid data.',
  message: (error: string) =>
    `Action handler returned invalid data. Handlers should return serializable data types like objects, arrays, strings, and numbers. Parse error: ${error}`,
  hint: 'Return plain data (devalue handles Dates, Maps, Sets, URLs, BigInts); to redirect or send a Response, use an endpoint or redirect where the action is called.',
  status: 500,
});

export const ActionsCantBeLoaded = entry({
  name: 'ActionsCantBeLoaded',
  title: "The actions file can't be loaded.",
  message: (file: string, reason: string) => `The actions file '${file}' could not be loaded: ${reason}.`,
  hint: 'Export your actions as `export const server = { name: defineAction({ … }) }` from `src/actions/index.{ts,js,mjs}`.',
});

export const SessionStorageInitError = entry({
  name: 'SessionStorageInitError',
  title: 'Session storage could not be initialized.',
  message: (error: string, driver?: string) =>
    `Error when initializing session storage${driver ? ` with driver \`${driver}\`` : ''}. \`${error ?? ''}\``,
  hint: (error: string, driver?: string) =>
    driver === 'redis' && /ioredis/.test(String(error))
      ? 'The Redis driver needs the `ioredis` package (an optional peer dependency): `npm install ioredis`.'
      : 'Check the `session` option (`driver`, `options`). Stored data that cannot be read is removed, and the session starts afresh.',
});

export const SessionStorageSaveError = entry({
  name: 'SessionStorageSaveError',
  title: 'Session data could not be saved.',
  message: (error: string, driver?: string) =>
    `Error when saving session data${driver ? ` with driver \`${driver}\`` : ''}. \`${error ?? ''}\``,
  hint: 'Session values must be serializable by devalue (objects, arrays, Date, Map, Set, URL, BigInt, RegExp…): https://github.com/rich-harris/devalue',
});

export const SessionStorageUnavailable = entry({
  name: 'SessionStorageUnavailable',
  title: 'The session storage is unavailable.',
  message: (driver: string, operation: string, reason: string) =>
    `The session storage (driver \`${driver}\`) failed to ${operation}: ${reason}. The request was not completed, so no session change was reported as saved.`,
  hint: 'Check that the storage (e.g. the Redis server in `session.options.url`) is running and reachable; sessions work again as soon as it answers. `session.timeout` sets how long (ms) each storage call may take.',
  status: 503,
});

export const MissingLocaleError = entry({
  name: 'MissingLocaleError',
  title: 'The provided locale does not exist.',
  message: (locale: string) => `The locale/path \`${locale}\` does not exist in the configured \`i18n.locales\`.`,
  hint: 'Pass a string locale or one of the `codes` of an object locale from `i18n.locales`.',
});

export const i18nNoLocaleFoundInPath = entry({
  name: 'i18nNoLocaleFoundInPath',
  title: "The path doesn't contain any locale",
  message:
    "You tried to use an i18n utility on a path that doesn't contain any locale. You can use `pathHasLocale` first to determine if the path has a locale.",
});

export const IncorrectStrategyForI18n = entry({
  name: 'IncorrectStrategyForI18n',
  title: "You can't use the current function with the current strategy",
  message: (functionName: string) =>
    `The function \`${functionName}\` can only be used when the \`i18n.routing.strategy\` is set to \`"manual"\`.`,
  hint: "Set `i18n.routing` to `'manual'` to route locales yourself; otherwise the built-in i18n middleware already does this.",
});

export const HostNextCalledTwice = entry({
  name: 'HostNextCalledTwice',
  title: "The host app's next handlers ran twice.",
  message: (host: string) => `${host} can run its next handlers only once per request.`,
  hint: 'Call `next()` once per request and keep its `Response`; to render another path, use `context.rewrite()` (astro-bridge routes) or redirect.',
});


export const ResponseSentFirst = entry({
  name: 'ResponseSentFirst',
  title: 'The request body was read after the response went out.',
  // No hint: the message is what a handler's body read rejects with, read as is.
  message: 'The response was sent before the request body was read.',
});

export const CookieSignerMissing = entry({
  name: 'CookieSignerMissing',
  title: 'A signed cookie needs a secret.',
  message: (cookieName: string) =>
    `cookies.set(${JSON.stringify(cookieName)}, …, { signed: true }) needs a secret to sign with, and none is configured. ` +
    'Express: install cookie-parser with a secret before astro-bridge (app.use(cookieParser(secret))). ' +
    "Koa: set the app's keys (app.keys = ['a secret']).",
});


export const InvalidSessionKey = entry({
  name: 'InvalidSessionKey',
  title: 'Invalid session storage key.',
  message: (key: string) => `Invalid key: ${JSON.stringify(key)}`,
  hint: 'Session keys must not contain `..` path segments (the fs driver maps keys to files).',
  status: 400,
});

/**
 * Errors thrown as built-in classes, their stable catalog name in `code` (Node's convention:
 * `err.code === 'ERR_INVALID_ARG_TYPE'`): `TypeError` for an invalid argument, as in Node's and
 * the `cookie` package's APIs, and a plain `Error` where Astro throws one.
 */
export const BuiltIn = {
  ConstructorWithoutNew: entry({
    name: 'ConstructorWithoutNew',
    title: 'A class constructor called without `new`.',
    // The engine's own wording for a class constructor called as a function.
    message: (name: string) => `Class constructor ${name} cannot be invoked without 'new'`,
    type: 'TypeError',
  }),
  InvalidCookieValue: entry({
    name: 'InvalidCookieValue',
    title: 'Invalid cookie value.',
    message: (value: string) => `A cookie value cannot be ${value}: pass a string, a number, a boolean or an object.`,
    type: 'TypeError',
  }),
  InvalidCookieSecret: entry({
    name: 'InvalidCookieSecret',
    title: 'Invalid cookie secret.',
    message: 'cookieParserSigner() needs a non-empty secret string, or a list of them.',
    type: 'TypeError',
  }),
  InvalidCookieJar: entry({
    name: 'InvalidCookieJar',
    title: 'Not a cookie jar.',
    message: 'cookies.merge() expects another AstroCookies jar.',
    type: 'TypeError',
  }),
  CookieValueMissing: entry({
    name: 'CookieValueMissing',
    title: 'The cookie has no value to parse.',
    // Astro's own error for `cookie.json()` on a missing cookie: a plain Error with this wording.
    message: 'Cannot convert undefined to an object.',
    type: 'Error',
    hint: 'Check `cookies.has(name)` (or that `cookies.get(name)` is defined) before calling `json()`.',
  }),
};
// ── Security (issue 18) ──────────────────────────────────────────────────────────────────────

export const InvalidRequestPath = entry({
  name: 'InvalidRequestPath',
  title: 'Invalid request path.',
  message: (path: string) =>
    `The request path ${JSON.stringify(path)} has no single safe spelling (invalid percent-encoding, an encoded control character or backslash, or a \`#\`), so it was refused rather than served.`,
  hint: 'The client sent a bad request; answer it with 400. Percent-encode `%` itself as `%25`.',
  status: 400,
});

export const PayloadTooLarge = entry({
  name: 'PayloadTooLarge',
  title: 'Request body too large.',
  message: (limit: number) =>
    `The request body is larger than the \`bodyLimit\` of ${limit} bytes, so reading it stopped and the connection is closed after this answer.`,
  hint: 'The client sent too much; answer it with 413. Raise `bodyLimit` (bytes; `Infinity` for no limit) for routes that take large uploads.',
  status: 413,
});

export const InvalidRequestBody = entry({
  name: 'InvalidRequestBody',
  title: 'The request body could not be parsed.',
  message: (method: string, reason: string) =>
    `request.${method}() could not parse the request body: ${reason}. The client sent a body that is not what its Content-Type says.`,
  hint: 'The client sent a bad request; answer it with 400. Catch the error to answer differently.',
  status: 400,
});

export const IncompleteRequestBody = entry({
  name: 'IncompleteRequestBody',
  title: 'The request body ended early.',
  message: 'The client closed the connection before the request body ended.',
  hint: 'Nothing to fix on the server: the client left (or its connection broke) mid-upload. Hosts answer 400 if the socket is still open.',
  status: 400,
});

// Prerendering (`prerender`, `getStaticPaths`, `astro-bridge build`). `at` names the route and,
// when it was discovered, its file: "the route '/posts/[id]' (src/pages/posts/[id].ts)".
const GET_STATIC_PATHS_DOCS = 'See https://docs.astro.build/en/reference/routing-reference/#getstaticpaths for more information on `getStaticPaths()`.';

export const GetStaticPathsRequired = entry({
  name: 'GetStaticPathsRequired',
  title: '`getStaticPaths()` function required for dynamic routes.',
  message: (at: string) =>
    `\`getStaticPaths()\` function is required for dynamic routes: ${at} is prerendered but does not export one. Make sure that you \`export\` a \`getStaticPaths()\` function from your dynamic route.`,
  hint: 'If you meant for this route to be rendered on demand, set `export const prerender = false;` in the route module.',
});

export const InvalidGetStaticPathsReturn = entry({
  name: 'InvalidGetStaticPathsReturn',
  title: 'Invalid value returned by `getStaticPaths()`.',
  message: (at: string, got: string) => `Invalid type returned by \`getStaticPaths()\` of ${at}. Expected an \`array\`, got \`${got}\`.`,
  hint: GET_STATIC_PATHS_DOCS,
});

export const InvalidGetStaticPathsEntry = entry({
  name: 'InvalidGetStaticPathsEntry',
  title: "Invalid entry inside `getStaticPaths()`'s return value.",
  message: (at: string, got: string) => `Invalid entry returned by \`getStaticPaths()\` of ${at}. Expected an object, got \`${got}\`.`,
  hint: "If you're using a `.map` call, you might be looking for `.flatMap()` instead.",
});

export const InvalidGetStaticPathParam = entry({
  name: 'InvalidGetStaticPathParam',
  title: 'Invalid value returned by a route from `getStaticPaths()`.',
  message: (at: string, got: string) =>
    `Invalid \`params\` value returned by \`getStaticPaths()\` of ${at}. Expected an \`object\`, got \`${got}\`.`,
  hint: GET_STATIC_PATHS_DOCS,
});

export const GetStaticPathsExpectedParams = entry({
  name: 'GetStaticPathsExpectedParams',
  title: 'Missing params property on `getStaticPaths()` route.',
  message: (at: string) => `Missing or empty required \`params\` property on an entry returned by \`getStaticPaths()\` of ${at}.`,
  hint: GET_STATIC_PATHS_DOCS,
});

export const GetStaticPathsInvalidRouteParam = entry({
  name: 'GetStaticPathsInvalidRouteParam',
  title: 'Invalid route parameter returned by `getStaticPaths()`.',
  message: (at: string, key: string, value: unknown, type: string) =>
    `Invalid \`getStaticPaths()\` route parameter for \`${key}\` of ${at}. Expected a string or undefined, received \`${type}\` (\`${String(value)}\`).`,
  hint: 'Params are parts of the URL: convert numbers with `String(n)`. ' + GET_STATIC_PATHS_DOCS,
});

export const GetStaticPathsMissingParam = entry({
  name: 'GetStaticPathsMissingParam',
  title: 'A route parameter is missing from a `getStaticPaths()` entry.',
  message: (at: string, key: string) =>
    `An entry returned by \`getStaticPaths()\` of ${at} has no value for the parameter \`${key}\`. Only a \`[...rest]\` parameter may be undefined.`,
  hint: GET_STATIC_PATHS_DOCS,
});

export const PageNumberParamNotFound = entry({
  name: 'PageNumberParamNotFound',
  title: 'Page number param not found.',
  message: (at: string, paramName: string) => `[paginate()] page number param \`${paramName}\` not found in ${at}.`,
  hint: 'Rename your file to `[page].ts` or `[...page].ts`.',
});

export const InvalidPrerenderExport = entry({
  name: 'InvalidPrerenderExport',
  title: 'Invalid `prerender` or `getStaticPaths` export.',
  message: (at: string, what: string) => `${at} exports ${what}.`,
  hint: 'Export `prerender` as `true` or `false`, and `getStaticPaths` as a function returning `{ params, props }` entries.',
});

export const PrerenderClientAddressNotAvailable = entry({
  name: 'PrerenderClientAddressNotAvailable',
  title: '`Astro.clientAddress` cannot be used inside prerendered routes.',
  message: (route: string) => `\`Astro.clientAddress\` cannot be used inside prerendered route ${route}.`,
  hint: 'A prerendered route is rendered once, at build time, without a client. Set `export const prerender = false;` to render it on demand.',
});

export const PrerenderDynamicEndpointPathCollide = entry({
  name: 'PrerenderDynamicEndpointPathCollide',
  title: 'Prerendered dynamic endpoint has path collision.',
  message: (at: string, pathname: string) =>
    `Could not render \`${pathname}\` of ${at} with an \`undefined\` param as the generated path will collide during prerendering. Prevent passing \`undefined\` as \`params\` for the endpoint's \`getStaticPaths()\` function, or add an additional extension to the endpoint's filename.`,
});

export const PrerenderPathOutsideOutDir = entry({
  name: 'PrerenderPathOutsideOutDir',
  title: 'A prerendered path would be written outside `outDir`.',
  message: (at: string, pathname: string) =>
    `The path \`${pathname}\` of ${at} contains \`..\` or \`.\` segments (or a backslash or NUL); its file would not land where the URL points.`,
  hint: 'Return params from `getStaticPaths()` that are plain path segments.',
});

export const BuildConfigCantBeLoaded = entry({
  name: 'BuildConfigCantBeLoaded',
  title: "Can't load the astro-bridge config.",
  message: (file: string, reason: string) => `An error was thrown while loading ${file}: ${reason}`,
  hint: 'The config file exports the renderer options: `export default { root, routes, prerender, outDir, build: { format } }`.',
});

export const MiddlewareNotFound = entry({
  name: 'MiddlewareNotFound',
  title: 'No middleware where it was expected.',
  message: (root: string) =>
    `\`middleware: true\` asks for middleware, but none of src/middleware.{ts,js,mjs} or src/middleware/index.{ts,js,mjs} exists under ${root}. Every request fails until it does, rather than run unguarded.`,
  hint: 'Check `root` (the folder that holds `src/`), or create the file with an `onRequest` export.',
});

export const RequestTimeout = entry({
  name: 'RequestTimeout',
  title: 'The request took too long.',
  message: (timeout: number) =>
    `No response within the \`timeout\` of ${timeout} ms (middleware, the route or the host app behind it never answered), so the request was answered 503.`,
  hint: 'Find the middleware or handler that never resolves (a missing `return next()`, an unanswered promise), or raise `timeout`.',
  status: 503,
});
