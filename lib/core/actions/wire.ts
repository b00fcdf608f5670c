import { parse, stringify } from 'devalue';
import { ActionError, isInputError, type ErrorInferenceObject } from './errors';

/** What an action call gives back: the handler's data, or the error it failed with. */
export type SafeResult<TInput extends ErrorInferenceObject, TOutput> =
  | { data: TOutput; error: undefined }
  | { data: undefined; error: ActionError<TInput> };

/**
 * An action result in its wire form: the body and status the RPC endpoint sends, and what
 * middleware stores (in a session or cookie) to hand a result across a redirect.
 */
export type SerializedActionResult =
  | { type: 'data'; contentType: 'application/json+devalue'; status: 200; body: string }
  | { type: 'error'; contentType: 'application/json'; status: number; body: string }
  | { type: 'empty'; status: 204 };

// devalue has no URL support of its own; Astro adds it, so results may carry URLs.
const reducers = { URL: (value: unknown) => value instanceof URL && value.href };
const revivers = { URL: (href: string) => new URL(href) };

/** A result in Astro's wire form: devalue for data, JSON for errors, `empty` (204) for no data. */
export function serializeActionResult(result: SafeResult<ErrorInferenceObject, unknown>): SerializedActionResult {
  const { error } = result;
  if (error) {
    const body = isInputError(error) ? { type: error.type, issues: error.issues, fields: error.fields } : { ...error, message: error.message };
    return { type: 'error', status: error.status, contentType: 'application/json', body: JSON.stringify(body) };
  }
  if (result.data === undefined) return { type: 'empty', status: 204 };
  return { type: 'data', status: 200, contentType: 'application/json+devalue', body: stringify(result.data, reducers) };
}

/** The result a serialized one stands for (`{ data }`, `{ error }`, or neither for `empty`). */
export function deserializeActionResult(result: SerializedActionResult): SafeResult<ErrorInferenceObject, unknown> {
  if (result.type === 'empty') return { data: undefined, error: undefined };
  if (result.type === 'error') {
    let json: unknown;
    try {
      json = JSON.parse(result.body);
    } catch {
      return { data: undefined, error: new ActionError({ code: ActionError.statusToCode(result.status), message: result.body }) };
    }
    return { data: undefined, error: ActionError.fromJson(json) };
  }
  return { data: parse(result.body, revivers), error: undefined };
}
