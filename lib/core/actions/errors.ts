import { codeToStatus, isActionErrorCode, statusToCode, type ActionErrorCode } from './codes';

/** Used only to carry an action's input type to `fields` (`isInputError(error) && error.fields.name`). */
export type ErrorInferenceObject = Record<string, unknown>;

/** One validation problem, as the validator reported it (path segments flattened to keys). */
export interface ActionIssue {
  message: string;
  path: (string | number)[];
  [detail: string]: unknown;
}

/**
 * An error an action reports to its caller on purpose: `throw new ActionError({ code:
 * 'UNAUTHORIZED', message: 'Log in first' })`. The caller gets it as `result.error`, the RPC
 * endpoint answers with its status. Recognised by `type` (works across realms and bundles).
 */
export class ActionError<_T extends ErrorInferenceObject = ErrorInferenceObject> extends Error {
  type: 'AstroActionError' | 'AstroActionInputError' = 'AstroActionError';
  code: ActionErrorCode = 'INTERNAL_SERVER_ERROR';
  status = 500;

  constructor(params: { code: ActionErrorCode; message?: string; stack?: string }) {
    super(params.message);
    this.code = params.code;
    this.status = codeToStatus(params.code);
    if (params.stack !== undefined) this.stack = params.stack;
  }

  /** The HTTP status of a code (`'NOT_FOUND'` → 404). */
  static codeToStatus(code: ActionErrorCode): number {
    return codeToStatus(code);
  }

  /** The code of an HTTP status (404 → `'NOT_FOUND'`); `INTERNAL_SERVER_ERROR` for others. */
  static statusToCode(status: number): ActionErrorCode {
    return statusToCode(status);
  }

  /** Rebuilds an error from its wire form (the JSON body of a failed action call). */
  static fromJson(body: unknown): ActionError {
    if (isInputError(body)) return new ActionInputError(body.issues);
    if (isActionError(body)) {
      const { code, message, status } = body as { code?: unknown; message?: unknown; status?: unknown };
      const known = typeof code === 'string' && isActionErrorCode(code) ? code : statusToCode(Number(status));
      return new ActionError({ code: known, message: typeof message === 'string' ? message : undefined });
    }
    return new ActionError({ code: 'INTERNAL_SERVER_ERROR' });
  }
}

/**
 * The input did not validate: `code` is `BAD_REQUEST` (400), `issues` lists every problem and
 * `fields` maps each top-level input field to its messages (`fields.email?.[0]`).
 */
export class ActionInputError<T extends ErrorInferenceObject = ErrorInferenceObject> extends ActionError<T> {
  override type = 'AstroActionInputError' as const;
  issues: ActionIssue[];
  fields: { [P in keyof T]?: string[] };

  constructor(issues: ActionIssue[]) {
    super({ code: 'BAD_REQUEST', message: `Failed to validate: ${JSON.stringify(issues, null, 2)}` });
    this.issues = issues;
    const fields: Record<string, string[]> = {};
    for (const issue of issues) {
      const key = issue.path[0];
      if (key === undefined) continue;
      // An own-property map: a field named `__proto__` or `constructor` is a field like any other.
      if (!Object.hasOwn(fields, key)) Object.defineProperty(fields, key, { value: [], enumerable: true, writable: true, configurable: true });
      fields[key]!.push(issue.message);
    }
    this.fields = fields as { [P in keyof T]?: string[] };
  }
}

// On the prototypes, not the instances: the wire form is the instance's own enumerable fields.
Object.defineProperty(ActionError.prototype, 'name', { value: 'ActionError', writable: true, configurable: true });
Object.defineProperty(ActionInputError.prototype, 'name', { value: 'ActionInputError', writable: true, configurable: true });

/** True for an `ActionError` (input errors included), from any realm or copy of the package. */
export function isActionError(error?: unknown): error is ActionError {
  if (typeof error !== 'object' || error === null) return false;
  const type = (error as { type?: unknown }).type;
  return type === 'AstroActionError' || type === 'AstroActionInputError';
}

/** True for an input validation error; narrows `fields` to the action's input keys. */
export function isInputError<T extends ErrorInferenceObject>(error?: ActionError<T>): error is ActionInputError<T>;
export function isInputError(error?: unknown): error is ActionInputError;
export function isInputError(error?: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { type?: unknown }).type === 'AstroActionInputError' &&
    Array.isArray((error as { issues?: unknown }).issues)
  );
}
