import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import { createRequestListener, type RequestListenerOptions } from '../../lib/hosts/node';
import type { RendererOptions } from '../../lib/types';

// The ONE host matrix of the suite: every test that mounts the renderer in a real host goes
// through `mount`/`serve` here, and loops over hosts with `describeEachHost`.

/* eslint-disable @typescript-eslint/no-require-imports */
// Every supported major, installed side by side through npm aliases.
const express4 = require('express4');
const express5 = require('express5');
const koa2 = require('koa2');
const koa3 = require('koa3');
/* eslint-enable @typescript-eslint/no-require-imports */

export type HostName = 'express4' | 'express5' | 'koa2' | 'koa3' | 'node';
export type Framework = Exclude<HostName, 'node'>;
export type Family = 'express' | 'koa' | 'node';
export const EXPRESS_HOSTS = ['express4', 'express5'] as const;
export const KOA_HOSTS = ['koa2', 'koa3'] as const;
export const FRAMEWORK_HOSTS = [...EXPRESS_HOSTS, ...KOA_HOSTS] as const;
/** Every host, the plain node:http listener included: the columns of the matrix. */
export const ALL_HOSTS = [...FRAMEWORK_HOSTS, 'node'] as const;

export function isExpress(host: HostName): host is 'express4' | 'express5' {
  return host === 'express4' || host === 'express5';
}

export function isKoa(host: HostName): host is 'koa2' | 'koa3' {
  return host === 'koa2' || host === 'koa3';
}

export function familyOf(host: HostName): Family {
  return isExpress(host) ? 'express' : isKoa(host) ? 'koa' : 'node';
}

/** The Express constructor of a host name ('express4' | 'express5'). */
export function expressOf(host: HostName) {
  if (!isExpress(host)) throw new Error(`${host} is not an Express host`);
  return host === 'express4' ? express4 : express5;
}

/** The Koa constructor of a host name ('koa2' | 'koa3'). */
export function koaOf(host: HostName) {
  if (!isKoa(host)) throw new Error(`${host} is not a Koa host`);
  return host === 'koa2' ? koa2 : koa3;
}

/**
 * Why a column of the matrix does not run, keyed by host name or family (a host name wins).
 * The reason shows in jest's output as a skipped test, so no column is dropped silently.
 */
export type Skips = Partial<Record<HostName | Family, string>>;

/**
 * `describe` once per host of `hosts` (default: all five). `title` may hold `%s` for the host
 * name; without it ` on <host>` is appended. A host in `skip` gets one skipped test that names
 * the reason instead of the block.
 */
export function describeEachHost(
  title: string,
  fn: (host: HostName) => void,
  { hosts = ALL_HOSTS, skip = {} }: { hosts?: readonly HostName[]; skip?: Skips } = {},
): void {
  for (const host of hosts) {
    const name = title.includes('%s') ? title.replace('%s', host) : `${title} on ${host}`;
    const reason = skip[host] ?? skip[familyOf(host)];
    if (reason !== undefined) {
      describe(name, () => it.skip(`not on ${host}: ${reason}`, () => {}));
      continue;
    }
    describe(name, () => fn(host));
  }
}

/** An Express app, a Koa app or a `NodeApp`, as handed to `before`/`after` (tests branch on the host). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostApp = any;

export interface MountOptions {
  /** Trust proxies: Express `trust proxy`, Koa `app.proxy`, node `trustProxy`. */
  trustProxy?: boolean;
  /** Host body parsing before the renderer: 'json' | 'urlencoded' | 'text' | 'raw' (Express) or 'koa-bodyparser' | '@koa/bodyparser' (Koa). */
  parser?: string;
  /** Mount path (Express `app.use(path, …)`; Koa via a prefix-stripping middleware). Not on node. */
  mountPath?: string;
  /** Installs host middleware right before the renderer (after the parser); gets the host's app. */
  before?: (app: HostApp) => void;
  /** Installs the host's downstream routes right after the renderer (before the fall-through handler). */
  after?: (app: HostApp) => void;
  /**
   * A last handler answering 404 "host fall-through". Default: on Express and Koa. On node the
   * listener runs standalone (answering unmatched requests and errors itself) unless the test
   * gives it a host around it: `before`, `after` or `fallThrough: true`.
   */
  fallThrough?: boolean;
  /**
   * The host's own error handling around everything: `'named'` (default) answers
   * "host error: <name>: <message>", `'plain'` "host error: <message>" (text/plain), with the
   * error's `status` or 500; `'none'` leaves errors to the framework's defaults.
   */
  errors?: 'named' | 'plain' | 'none';
}

type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => unknown;
type NodeErrorHandler = (err: unknown, req: http.IncomingMessage, res: http.ServerResponse) => unknown;

