import type http from 'node:http';

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
