// Wire frames of the Mattermost WebSocket (api-v4-compat §8.3): parsing client requests and
// serialising server responses and events.
import type { Broadcast } from './broadcast.js';

/** A client request as received; fields are unchecked because the router reports what is wrong. */
export interface SocketRequest {
  action: unknown;
  seq: unknown;
  data: Record<string, unknown>;
}

/** The AppError body carried in a FAIL response (api-v4-compat §4.1). */
export interface SocketErrorBody {
  id: string;
  message: string;
  detailed_error: string;
  request_id?: string;
  status_code: number;
}

export interface SocketResponse {
  status: 'OK' | 'FAIL';
  seq_reply?: number;
  data?: Record<string, unknown>;
  error?: SocketErrorBody;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Returns null for anything that is not a JSON object: such frames cannot be answered, having no seq. */
export function parseRequest(text: string): SocketRequest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isPlainObject(value)) return null;
  return { action: value.action, seq: value.seq, data: isPlainObject(value.data) ? value.data : {} };
}

/**
 * The seq a response echoes. Mattermost omits a zero seq_reply (omitempty), and the client tells responses
 * from events by a truthy seq_reply, so a zero or non-integer seq is not echoed.
 */
export function replySeq(seq: unknown): number | undefined {
  return typeof seq === 'number' && Number.isInteger(seq) && seq !== 0 ? seq : undefined;
}

export function okResponse(seq: unknown, data?: Record<string, unknown>): SocketResponse {
  const response: SocketResponse = { status: 'OK' };
  const reply = replySeq(seq);
  if (reply !== undefined) response.seq_reply = reply;
  if (data !== undefined) response.data = data;
  return response;
}

export function failResponse(seq: unknown, error: SocketErrorBody): SocketResponse {
  const response: SocketResponse = { status: 'FAIL' };
  const reply = replySeq(seq);
  if (reply !== undefined) response.seq_reply = reply;
  response.error = error;
  return response;
}

/**
 * Serialises an event for one socket. The data and broadcast are passed pre-serialised because one event
 * fans out to many sockets that differ only in seq.
 */
export function eventFrame(event: string, dataJson: string, broadcastJson: string, seq: number): string {
  return `{"event":${JSON.stringify(event)},"data":${dataJson},"broadcast":${broadcastJson},"seq":${seq}}`;
}

export const serialiseBroadcast = (b: Broadcast): string => JSON.stringify(b);
