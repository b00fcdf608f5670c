import type { APIContext, EndpointModule } from '../../types';
import type { RequestPipeline } from '../pipeline/request-state';
import type { RouteMatch } from '../pipeline/request-state';
import { requestUrl } from '../../fetch/request-header';
import { parseRoute } from '../routing/parse';
import type { RouteEntry } from '../routing/match';
import type { RouteModule } from '../../types';
import { getActionContext, serialize } from './context';
import { checkOrigin, crossSiteForbidden } from '../security/check-origin';
import { ACTION_ROUTE } from './registry';
import type { SerializedActionResult } from './wire';

/**
 * `POST /_actions/<name>`, Astro's RPC endpoint: the result in Astro's wire form (devalue data
 * 200, no data 204, an error as JSON with its status). A GET is a page request for a path that
 * has none (404, as Astro); other methods 405.
 */
async function rpc(context: APIContext): Promise<Response> {
  const { method } = context.request;
  if (method !== 'POST') {
    const status = method === 'GET' || method === 'HEAD' ? 404 : 405;
    return new Response(status === 404 ? 'Not found' : 'Method Not Allowed', { status, headers: { Allow: 'POST', 'content-type': 'text/plain; charset=utf-8' } });
  }
  const { action } = getActionContext(context);
  // No action: a middleware already set a result for this request (Astro answers 404 then too).
  if (action?.calledFrom !== 'rpc') return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return toResponse(serialize(await action.handler()));
}

function toResponse(result: SerializedActionResult): Response {
  if (result.type === 'empty') return new Response(null, { status: result.status });
  return new Response(result.body, { status: result.status, headers: { 'Content-Type': result.contentType } });
}

/** The route `/_actions/<name>` matches (owned before the route table is asked). */
export function createActionRoute(): RouteEntry<RouteModule> {
  const module: EndpointModule = { ALL: rpc };
  return { ...parseRoute(ACTION_ROUTE), type: 'endpoint', module };
}

const attempted = new WeakSet<Request>();

/**
 * A form posted to `?_action=<name>`: runs the action before the page or endpoint renders and
 * stores the result for `getActionResult()`; an error result sets the page's status, as in Astro.
 * `undefined` (nothing to wait for) when the request runs no form action.
 */
export function runFormAction(context: APIContext): Promise<void> | undefined {
  if (context.request.method !== 'POST' || !context.url.search.includes('_action=')) return undefined;
  // Once per request: the `/500` page rendered after a failure must not run the action again.
  if (attempted.has(context.request)) return undefined;
  const { action, setActionResult } = getActionContext(context);
  if (action?.calledFrom !== 'form') return undefined;
  attempted.add(context.request);
  return action.handler().then((result) => {
    setActionResult(action.name, serialize(result));
    if (result.error) {
      context.response.status = result.error.status;
      context.response.statusText = result.error.type;
    }
  });
}

/**
 * Astro's `checkOrigin`, for requests that would run an action: a cross-site form post gets a
 * 403 before any middleware runs. JSON calls pass (a browser sends them cross-site only with CORS).
 */
export function refuseCrossSiteAction(pipeline: RequestPipeline, request: Request, match: RouteMatch | undefined): Response | undefined {
  // A path no route owns is the host's: its form posts are its own business.
  if (pipeline.actions === undefined || match === undefined || !pipeline.options.actions.checkOrigin) return undefined;
  const { method } = request;
  if (method !== 'POST') return undefined;
  const url = requestUrl(request);
  const isAction = match.route.route === ACTION_ROUTE || url.searchParams.has('_action');
  return isAction && !checkOrigin(request, url.origin, true) ? crossSiteForbidden(method) : undefined;
}
