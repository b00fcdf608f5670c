import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import { createRequestListener, type RequestListenerOptions } from '../../lib/hosts/node';
import type { RendererOptions } from '../../lib/types';

// The ONE host matrix of the suite: every test that mounts the renderer in a real host goes
// through `mount`/`serve` here, and loops over hosts with `describeEachHost`.

import { expressOf, isExpress, koaOf, type HostApp, type HostName } from './matrix';
import { NodeApp } from './node-app';

export * from './matrix';
export * from './node-app';
export * from './host-routes';

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