/**
 * The node:http host's "app": a connect-style stack (`use`, `all`) that the listener is one
 * middleware of, so tests can put host handlers downstream of it as on Express.
 */
export class NodeApp {
  private readonly stack: NodeHandler[] = [];
  onError: NodeErrorHandler | undefined;

  use(handler: NodeHandler): this {
    this.stack.push(handler);
    return this;
  }

  /** Runs `handler` for requests whose path is exactly `path`. */
  all(path: string, handler: NodeHandler): this {
    return this.use((req, res, next) => (new URL(req.url ?? '/', 'http://x').pathname === path ? handler(req, res, next) : next()));
  }

  readonly handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    let index = 0;
    const next = (err?: unknown): void => {
      if (err !== undefined) return this.fail(err, req, res);
      const handler = this.stack[index++];
      if (handler === undefined) {
        // With its length, as Express's finalhandler and Koa answer their own 404.
        res.writeHead(404, { 'content-length': '9' }).end('Not Found');
        return;
      }
      try {
        const result = handler(req, res, next);
        if (result instanceof Promise) result.catch(next);
      } catch (error) {
        next(error);
      }
    };
    next();
  };

  private fail(err: unknown, req: http.IncomingMessage, res: http.ServerResponse): void {
    if (this.onError) return void this.onError(err, req, res);
    if (res.headersSent) return void res.destroy();
    res.statusCode = 500;
    res.end('Internal Server Error');
  }
}

/** The error page the host answers with, per `MountOptions.errors`. */
function errorText(style: 'named' | 'plain', err: Error): string {
  return style === 'named' ? `host error: ${err.name}: ${err.message}` : `host error: ${err.message}`;
}

/** A mounted host: the server, the host's `app`, and the renderer (`bridge.close()` releases its session storage). */
export type Mounted = http.Server & { app: HostApp; bridge: { close(): Promise<void> } };

/**
 * A plain `http.Server` running `options` in `host`, with the extras of `MountOptions`. Pass it
 * to supertest, or use `serve` to listen; close it after.
 */
