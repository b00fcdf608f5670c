import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { close, expressOf, koaOf, listen, type HostApp } from '../helpers/hosts';
import { renderer as expressRenderer } from '../../lib/hosts/express/index';
import { renderer as koaRenderer } from '../../lib/hosts/koa/index';
import type { MiddlewareHandler, RendererOptions } from '../../lib/types';

export { EXPRESS_HOSTS, FRAMEWORK_HOSTS, KOA_HOSTS } from '../helpers/hosts';
export type Framework = 'express4' | 'express5' | 'koa2' | 'koa3';

// Structural slices of the frameworks' objects, enough for the host handlers in these tests.
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

export function isExpress(host: Framework): host is 'express4' | 'express5' {
  return host === 'express4' || host === 'express5';
}

export interface HostOptions {
  /** Express: `app.use(mountPath, renderer())`. */
  mountPath?: string;
  /** Host middleware before the renderer. */
  before?: (app: HostApp) => void;
  /** Host handlers after the renderer. */
  after?: (app: HostApp) => void;
  /** Express: add the framework's default 404/error handling only (no catch-all, no error handler). Koa: no error middleware. */
  bare?: boolean;
}

export interface Running {
  base: string;
  server: http.Server;
  app: HostApp;
  close(): Promise<void>;
}

/**
 * An Express or Koa app: `before` hooks, the renderer (with `options`), `after` hooks, and —
 * unless `bare` — an error handler that answers `host error: <message>` with the error's
 * status (Express: 4-arity handler; Koa: outermost try/catch). Listening on 127.0.0.1.
 */
export async function start(host: Framework, options: RendererOptions, extra: HostOptions = {}): Promise<Running> {
  let app: HostApp;
  let server: http.Server;
  if (isExpress(host)) {
    const express = expressOf(host);
    app = express();
    extra.before?.(app);
    if (extra.mountPath) app.use(extra.mountPath, expressRenderer(options));
    else app.use(expressRenderer(options));
    extra.after?.(app);
    if (!extra.bare) {
      app.use((err: Error & { status?: number }, _req: unknown, res: http.ServerResponse, _next: unknown) => {
        res.statusCode = err.status ?? 500;
        res.setHeader('content-type', 'text/plain');
        res.end(`host error: ${err.message}`);
      });
    }
    server = http.createServer(app);
  } else {
    const Koa = koaOf(host);
    app = new Koa();
    app.silent = true;
    if (!extra.bare) {
      app.use(async (ctx: KoaCtx, next: KoaNext) => {
        try {
          await next();
        } catch (err) {
          const e = err as Error & { status?: number };
          ctx.status = e.status ?? 500;
          ctx.body = `host error: ${e.message}`;
        }
      });
    }
    extra.before?.(app);
    app.use(koaRenderer(options));
    extra.after?.(app);
    server = http.createServer(app.callback());
  }
  const base = await listen(server);
  return { base, server, app, close: () => close(server) };
}

/**
 * A host route on either framework: Express `app.all(path, handler)`; Koa a middleware that
 * runs `handler` for `path` (exact) and otherwise goes on downstream.
 */
export function expressRoute(app: HostApp, path: string, handler: (req: ExpressReq, res: ExpressRes, next: (err?: unknown) => void) => unknown): void {
  app.all(path, handler);
}

export function koaRoute(app: HostApp, path: string, handler: (ctx: KoaCtx, next: KoaNext) => unknown): void {
  app.use(async (ctx: KoaCtx, next: KoaNext) => {
    if (ctx.path === path) return handler(ctx, next);
    return next();
  });
}

/** Astro middleware that redacts `PRIVATE INFO` from every response (the guide's example). */
export const redact: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  const html = await response.text();
  const redacted = html.replaceAll('PRIVATE INFO', 'REDACTED');
  return new Response(redacted, { status: response.status, headers: response.headers });
};

/** A raw request over a fresh socket; resolves with status line, headers (repeats kept) and the raw body. */
export function rawRequest(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: [string, string][]; body: Buffer; raw: string }> {
  const { port } = new URL(base);
  const head = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''].join('\r\n');
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), '127.0.0.1', () => socket.write(head));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      const [statusLine = '', ...lines] = all.subarray(0, split).toString('latin1').split('\r\n');
      const parsed: [string, string][] = lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      });
      resolve({ status: Number(statusLine.split(' ')[1]), headers: parsed, body: all.subarray(split + 4), raw: all.toString('latin1') });
    });
  });
}

/** Every value of a header in a raw response. */
export function values(headers: [string, string][], name: string): string[] {
  return headers.filter(([n]) => n === name).map(([, v]) => v);
}

/**
 * A producer of `total` chunks of `size` bytes (chunk i filled with byte `i % 251`), counting
 * how many were pulled and noting when it was destroyed.
 */
export function counted(total: number, size: number): { stream: Readable; pulled: () => number; destroyed: Promise<void> } {
  let pulled = 0;
  let onDestroyed!: () => void;
  const destroyed = new Promise<void>((resolve) => (onDestroyed = resolve));
  const stream = new Readable({
    highWaterMark: size,
    read() {
      if (pulled === total) return void this.push(null);
      this.push(Buffer.alloc(size, pulled % 251));
      pulled++;
    },
    destroy(err, cb) {
      onDestroyed();
      cb(err);
    },
  });
  return { stream, pulled: () => pulled, destroyed };
}

/** Checks a body produced by `counted(total, size)`: length and every chunk's fill byte. */
export function checkCounted(body: Buffer, total: number, size: number): void {
  expect(body.length).toBe(total * size);
  for (let i = 0; i < total; i++) {
    const at = i * size;
    if (body[at] !== i % 251 || body[at + size - 1] !== i % 251) throw new Error(`chunk ${i} is corrupt`);
  }
}

/** Resolves once `value()` stops changing for `quietMs` (polled), with the settled value. */
export async function settle(value: () => number, quietMs = 150): Promise<number> {
  let last = value();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = value();
    if (now === last) return now;
    last = now;
  }
}
