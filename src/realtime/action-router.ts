// Decides what a client request gets (api-v4-compat §8.2, §8.7), in Mattermost's check order:
// action, seq, challenge, authentication, known action. Pure; the hub performs the outcome.
import { badActionError, badSeqError, noActionError, notAuthenticatedError } from './router-errors.js';
import { failResponse, okResponse, type SocketRequest, type SocketResponse } from './socket-frames.js';

export type RouteOutcome =
  | { kind: 'reply'; response: SocketResponse }
  /** The hub must validate the token, then answer OK + hello, or close the socket. */
  | { kind: 'challenge'; seq: number; token: string | null }
  | { kind: 'ignore' };

export interface RouteContext {
  authenticated: boolean;
  serverVersion: string;
  now: () => number;
}

export const CHALLENGE_ACTION = 'authentication_challenge';

// Actions whose effects (presence, typing indicators, notification acks) Switchboard does not model yet;
// acknowledging them keeps the official client's callbacks firing.
const ACKNOWLEDGED = new Set(['presence', 'user_typing', 'user_update_active_status', 'posted_notify_ack']);
const STATUS_QUERIES = new Set(['get_statuses', 'get_statuses_by_ids']);

export function routeRequest(req: SocketRequest, ctx: RouteContext): RouteOutcome {
  const { action, seq } = req;
  if (typeof action !== 'string' || action === '') return reply(failResponse(seq, noActionError()));
  if (typeof seq !== 'number' || !Number.isInteger(seq) || seq <= 0) return reply(failResponse(seq, badSeqError()));

  if (action === CHALLENGE_ACTION) {
    if (ctx.authenticated) return { kind: 'ignore' };
    const token = req.data.token;
    return { kind: 'challenge', seq, token: typeof token === 'string' && token !== '' ? token : null };
  }
  if (!ctx.authenticated) return reply(failResponse(seq, notAuthenticatedError()));

  if (action === 'ping') {
    return reply(okResponse(seq, { text: 'pong', version: ctx.serverVersion, server_time: ctx.now(), node_id: '' }));
  }
  if (ACKNOWLEDGED.has(action)) return reply(okResponse(seq));
  if (STATUS_QUERIES.has(action)) return reply(okResponse(seq, {}));
  return reply(failResponse(seq, badActionError()));
}

const reply = (response: SocketResponse): RouteOutcome => ({ kind: 'reply', response });
