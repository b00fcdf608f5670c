// Errors that teach: the hint is part of the message (so Express's default error page and
// Koa's default log show it), the handler that broke the middleware contract is named, and
// discovery errors name the file.
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import request from 'supertest';
import * as catalog from '../../lib/core/errors/catalog';
import { createError } from '../../lib/core/errors/errors';
import { Pipeline } from '../../lib/core/pipeline/pipeline';
import { defineMiddleware, sequence } from '../../lib/index';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import { createRequestListener } from '../../lib/hosts/node';
import { describeEachHost, expressOf, isExpress, isKoa, koaOf, mount, type NodeApp } from '../helpers/hosts';
import type { MiddlewareHandler, RendererOptions } from '../../lib/types';

const root = path.resolve(__dirname, '../..');
const fixture = (name: string) => path.join(__dirname, '..', 'fixtures', name);
const routes = { '/page': { GET: () => new Response('page') } };

// Declared in this file on purpose: the errors must point here.
const stamp = defineMiddleware((_context, next) => next());
const returnsAString = defineMiddleware(function returnsAString() {
  return 'oops' as unknown as Response;
});
const forgetsNext: MiddlewareHandler = async function forgetsNext() {
  return undefined as unknown as Response;
};

describe('the hint is part of the message', () => {
  it('for a developer error: message, then a Hint line, which the stack shows too', () => {
    const error = createError(catalog.RouteCollision, '/[a]', '/[b]');
    expect(error.message).toBe(
      "The routes '/[a]' and '/[b]' match exactly the same URLs, so one of them could never be reached.\nHint: Remove one of them, or make their static segments differ.",
    );
    expect(error.stack).toContain('Hint: Remove one of them');
    expect(error.hint).toBe('Remove one of them, or make their static segments differ.');
  });

  it('not for a client error, whose message is sent to the client as it is', () => {
    const error = createError(catalog.MalformedHost, 'bad host');
    expect(error.message).toBe('The request\'s Host header "bad host" is not a valid host.');
    expect(error.hint).toBeDefined();
  });
});

// The host's own error reporting, with no error handler of ours.
describeEachHost('the hint in the default error report of %s', (host) => {
  if (isExpress(host)) {
    it('the default error page shows the hint and names the handler', async () => {
      const express = expressOf(host);
      const app = express();
      app.use(expressRenderer({ routes, middleware: sequence(stamp, returnsAString) }));
      // No error handler of ours: Express's own (finalhandler) renders the page.
      const res = await request(app).get('/page').expect(500);
      expect(res.text).toContain('MiddlewareNotAResponse: The middleware `returnsAString` (handler 2 of 2 in the sequence() at ');
      expect(res.text).toContain(`${__filename}:`);
      expect(res.text).toContain('Hint: Return the `Response` from `next()`');
    });
    return;
  }
  // Koa's default error log, and the node:http listener's (the default logger is console).
  it('the default error log shows the hint', async () => {
    const logged: string[] = [];
    const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    try {
      if (isKoa(host)) {
        const Koa = koaOf(host);
        const app = new Koa();
        app.use(koaRenderer({ routes, middleware: forgetsNext }));
        await request(app.callback()).get('/page').expect(500);
      } else {
        const listener = createRequestListener({ routes, middleware: forgetsNext });
        await request(http.createServer((req, res) => listener(req, res))).get('/page').expect(500);
      }
    } finally {
      spy.mockRestore();
    }
    const log = logged.join('\n');
    expect(log).toContain('MiddlewareNoDataOrNextCalled: The middleware `forgetsNext` returned nothing');
    expect(log).toContain('Hint: End every middleware with `return next()`');
  });
});

describeEachHost('a middleware error names the handler on %s', (host) => {
  // The error as the host's error handling receives it.
  const run = async (options: RendererOptions) => {
    let seen: Error | undefined;
    const server = mount(host, { routes, ...options }, {
      errors: 'none',
      fallThrough: false,
      before: (app) => {
        if (isKoa(host)) {
          app.use(async (ctx: { status: number }, next: () => Promise<void>) => {
            try {
              await next();
            } catch (err) {
              seen = err as Error;
              ctx.status = 500;
            }
          });
        } else if (!isExpress(host)) {
          (app as NodeApp).onError = (err, _req, res) => {
            seen = err as Error;
            res.writeHead(500).end();
          };
        }
      },
      after: (app) => {
        if (!isExpress(host)) return;
        app.use((err: Error, _req: unknown, res: { status(n: number): { end(): void } }, _next: unknown) => {
          seen = err;
          res.status(500).end();
        });
      },
    });
    await request(server).get('/page').expect(500);
    return seen!;
  };

  it('by name, position in sequence() and the line that called sequence() and defineMiddleware()', async () => {
    const error = await run({ middleware: sequence(stamp, stamp, returnsAString) });
    expect(error.name).toBe('MiddlewareNotAResponse');
    expect(error.message).toMatch(
      /^The middleware `returnsAString` \(handler 3 of 3 in the sequence\(\) at .*hints\.test\.ts:\d+:\d+; defined at .*hints\.test\.ts:\d+:\d+\) returned a string/,
    );
  });

  it('an anonymous handler given directly still gets its name or "an anonymous function"', async () => {
    expect((await run({ middleware: forgetsNext })).message).toMatch(/^The middleware `forgetsNext` returned nothing/);
    const anonymous = [() => 42 as unknown as Response][0]!;
    expect((await run({ middleware: anonymous })).message).toMatch(/^The middleware an anonymous function returned /);
  });

  it('a discovered onRequest names its file', async () => {
    const error = await run({ root: fixture('middleware-returns-string') });
    const file = path.join(fixture('middleware-returns-string'), 'src', 'middleware.js');
    expect(error.message).toContain(`The middleware \`badGuard\` (exported as onRequest by ${file}) returned a string`);
  });
});

