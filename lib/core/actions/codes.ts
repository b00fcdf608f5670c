/**
 * Astro's `ActionError` codes and their HTTP statuses: the IANA names Astro 5.7.14+ uses, plus
 * the tRPC-style names of Astro 4 to 5.7.13 (`TIMEOUT`, `PAYLOAD_TOO_LARGE`, …), kept so code
 * written for those still compiles. Those releases mapped `TIMEOUT` to 405; it is 408 here.
 */
export const ACTION_ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  PAYMENT_REQUIRED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  PROXY_AUTHENTICATION_REQUIRED: 407,
  REQUEST_TIMEOUT: 408,
  CONFLICT: 409,
  GONE: 410,
  LENGTH_REQUIRED: 411,
  PRECONDITION_FAILED: 412,
  CONTENT_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RANGE_NOT_SATISFIABLE: 416,
  EXPECTATION_FAILED: 417,
  MISDIRECTED_REQUEST: 421,
  UNPROCESSABLE_CONTENT: 422,
  LOCKED: 423,
  FAILED_DEPENDENCY: 424,
  TOO_EARLY: 425,
  UPGRADE_REQUIRED: 426,
  PRECONDITION_REQUIRED: 428,
  TOO_MANY_REQUESTS: 429,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  UNAVAILABLE_FOR_LEGAL_REASONS: 451,
  INTERNAL_SERVER_ERROR: 500,
  NOT_IMPLEMENTED: 501,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  GATEWAY_TIMEOUT: 504,
  HTTP_VERSION_NOT_SUPPORTED: 505,
  VARIANT_ALSO_NEGOTIATES: 506,
  INSUFFICIENT_STORAGE: 507,
  LOOP_DETECTED: 508,
  NETWORK_AUTHENTICATION_REQUIRED: 511,
  // Earlier Astro (tRPC) names.
  METHOD_NOT_SUPPORTED: 405,
  TIMEOUT: 408,
  PAYLOAD_TOO_LARGE: 413,
  CLIENT_CLOSED_REQUEST: 499,
} as const;

/** An `ActionError` code: `'BAD_REQUEST'`, `'NOT_FOUND'`, `'TOO_MANY_REQUESTS'`, … */
export type ActionErrorCode = keyof typeof ACTION_ERROR_STATUS;

const BY_STATUS = new Map<number, ActionErrorCode>();
for (const [code, status] of Object.entries(ACTION_ERROR_STATUS) as [ActionErrorCode, number][]) {
  // The first (IANA) name wins for a status two names share.
  if (!BY_STATUS.has(status)) BY_STATUS.set(status, code);
}

/** True for one of the codes (own keys only: `'constructor'` is not a code). */
export function isActionErrorCode(code: string): code is ActionErrorCode {
  return Object.hasOwn(ACTION_ERROR_STATUS, code);
}

/** The HTTP status of a code; 500 for a string that is not one. */
export function codeToStatus(code: string): number {
  return isActionErrorCode(code) ? ACTION_ERROR_STATUS[code] : 500;
}

/** The code of an HTTP status; `INTERNAL_SERVER_ERROR` for one without a name. */
export function statusToCode(status: number): ActionErrorCode {
  return BY_STATUS.get(status) ?? 'INTERNAL_SERVER_ERROR';
}
