import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { close, listen } from './hosts';

// A plain node:http server around a bare handler: for the socket bridge's own tests (lib/node),
// which run no renderer and so need no host of the matrix.

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => unknown;

export interface PlainServer {
  server: http.Server;
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
}

const open = new Set<http.Server>();

/** A real `node:http` server on 127.0.0.1 running `handler`; closed by `closeAll()`. */
export async function serveHandler(handler: Handler | http.Server): Promise<PlainServer> {
  const server = handler instanceof http.Server ? handler : http.createServer((req, res) => void handler(req, res));
  open.add(server);
  const url = await listen(server);
  return { server, url, port: (server.address() as AddressInfo).port };
}

/** Closes every server `serveHandler()` started (call in `afterEach`). */
export async function closeAll(): Promise<void> {
  const servers = [...open];
  open.clear();
  await Promise.all(servers.map((s) => close(s)));
}
