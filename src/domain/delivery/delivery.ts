// A delivery is one (post, hook, callback URL) triple (spec §3.5) with a stable id that is sent as
// `webhook-id` on every attempt; each attempt is recorded for the delivery log.
import type { PayloadSnapshot } from '../outgoing-hooks/payload.js';

/**
 * `cancelled` is a delivery that will not be sent (again) for a reason that is not its receiver's
 * doing: the post was deleted, the channel is no longer public, the hook was deleted or disabled,
 * or the callback URL was removed from it. Unlike `failed` it never counts towards auto-disable.
 */
export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'failed' | 'cancelled';

export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'retrying', 'succeeded', 'failed', 'cancelled'];

/** States a delivery ends in; it is never claimed again unless redelivered. */
export const FINISHED_STATES: readonly DeliveryState[] = ['succeeded', 'failed', 'cancelled'];
/** States waiting in the outbox for an attempt. */
export const UNFINISHED_STATES: readonly DeliveryState[] = ['pending', 'retrying'];

export interface Delivery {
  id: string;
  hook_id: string;
  post_id: string;
  callback_url: string;
  /** Where the callback URL points: its origin (see destination.ts). Capacity is shared out by it. */
  destination: string;
  trigger_word: string;
  /** A synthetic delivery from the "test" endpoint: its reply is logged, never posted. */
  is_test: boolean;
  /**
   * What is sent, as it was when the delivery was queued (the post before any later edit; for a
   * test delivery the synthetic payload). The token is left out: the hook's current one is sent.
   * Null for deliveries queued before snapshots were kept; those are built from the post when sent.
   */
  payload: PayloadSnapshot | null;
  /** Order of deliveries made for one post (hooks by create_at then id, then URL order). */
  seq: number;
  state: DeliveryState;
  attempt_count: number;
  create_at: number;
  update_at: number;
  next_attempt_at: number;
  /**
   * While its destination's circuit is open the delivery is deferred: next_attempt_at is moved to
   * the end of the cool-down and this says until when (0 = not deferred). Deferral is not an attempt.
   * Claiming the delivery clears it.
   */
  deferred_until: number;
  last_status_code: number;
  last_error: string;
  reply_post_ids: string[];
  /** Why a 2xx reply produced no post (e.g. api.unmarshal_error), "" otherwise. */
  reply_error: string;
}

export type AttemptOutcomeName = 'success' | 'retry' | 'failure' | 'gone';

export interface DeliveryAttempt {
  id: string;
  delivery_id: string;
  attempt: number;
  create_at: number;
  duration_ms: number;
  request_headers: Record<string, string>;
  request_body: string;
  response_status: number;
  response_headers: Record<string, string>;
  response_body: string;
  response_truncated: boolean;
  error: string;
  outcome: AttemptOutcomeName;
}

/** Response bodies are kept in the log up to this many characters. */
export const LOGGED_BODY_MAX_CHARS = 64 * 1024;

export const isFinished = (d: Pick<Delivery, 'state'>) => FINISHED_STATES.includes(d.state);
