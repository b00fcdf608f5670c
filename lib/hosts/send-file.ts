import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import send from 'send';

/** A built file to send: its directory, path (relative, `/`-separated) and Content-Type. */
export interface StaticFile {
  root: string;
  file: string;
  type: string | undefined;
}

/**
 * Sends a built file with `send` (what @astrojs/node uses): ETag, Last-Modified, 304 on
 * conditional requests, HEAD and byte ranges. Resolves `true` once the file was found (`onFile`
 * runs first, before any byte is written) and `false` when it is missing, having written nothing.
 * A refused request after that (412, 416) is answered with its status; a read failure ends the
 * response (destroying the socket when the head is already out).
 */
export function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  target: StaticFile,
  onFile?: () => void,
  onStream?: (stream: Readable) => void,
): Promise<boolean> {
  return new Promise((resolve) => {
    let found = false;
    // `send` decodes the path it is given: the file's own name is encoded once for it.
    const encoded = `/${target.file.split('/').map(encodeURIComponent).join('/')}`;
    const stream = send(req, encoded, { root: target.root, dotfiles: 'allow', index: false });
    stream.on('file', () => {
      found = true;
      onFile?.();
      resolve(true);
    });
    stream.on('headers', (out: ServerResponse) => {
      // The route's own Content-Type (recorded by the build), over `send`'s guess from the name.
      if (target.type !== undefined) out.setHeader('Content-Type', target.type);
    });
    if (onStream) stream.on('stream', onStream);
    stream.on('error', (error: Error & { statusCode?: number }) => {
      if (!found) return resolve(false);
      // Mid-body: the bytes cannot be taken back; the client must see a cut, not a short file.
      if (res.headersSent) return void res.destroy(error);
      const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
      res.statusCode = status;
      res.end();
    });
    stream.pipe(res);
  });
}