describe('discovery errors name the file', () => {
  it('a route module that exports nothing usable: InvalidRouteModule prefixed with its path', async () => {
    const pipeline = new Pipeline({ root: fixture('bad-route') });
    const error = await pipeline.ready.then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error?.name).toBe('InvalidRouteModule');
    expect(error?.message).toMatch(new RegExp(`^${path.join(fixture('bad-route'), 'src', 'pages', 'empty.js').replace(/[.\\]/g, '\\$&')}: The module for the route '/empty'`));
    expect(error?.message).toContain('\nHint: Export at least one HTTP method handler');
  });
});

describe('the Redis driver without ioredis', () => {
  it('SessionStorageInitError says to install ioredis (and only then)', () => {
    const missing = createError(catalog.SessionStorageInitError, "The driver module could not be found: Cannot find module 'ioredis'", 'redis');
    expect(missing.hint).toBe('The Redis driver needs the `ioredis` package (an optional peer dependency): `npm install ioredis`.');
    expect(missing.message).toContain('\nHint: The Redis driver needs the `ioredis` package');
    expect(createError(catalog.SessionStorageInitError, 'bad data', 'redis').hint).toMatch(/^Check the `session` option/);
  });
});

describe('two files for one route', () => {
  it('RouteCollision names both files', async () => {
    const pipeline = new Pipeline({ root: fixture('duplicate-route') });
    const error = await pipeline.ready.then(
      () => undefined,
      (e: Error) => e,
    );
    const pages = path.join(fixture('duplicate-route'), 'src', 'pages');
    expect(error?.name).toBe('RouteCollision');
    // In the order discovery walks the folder (sorted names: `about` before `about.js`).
    expect(error?.message).toContain(`${path.join(pages, 'about', 'index.js')} and ${path.join(pages, 'about.js')}: The routes '/about' and '/about'`);
  });
});

describe('a module-system mismatch gets the fix as its hint', () => {
  it.each([
    ['Cannot use import statement outside a module', /Rename it to `\.mjs`, or add `"type": "module"`/],
    ["Unexpected token 'export'", /Rename it to `\.mjs`, or add `"type": "module"`/],
    ['require is not defined in ES module scope, you can use import instead', /Write `import`\/`export` instead/],
  ])('%s', (reason, hint) => {
    expect(createError(catalog.MiddlewareCantBeLoaded, '/app/src/middleware.js', reason).hint).toMatch(hint);
    expect(createError(catalog.RouteCantBeLoaded, '/app/src/pages/x.js', reason).hint).toMatch(hint);
  });

  it('any other load failure: the general advice', () => {
    expect(createError(catalog.MiddlewareCantBeLoaded, '/app/src/middleware.js', 'boom').hint).toMatch(/^Fix the error in the middleware file/);
    expect(createError(catalog.RouteCantBeLoaded, '/app/src/pages/x.js', 'boom').hint).toMatch(/^Fix the error in the route module/);
  });

  it('the README headline snippet (CommonJS server.js, ESM src/middleware.js) in a real node process', () => {
    // Outside jest (which would transpile the ESM file): Node itself loads the middleware.
    const out = execFileSync(process.execPath, [path.join(fixture('esm-in-cjs'), 'server.js')], {
      cwd: fixture('esm-in-cjs'),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'], // Express logs the error too: not this test's output
      env: { ...process.env, NODE_ENV: 'development', EXPRESS_PATH: require.resolve('express5'), ASTRO_BRIDGE_EXPRESS: path.join(root, 'dist', 'express.js') },
    });
    const { status, body } = JSON.parse(out) as { status: number; body: string };
    // `npm init` writes "type": "commonjs", which turns off Node's ESM syntax detection.
    expect(status).toBe(500);
    expect(body).toContain('MiddlewareCantBeLoaded');
    expect(body).toMatch(/Unexpected token &#39;export&#39;|Cannot use import statement outside a module/);
    expect(body).toContain('Rename it to `.mjs`, or add `&quot;type&quot;: &quot;module&quot;`');
  });
});
