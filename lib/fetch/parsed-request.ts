import { createError, isAstroBridgeError } from '../core/errors/errors';
import { InvalidRequestBody } from '../core/errors/catalog';

/**
 * A `Request` whose `json()` and `formData()` blame the client for a body they cannot parse:
 * `InvalidRequestBody` (status 400) instead of undici's SyntaxError/TypeError, which reach the
 * host as a 500. A real Request (a subclass), on every Node version; `express.json()` answers
 * 400 for the same input. Errors of the body itself (`PayloadTooLarge`) pass through as they are.
 */
export class ParsedRequest extends Request {
  override json(): Promise<any> {
    if (this.bodyUsed) return super.json();
    return super.json().catch((error: unknown) => Promise.reject(asBodyError('json', error)));
  }

  override formData(): Promise<FormData> {
    if (this.bodyUsed) return super.formData();
    return super.formData().catch((error: unknown) => Promise.reject(asBodyError('formData', error)));
  }
}

/** What a failed parse of the body reports: the client's fault (400) unless it is already ours. */
export function asBodyError(method: 'json' | 'formData', error: unknown): unknown {
  if (isAstroBridgeError(error)) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (name !== 'SyntaxError' && name !== 'TypeError') return error;
  return createError(InvalidRequestBody, method, (error as Error).message);
}