export function mount(host: HostName, options: RendererOptions, extra: MountOptions = {}): Mounted {
  const errors = extra.errors ?? 'named';
  if (host === 'node') return mountNode(options, extra, errors);
  if (isExpress(host)) {
    const express = expressOf(host);
    const app = express();
    if (extra.trustProxy) app.set('trust proxy', true);
    if (extra.parser === 'json') app.use(express.json());
    if (extra.parser === 'urlencoded') app.use(express.urlencoded({ extended: true }));
    if (extra.parser === 'text') app.use(express.text());
    if (extra.parser === 'raw') app.use(express.raw());
    extra.before?.(app);
    const bridge = expressRenderer(options);
    if (extra.mountPath) app.use(extra.mountPath, bridge);
    else app.use(bridge);
    extra.after?.(app);
    if (extra.fallThrough ?? true) {
      app.use((_req: unknown, res: http.ServerResponse) => {
        res.statusCode = 404;
        res.end('host fall-through');
      });
    }
    if (errors !== 'none') {
      app.use((err: Error & { status?: number }, _req: unknown, res: http.ServerResponse, _next: unknown) => {
        res.statusCode = err.status ?? 500;
        if (errors === 'plain') res.setHeader('content-type', 'text/plain');
        res.end(errorText(errors, err));
      });
    }
    return Object.assign(http.createServer(app), { app, bridge });
  }
  const Koa = koaOf(host);
  const app = new Koa();
  if (extra.trustProxy) app.proxy = true;
  app.silent = true;
  if (errors !== 'none') {
    app.use(async (ctx: { status: number; body: unknown }, next: () => Promise<void>) => {
      try {
        await next();
      } catch (err) {
        const e = err as Error & { status?: number };
        ctx.status = e.status ?? 500;
        ctx.body = errorText(errors, e);
      }
    });
  }
  if (extra.parser === 'koa-bodyparser') app.use(require('koa-bodyparser')());
  if (extra.parser === '@koa/bodyparser') app.use(require('@koa/bodyparser').bodyParser({ enableTypes: ['json', 'form', 'text'] }));
  extra.before?.(app);
  const renderer = koaRenderer(options);
  const bridge = renderer as unknown as (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
  if (extra.mountPath) {
    const prefix = extra.mountPath;
    // What koa-mount does: strip the prefix from ctx.path for the mounted middleware.
    app.use(async (ctx: { path: string }, next: () => Promise<void>) => {
      if (ctx.path !== prefix && !ctx.path.startsWith(`${prefix}/`)) return next();
      const original = ctx.path;
      ctx.path = ctx.path.slice(prefix.length) || '/';
      try {
        await bridge(ctx, async () => {
          ctx.path = original;
          await next();
        });
      } finally {
        ctx.path = original;
      }
    });
  } else {
    app.use(bridge);
  }
  extra.after?.(app);
  if (extra.fallThrough ?? true) {
    app.use((ctx: { status: number; body: unknown }) => {
      ctx.status = 404;
      ctx.body = 'host fall-through';
    });
  }
  return Object.assign(http.createServer(app.callback()), { app, bridge: renderer });
}

function mountNode(options: RendererOptions, extra: MountOptions, errors: 'named' | 'plain' | 'none'): Mounted {
  if (extra.mountPath !== undefined) throw new Error('node:http has no mount path: skip this column with a reason');
  if (extra.parser !== undefined) throw new Error(`node:http has no body parser ${extra.parser}: skip this column with a reason`);
  const listenerOptions: RequestListenerOptions = { ...options, trustProxy: extra.trustProxy };
  const listener = createRequestListener(listenerOptions);
  const app = new NodeApp();
  const downstream = extra.after !== undefined || extra.before !== undefined || extra.fallThrough === true;
  if (!downstream) {
    // The standalone listener: it answers unmatched requests and errors itself.
    return Object.assign(
      http.createServer((req, res) => listener(req, res)),
      { app, bridge: listener },
    );
  }
  extra.before?.(app);
  app.use(listener);
  extra.after?.(app);
  if (extra.fallThrough ?? true) {
    app.use((_req, res) => {
      res.statusCode = 404;
      res.end('host fall-through');
    });
  }
  if (errors !== 'none') {
    app.onError = (err, _req, res) => {
      if (res.headersSent) return void res.destroy();
      const e = err as Error & { status?: number };
      res.statusCode = e.status ?? 500;
      if (errors === 'plain') res.setHeader('content-type', 'text/plain');
      res.end(errorText(errors, e));
    };
  }
  return Object.assign(http.createServer(app.handle), { app, bridge: listener });
}

export interface Served {
  server: http.Server;
  /** The host's app (Express, Koa or `NodeApp`). */
  app: HostApp;
  /** `http://127.0.0.1:<port>`: hand it to supertest (`request(base)`). */
  base: string;
  close(): Promise<void>;
}

/** Mounts `options` in `host` (see `mount`) and starts listening on 127.0.0.1. */
export async function serve(host: HostName, options: RendererOptions, extra?: MountOptions): Promise<Served> {
  const server = mount(host, options, extra);
  const base = await listen(server);
  return { server, app: server.app, base, close: () => close(server) };
}

/** Starts `server` on 127.0.0.1 and resolves its base URL. */
export async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `server`, cutting idle keep-alive sockets so jest exits cleanly. */
export async function close(server: http.Server): Promise<void> {
  server.closeAllConnections?.();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

// Structural slices of the hosts' objects, enough for the host handlers in these tests.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type ExpressReq = http.IncomingMessage & { url: string; path: string; originalUrl: string; baseUrl: string; [k: string]: any };
export type ExpressRes = http.ServerResponse & { locals: Record<string, any>; [k: string]: any };
export type KoaCtx = {
  path: string;
  url: string;
  originalUrl: string;
  method: string;
  status: number;
  message: string;
  body: any;
  state: Record<string, any>;
  res: http.ServerResponse;
  req: http.IncomingMessage;
  cookies: { set(name: string, value: string, opts?: object): void };
  set(name: string, value: string | string[]): void;
  get(name: string): string;
  fresh: boolean;
  throw(status: number, message?: string): never;
  [k: string]: any;
};
/* eslint-enable @typescript-eslint/no-explicit-any */
export type KoaNext = () => Promise<unknown>;

/** A host route on Express: `app.all(path, handler)`. */
export function expressRoute(app: HostApp, path: string, handler: (req: ExpressReq, res: ExpressRes, next: (err?: unknown) => void) => unknown): void {
  app.all(path, handler);
}

/** A host route on Koa: a middleware that runs `handler` for `path` (exact), else goes on downstream. */
export function koaRoute(app: HostApp, path: string, handler: (ctx: KoaCtx, next: KoaNext) => unknown): void {
  app.use(async (ctx: KoaCtx, next: KoaNext) => {
    if (ctx.path === path) return handler(ctx, next);
    return next();
  });
}

/**
 * A host route written against plain node:http `req`/`res` (`next(err)` to the error handler):
 * `app.all(path, handler)` on Express or on node:http's `NodeApp`.
 */
export function plainRoute(app: HostApp, path: string, handler: (req: http.IncomingMessage, res: http.ServerResponse, next: (err?: unknown) => void) => unknown): void {
  (app as NodeApp).all(path, handler);
}

/** Reads a request body to its end as UTF-8 text: what a node:http host route does by hand. */
export async function readText(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
