// A delivery is one (post, hook, callback URL) triple (spec §3.5) with a stable id that is sent as
// `webhook-id` on every attempt; each attempt is recorded for the delivery log.

export type DeliveryState = 'pending' | 'retrying' | 'succeeded' | 'failed';

export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'retrying', 'succeeded', 'failed'];

export interface Delivery {
  id: string;
  hook_id: string;
  post_id: string;
  callback_url: string;
  trigger_word: string;
  /** A synthetic delivery from the "test" endpoint: its reply is logged, never posted. */
  is_test: boolean;
  /** For test deliveries: the synthetic payload (JSON of OutgoingPayload without the token). */
  test_payload: string;
  /** Order of deliveries made for one post (hooks by create_at then id, then URL order). */
  seq: number;
  state: DeliveryState;
  attempt_count: number;
  create_at: number;
  update_at: number;
  next_attempt_at: number;
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

export const isFinished = (d: Pick<Delivery, 'state'>) => d.state === 'succeeded' || d.state === 'failed';
