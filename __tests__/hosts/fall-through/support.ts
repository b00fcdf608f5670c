import type { MiddlewareHandler, RendererOptions } from '../../../lib/types';
import { serve, type HostName, type MountOptions, type Served } from '../../helpers/hosts';

/**
 * The hosts of these tests as an app writes them around the renderer: no catch-all of the test's
 * own (the framework's 404 answers), an error handler answering `host error: <message>` with the
 * error's status, or with `bare` the framework's default error handling.
 */
export function start(host: HostName, options: RendererOptions, { bare, ...extra }: MountOptions & { bare?: boolean } = {}): Promise<Served> {
  return serve(host, options, { ...extra, fallThrough: false, errors: bare ? 'none' : 'plain' });
}

/** Astro middleware that redacts `PRIVATE INFO` from every response (the guide's example). */
export const redact: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  const html = await response.text();
  const redacted = html.replaceAll('PRIVATE INFO', 'REDACTED');
  return new Response(redacted, { status: response.status, headers: response.headers });
};
