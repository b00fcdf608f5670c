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
  hint: 'Or compile src/ to JavaScript and point `root` at the output.',
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

export const ActionsNotConfigured = entry({
  name: 'ActionsNotConfigured',
  title: 'Actions are not configured.',
  message: '`callAction()` was called, but actions are not available in this version of astro-bridge yet.',
  hint: 'Call the action handler directly for now.',
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
