// The one place where error kinds become HTTP statuses and AppError bodies (api-v4-compat §4).
import { AppError, internal, invalidUrlParam, requestTooLarge, type ErrorKind } from '../domain/errors.js';

const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
  disabled: 501,
  internal: 500,
};

export const statusOf = (e: AppError) => STATUS[e.kind];

/** Headers an error answer carries besides its body: Retry-After on rate limits. */
export const errorHeaders = (e: AppError): Record<string, string> =>
  e.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(e.retryAfterSeconds) };

export interface AppErrorBody {
  id: string;
  message: string;
  detailed_error: string;
  request_id: string;
  status_code: number;
}

export const errorBody = (e: AppError, requestId: string): AppErrorBody => ({
  id: e.id,
  message: e.message,
  detailed_error: e.detailedError,
  request_id: requestId,
  status_code: statusOf(e),
});

/** Maps anything thrown by a handler or by Fastify itself to an AppError, never leaking internals. */
export function toAppError(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const err = e as { code?: string; statusCode?: number; validation?: unknown } | null;
  switch (err?.code) {
    // The router could not take the path apart (broken percent-encoding, a segment too long).
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return invalidUrlParam('path');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return requestTooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_VALIDATION':
      return new AppError('api.context.invalid_body_param.app_error', 'invalid', 'Invalid or missing request body.');
  }
  if (err?.validation) return new AppError('api.context.invalid_body_param.app_error', 'invalid', 'Invalid or missing request body.');
  if (err?.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new AppError('api.context.invalid_request.app_error', 'invalid', 'The request could not be understood.');
  }
  return internal('app.internal.app_error', 'An internal error occurred. It has been logged.');
}
