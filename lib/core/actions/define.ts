import type { APIContext } from '../../types';
import { createError } from '../errors/errors';
import { ActionCalledFromServerError, InvalidAction } from '../errors/catalog';
import { isStandardSchema, type StandardSchemaV1 } from './standard-schema';
import type { ErrorInferenceObject } from './errors';
import type { SafeResult } from './wire';
import { runAction, runActionSafely } from './run';

/** How an action takes its input: a JSON body (default) or form data. */
export type ActionAccept = 'form' | 'json';

type MaybePromise<T> = T | Promise<T>;

/** The context an action handler receives: an endpoint's, without `rewrite` (as in Astro 6). */
export type ActionAPIContext = Omit<APIContext, 'rewrite' | 'props' | 'redirect' | 'response' | 'getActionResult' | 'callAction'>;

/** What the handler gets: the validator's output, else `FormData` for form actions, else the raw JSON. */
export type ActionHandlerInput<TAccept, TSchema> = TSchema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<TSchema>
  : TAccept extends 'form'
    ? FormData
    : any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** What a caller passes: `FormData` for form actions, else the validator's input (anything without one). */
export type ActionCallInput<TAccept, TSchema> = TAccept extends 'form'
  ? FormData
  : TSchema extends StandardSchemaV1
    ? StandardSchemaV1.InferInput<TSchema>
    : any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The input's fields, for `isInputError(error) && error.fields.<name>`. */
export type ActionErrorFields<TSchema> = TSchema extends StandardSchemaV1
  ? StandardSchemaV1.InferInput<TSchema> extends ErrorInferenceObject
    ? StandardSchemaV1.InferInput<TSchema>
    : ErrorInferenceObject
  : ErrorInferenceObject;

type Args<TAccept, TSchema> = TSchema extends StandardSchemaV1 ? [input: ActionCallInput<TAccept, TSchema>] : [input?: ActionCallInput<TAccept, TSchema>];

export const kAction = Symbol.for('astro-bridge.action');
export const kOrThrow = Symbol.for('astro-bridge.action.orThrow');

/** What the runtime keeps of a definition. `name` is given when a renderer registers it. */
export interface ActionDefinition {
  accept: ActionAccept;
  input: StandardSchemaV1 | undefined;
  handler: (input: unknown, context: ActionAPIContext) => unknown;
  name: string | undefined;
}

/**
 * A defined action. Call it with `context.callAction(action, input)` (→ `{ data, error }`) or
 * `context.callAction(action.orThrow, input)` (→ data, or throws). As a string it is the form
 * `action` that runs it (`?_action=<name>`), once a renderer has registered it.
 */
export interface Action<TAccept extends ActionAccept | undefined = ActionAccept | undefined, TSchema = unknown, TOutput = unknown> {
  (...args: Args<TAccept, TSchema>): Promise<SafeResult<ActionErrorFields<TSchema>, Awaited<TOutput>>>;
  /** The throwing variant: resolves with the data, rejects with the `ActionError`. */
  orThrow: ((...args: Args<TAccept, TSchema>) => Promise<Awaited<TOutput>>) & { readonly [kOrThrow]: Action<TAccept, TSchema, TOutput> };
  /** `?_action=<name>`: the `action` of a `<form method="POST">` that runs this action. */
  readonly queryString: string;
  toString(): string;
  readonly [kAction]: ActionDefinition;
}

/** Any action, whatever its types. */
export type AnyAction = Action<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Defines an action: `input` is any Standard Schema validator (zod 4, valibot, arktype …) and
 * `handler(input, context)` gets the validated input and the request's context.
 *
 * @example
 * export const server = {
 *   like: defineAction({ input: z.object({ postId: z.string() }), handler: async ({ postId }) => ({ likes: 1 }) }),
 * };
 */
export function defineAction<TOutput, TAccept extends ActionAccept | undefined = undefined, TSchema extends StandardSchemaV1 | undefined = undefined>(options: {
  accept?: TAccept;
  input?: TSchema;
  handler: (input: ActionHandlerInput<TAccept, TSchema>, context: ActionAPIContext) => MaybePromise<TOutput>;
}): Action<TAccept, TSchema, TOutput> {
  if (typeof options !== 'object' || options === null || typeof options.handler !== 'function') {
    throw createError(InvalidAction, 'expected `{ handler }` with a function');
  }
  const { accept = 'json', input } = options;
  if (accept !== 'json' && accept !== 'form') throw createError(InvalidAction, `\`accept\` must be 'json' or 'form', got ${JSON.stringify(accept)}`);
  if (input !== undefined && !isStandardSchema(input)) throw createError(InvalidAction, '`input` must be a Standard Schema validator (zod 4, valibot, arktype …)');
  const definition: ActionDefinition = { accept, input, handler: options.handler as ActionDefinition['handler'], name: undefined };

  // Called directly, an action has no request context: Astro's ActionCalledFromServerError.
  const action = function (this: unknown, value?: unknown) {
    if (!isActionContext(this)) return Promise.reject(createError(ActionCalledFromServerError));
    return runActionSafely(definition, value, this);
  };
  const orThrow = function (this: unknown, value?: unknown) {
    if (!isActionContext(this)) return Promise.reject(createError(ActionCalledFromServerError));
    return runAction(definition, value, this);
  };
  const queryString = () => `?${new URLSearchParams({ _action: definition.name ?? '' })}`;
  Object.defineProperties(orThrow, { [kOrThrow]: { value: action } });
  Object.defineProperties(action, {
    [kAction]: { value: definition },
    orThrow: { value: orThrow, enumerable: true },
    queryString: { get: queryString, enumerable: true },
    toString: { value: queryString },
  });
  return action as unknown as Action<TAccept, TSchema, TOutput>;
}

/** The definition behind an action, or behind its `orThrow`; `undefined` for anything else. */
export function actionDefinition(value: unknown): { definition: ActionDefinition; throws: boolean } | undefined {
  if (typeof value !== 'function') return undefined;
  const definition = (value as Partial<AnyAction>)[kAction];
  if (definition !== undefined) return { definition, throws: false };
  const parent = (value as { [kOrThrow]?: AnyAction })[kOrThrow];
  return parent?.[kAction] === undefined ? undefined : { definition: parent[kAction], throws: true };
}

export const kActionContext = Symbol.for('astro-bridge.actionContext');

function isActionContext(value: unknown): value is ActionAPIContext {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[kActionContext] === true;
}
