// Errors are values: a stable Mattermost-style id, a kind that decides the HTTP status, and a
// human-readable message. Only src/http/errors.ts turns a kind into a status code.

export type ErrorKind =
  | 'invalid' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'too_large' // 413
  | 'too_many_requests' // 429, with a Retry-After
  | 'disabled' // 501
  | 'internal'; // 500

export class AppError extends Error {
  readonly id: string;
  readonly kind: ErrorKind;
  readonly detailedError: string;
  /** When the caller may try again, in whole seconds (sent as Retry-After); only rate limits set it. */
  readonly retryAfterSeconds?: number;

  constructor(id: string, kind: ErrorKind, message: string, detailedError = '', retryAfterSeconds?: number) {
    super(message);
    this.name = 'AppError';
    this.id = id;
    this.kind = kind;
    this.detailedError = detailedError;
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const invalid = (id: string, message: string, detail = '') => new AppError(id, 'invalid', message, detail);
export const forbidden = (id: string, message: string, detail = '') => new AppError(id, 'forbidden', message, detail);
export const notFound = (id: string, message: string, detail = '') => new AppError(id, 'not_found', message, detail);
export const disabled = (id: string, message: string, detail = '') => new AppError(id, 'disabled', message, detail);
export const internal = (id: string, message: string, detail = '') => new AppError(id, 'internal', message, detail);
/** A rate limit was hit; `retryAfterMs` is rounded up to whole seconds, at least one. */
export const tooManyRequests = (id: string, message: string, retryAfterMs: number) =>
  new AppError(id, 'too_many_requests', message, '', Math.max(1, Math.ceil(retryAfterMs / 1000)));

// The errors every layer shares (api-v4-compat §4.2).
export const invalidBodyParam = (name: string, detail = '') =>
  invalid('api.context.invalid_body_param.app_error', `Invalid or missing ${name} in request body.`, detail);
export const invalidUrlParam = (name: string) =>
  invalid('api.context.invalid_url_param.app_error', `Invalid or missing ${name} parameter in request URL.`);
export const invalidParam = (name: string, detail = '') =>
  invalid('api.context.invalid_param.app_error', `Invalid ${name} parameter.`, detail);
export const sessionExpired = () =>
  new AppError('api.context.session_expired.app_error', 'unauthorized', 'Invalid or expired session, please login again.');
export const permissionDenied = (detail = '') =>
  forbidden('api.context.permissions.app_error', 'You do not have the appropriate permissions.', detail);
export const requestTooLarge = () =>
  new AppError('api.context.request_body_too_large.app_error', 'too_large', 'The request body is too large.');
export const routeNotFound = () => notFound('api.context.404.app_error', 'Sorry, we could not find the page.');
