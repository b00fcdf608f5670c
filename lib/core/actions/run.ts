import { ActionError, ActionInputError, isActionError, type ActionIssue } from './errors';
import type { ActionAPIContext, ActionDefinition } from './define';
import type { StandardSchemaV1 } from './standard-schema';
import type { SafeResult } from './wire';
import { formDataToInput, isFormData } from './form';

/** Validates the input and calls the handler; throws what fails (an `ActionError` for bad input). */
export async function runAction(definition: ActionDefinition, input: unknown, context: ActionAPIContext): Promise<unknown> {
  const { accept, input: schema, handler } = definition;
  if (accept === 'form' && !isFormData(input)) {
    throw new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This action only accepts FormData.' });
  }
  if (accept === 'json' && isFormData(input)) {
    throw new ActionError({ code: 'UNSUPPORTED_MEDIA_TYPE', message: 'This action only accepts JSON.' });
  }
  if (schema === undefined) return handler(input, context);
  const value = accept === 'form' ? formDataToInput(input as FormData, schema) : input;
  const result = await schema['~standard'].validate(value);
  if (result.issues) throw new ActionInputError(result.issues.map(toIssue));
  return handler(result.value, context);
}

/**
 * `runAction` as `{ data, error }`. An error that is not an `ActionError` becomes an
 * `INTERNAL_SERVER_ERROR` whose message, in production, says nothing of the original (which
 * stays on the server as `cause`): Astro sends the raw message to the client.
 */
export async function runActionSafely(definition: ActionDefinition, input: unknown, context: ActionAPIContext): Promise<SafeResult<never, unknown>> {
  try {
    return { data: await runAction(definition, input, context), error: undefined };
  } catch (cause) {
    if (isActionError(cause)) return { data: undefined, error: cause as ActionError<never> };
    const message = isProduction() ? 'Internal Server Error' : cause instanceof Error ? cause.message : 'Unknown error';
    const error = new ActionError<never>({ code: 'INTERNAL_SERVER_ERROR', message });
    Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
    return { data: undefined, error };
  }
}

function isProduction(): boolean {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NODE_ENV === 'production';
}

const DETAIL_TYPES = new Set(['string', 'number', 'boolean']);

// The wire form of an issue: its message, its path as plain keys, and the validator's details
// that are plain values (zod's `code`, `expected`…); never objects a validator attaches (inputs, Files).
function toIssue(issue: StandardSchemaV1.Issue): ActionIssue {
  const out: ActionIssue = { message: String(issue.message), path: [] };
  for (const [key, value] of Object.entries(issue)) {
    // `input` is dropped: the value that failed is the client's own, and may be large or secret.
    if (key === 'message' || key === 'path' || key === 'input' || key === '__proto__') continue;
    if (DETAIL_TYPES.has(typeof value) || (Array.isArray(value) && value.every((v) => DETAIL_TYPES.has(typeof v)))) out[key] = value;
  }
  for (const segment of issue.path ?? []) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment;
    out.path.push(typeof key === 'number' ? key : String(key));
  }
  return out;
}
