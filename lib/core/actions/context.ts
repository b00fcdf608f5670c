import type { APIContext } from '../../types';
import type { RequestState } from '../pipeline/request-state';
import { createError } from '../errors/errors';
import { ActionsReturnedInvalidDataError, InvalidAction } from '../errors/catalog';
import { actionDefinition } from './define';
import { ActionError, isActionError, type ErrorInferenceObject } from './errors';
import { deserializeActionResult, serializeActionResult, type SafeResult, type SerializedActionResult } from './wire';
import { readActionInput } from './body';
import { runAction, runActionSafely } from './run';
import { toActionContext } from './view';
import { ACTION_ROUTE, nameKey } from './registry';

/** The request's state behind a render context (see `RenderContext`). */
export const kRequestState = Symbol.for('astro-bridge.requestState');

/** An action result stored for this request's render (Astro's `locals._actionPayload`). */
export interface ActionPayload {
  name: string;
  result: SerializedActionResult;
}

/** What `getActionContext()` tells middleware about an action request (Astro's `AstroActionContext`). */
export interface AstroActionContext {
  /** The action this request calls; `undefined` when it calls none, or a result was already set. */
  action?: {
    /** `rpc` for `POST /_actions/<name>`, `form` for a form posted to `?_action=<name>`. */
    calledFrom: 'rpc' | 'form';
    name: string;
    /** Reads the body and runs the action: `{ data, error }`. */
    handler: () => Promise<SafeResult<ErrorInferenceObject, unknown>>;
  };
  /** Sets the result `getActionResult()` returns in this render; the request's own action then does not run. */
  setActionResult(name: string, result: SerializedActionResult): void;
  serializeActionResult: typeof serializeActionResult;
  deserializeActionResult: typeof deserializeActionResult;
}

function stateOf(context: APIContext): RequestState {
  const state = (context as unknown as { [kRequestState]?: RequestState })[kRequestState];
  if (state === undefined) throw createError(InvalidAction, 'this is not the context of an astro-bridge request');
  return state;
}

/**
 * Information about an action request, for middleware: run it yourself (`action.handler()`)
 * and store the result where a redirect can find it (Post/Redirect/Get through a session).
 */
export function getActionContext(context: APIContext): AstroActionContext {
  const state = stateOf(context);
  const caller = callerOf(context);
  const setActionResult = (name: string, result: SerializedActionResult) => void (state.actionPayload = { name, result });
  const out: AstroActionContext = { setActionResult, serializeActionResult: serialize, deserializeActionResult };
  const registry = state.pipeline.actions;
  if (caller === undefined || registry === undefined || context.request.method !== 'POST' || state.actionPayload !== undefined) return out;
  const { limit } = state.pipeline.options.actions;
  out.action = {
    ...caller,
    handler: async () => {
      const definition = registry.find(caller.name);
      if (definition === undefined) return { data: undefined, error: new ActionError({ code: 'NOT_FOUND', message: `There is no action named '${caller.name}'.` }) };
      let input: unknown;
      try {
        // A form action leaves the body to the page, as Astro does: it reads a copy.
        const request = caller.calledFrom === 'form' && !context.request.bodyUsed ? context.request.clone() : context.request;
        input = await readActionInput(request, limit);
      } catch (error) {
        if (isActionError(error)) return { data: undefined, error };
        throw error;
      }
      return runActionSafely(definition, input, toActionContext(context));
    },
  };
  return out;
}

function callerOf(context: APIContext): { calledFrom: 'rpc' | 'form'; name: string } | undefined {
  if (context.routePattern === ACTION_ROUTE) {
    const { pathname } = context.url;
    return { calledFrom: 'rpc', name: pathname.slice(pathname.indexOf('/_actions/') + '/_actions/'.length) };
  }
  const name = context.url.searchParams.get('_action');
  return name ? { calledFrom: 'form', name } : undefined;
}

/** `serializeActionResult`, with Astro's named error for data devalue cannot carry. */
export function serialize(result: SafeResult<ErrorInferenceObject, unknown>): SerializedActionResult {
  try {
    return serializeActionResult(result);
  } catch (cause) {
    const error = createError(ActionsReturnedInvalidDataError, cause instanceof Error ? cause.message : String(cause));
    (error as { cause?: unknown }).cause = cause;
    throw error;
  }
}

/** `context.callAction(action, input)`: `{ data, error }`, or data/throw for `action.orThrow`. */
export function callAction(context: APIContext, action: unknown, input: unknown): Promise<unknown> {
  const found = actionDefinition(action);
  if (found === undefined) return Promise.reject(createError(InvalidAction, 'callAction() takes an action made by defineAction(), or its orThrow'));
  const view = toActionContext(context);
  return found.throws ? runAction(found.definition, input, view) : runActionSafely(found.definition, input, view);
}

/** `context.getActionResult(action)`: the result of the form action this request ran, if it is `action`. */
export function getActionResult(context: APIContext, action: unknown): SafeResult<ErrorInferenceObject, unknown> | undefined {
  const state = stateOf(context);
  const payload = state.actionPayload;
  if (payload === undefined) return undefined;
  const found = actionDefinition(action);
  const name = found ? (state.pipeline.actions?.nameOf(found.definition) ?? found.definition.name) : queryName(action);
  if (name === undefined || nameKey(name) !== nameKey(payload.name)) return undefined;
  return deserializeActionResult(payload.result);
}

// A client action (or anything whose string form is `?_action=<name>`).
function queryName(action: unknown): string | undefined {
  if ((typeof action !== 'function' && typeof action !== 'object') || action === null) return undefined;
  const text = String(action);
  return text.startsWith('?') ? (new URLSearchParams(text).get('_action') ?? undefined) : undefined;
}
