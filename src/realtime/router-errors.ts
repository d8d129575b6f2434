// The WebSocket router's own errors (api-v4-compat §8.3): fixed ids and status codes, as AppError bodies.
import type { SocketErrorBody } from './socket-frames.js';

const routerError = (id: string, message: string, statusCode: number): SocketErrorBody => ({
  id,
  message,
  detailed_error: '',
  status_code: statusCode,
});

// Fresh objects per call so a caller adding request_id never mutates a shared value.
export const noActionError = () =>
  routerError('api.web_socket_router.no_action.app_error', 'No websocket action.', 400);
export const badSeqError = () =>
  routerError('api.web_socket_router.bad_seq.app_error', 'Invalid sequence for WebSocket message.', 400);
export const notAuthenticatedError = () =>
  routerError(
    'api.web_socket_router.not_authenticated.app_error',
    'Not authenticated. Please log in and try again.',
    401,
  );
export const badActionError = () =>
  routerError('api.web_socket_router.bad_action.app_error', 'Unknown WebSocket action.', 500);
