import type http from 'node:http';
import type { HostApp } from './matrix';
import type { NodeApp } from './node-app';

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
