import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import { createRequestListener, type RequestListenerOptions } from '../../lib/hosts/node';
import type { RendererOptions } from '../../lib/types';

/* eslint-disable @typescript-eslint/no-require-imports */
// Every supported major, installed side by side through npm aliases.
const express4 = require('express4');
const express5 = require('express5');
const koa2 = require('koa2');
const koa3 = require('koa3');
/* eslint-enable @typescript-eslint/no-require-imports */

export type HostName = 'express4' | 'express5' | 'koa2' | 'koa3' | 'node';
export const EXPRESS_HOSTS = ['express4', 'express5'] as const;
export const KOA_HOSTS = ['koa2', 'koa3'] as const;
export const FRAMEWORK_HOSTS = [...EXPRESS_HOSTS, ...KOA_HOSTS] as const;

export interface MountOptions {
  /** Trust proxies: Express `trust proxy`, Koa `app.proxy`, node `trustProxy`. */
  trustProxy?: boolean;
  /** Host body parsing before the renderer: 'json' | 'urlencoded' | 'text' | 'raw' (Express) or 'koa-bodyparser' | '@koa/bodyparser' (Koa). */
  parser?: string;
  /** Mount path (Express `app.use(path, …)`; Koa via a prefix-stripping middleware). */
  mountPath?: string;
  /** Installs host middleware right before the renderer (after the parser); gets the Express or Koa app. */
  before?: (app: HostApp) => void;
  /** Installs host routes right after the renderer (before the fall-through handler). */
  after?: (app: HostApp) => void;
}

/** An Express or Koa app, as handed to `before`/`after` (tests branch on the host name). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostApp = any;

/** The Express constructor of a host name ('express4' | 'express5'). */
export function expressOf(host: 'express4' | 'express5') {
  return host === 'express4' ? express4 : express5;
}

/** The Koa constructor of a host name ('koa2' | 'koa3'). */
export function koaOf(host: 'koa2' | 'koa3') {
  return host === 'koa2' ? koa2 : koa3;
}

/**
 * A plain `http.Server` running `options` in the given host, with a fall-through handler that
 * answers 404 "host fall-through" and an error handler that answers `err.status ?? 500` with
 * "host error: <name>: <message>". Pass the server to supertest; close it after.
 */
export function mount(host: HostName, options: RendererOptions, extra: MountOptions = {}): http.Server {
  if (host === 'node') {
    const listenerOptions: RequestListenerOptions = { ...options, trustProxy: extra.trustProxy };
    const listener = createRequestListener(listenerOptions);
    return http.createServer((req, res) => listener(req, res));
  }
  if (host === 'express4' || host === 'express5') {
    const express = expressOf(host);
    const app = express();
    if (extra.trustProxy) app.set('trust proxy', true);
    if (extra.parser === 'json') app.use(express.json());
    if (extra.parser === 'urlencoded') app.use(express.urlencoded({ extended: true }));
    if (extra.parser === 'text') app.use(express.text());
    if (extra.parser === 'raw') app.use(express.raw());
    extra.before?.(app);
    if (extra.mountPath) app.use(extra.mountPath, expressRenderer(options));
    else app.use(expressRenderer(options));
    extra.after?.(app);
    app.use((_req: unknown, res: http.ServerResponse) => {
      res.statusCode = 404;
      res.end('host fall-through');
    });
    app.use((err: Error & { status?: number }, _req: unknown, res: http.ServerResponse, _next: unknown) => {
      res.statusCode = err.status ?? 500;
      res.end(`host error: ${err.name}: ${err.message}`);
    });
    return http.createServer(app);
  }
  const Koa = koaOf(host);
  const app = new Koa();
  if (extra.trustProxy) app.proxy = true;
  app.silent = true;
  app.use(async (ctx: { status: number; body: unknown }, next: () => Promise<void>) => {
    try {
      await next();
    } catch (err) {
      const e = err as Error & { status?: number };
      ctx.status = e.status ?? 500;
      ctx.body = `host error: ${e.name}: ${e.message}`;
    }
  });
  if (extra.parser === 'koa-bodyparser') app.use(require('koa-bodyparser')());
  if (extra.parser === '@koa/bodyparser') app.use(require('@koa/bodyparser').bodyParser({ enableTypes: ['json', 'form', 'text'] }));
  extra.before?.(app);
  const bridge = koaRenderer(options) as unknown as (ctx: unknown, next: () => Promise<unknown>) => Promise<unknown>;
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
  app.use((ctx: { status: number; body: unknown }) => {
    ctx.status = 404;
    ctx.body = 'host fall-through';
  });
  return http.createServer(app.callback());
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
