/** Astro Actions: define, validate, run, and speak Astro's wire protocol. */
export { defineAction } from './define';
export type { Action, ActionAccept, ActionAPIContext, AnyAction } from './define';
export { ActionError, ActionInputError, isActionError, isInputError } from './errors';
export type { ActionIssue, ErrorInferenceObject } from './errors';
export type { ActionErrorCode } from './codes';
export { serializeActionResult, deserializeActionResult } from './wire';
export type { SafeResult, SerializedActionResult } from './wire';
export { getActionContext } from './context';
export type { AstroActionContext } from './context';
export type { StandardSchemaV1 } from './standard-schema';
