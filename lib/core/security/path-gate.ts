import type { Pipeline } from '../pipeline/pipeline';
import { createError, type AstroBridgeError } from '../errors/errors';
import { InvalidRequestPath } from '../errors/catalog';
import { canonicalPath } from './canonical-path';

/**
 * What an adapter does with a request before routing it:
 * - `pass`: the path is canonical; route it as usual.
 * - `host`: not canonical, but nothing of ours is involved (no middleware, no route of ours at
 *   its canonical spelling): the host app's business, untouched.
 * - a `Response`: a redirect to the canonical spelling (query kept).
 * - an error (`InvalidRequestPath`, status 400): no single spelling is safe.
 *
 * Serving a non-canonical spelling would let middleware and the host read two different paths:
 * Express and Koa route the raw path (and their own guards before the renderer saw it raw),
 * so a redirect is the only answer under which every guard sees the path that is served.
 */
export type PathGate = 'pass' | 'host' | { response: Response; error?: undefined } | { error: AstroBridgeError; response?: undefined };

/**
 * @param path the full path as the client sent it (origin-form, mount path included, no query)
 * @param search the query string, with its `?` (`''` for none)
 * @param mountPath the path the renderer is mounted at (`''` at the root)
 */
export function gatePath(pipeline: Pipeline, method: string, path: string, search: string, mountPath: string): PathGate {
  const canonical = canonicalPath(path);
  if (canonical === path) return 'pass';
  if (!pipeline.intercepts && (canonical === undefined || !ownsPath(pipeline, canonical, mountPath))) return 'host';
  if (canonical === undefined) return { error: createError(InvalidRequestPath, path) };
  return { response: pipeline.redirectResponse(canonical + search, method) };
}

function ownsPath(pipeline: Pipeline, path: string, mountPath: string): boolean {
  if (mountPath && path !== mountPath && !path.startsWith(`${mountPath}/`)) return false;
  return pipeline.match(path.slice(mountPath.length) || '/') !== undefined;
}
