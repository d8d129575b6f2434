// The wire shape of outgoing hooks (spec §1.1 order) and of the delivery log.
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import type { Delivery, DeliveryAttempt } from '../../domain/delivery/delivery.js';
import { isFinished } from '../../domain/delivery/delivery.js';

export const presentHook = (h: StoredHook) => ({
  id: h.id, token: h.token, create_at: h.create_at, update_at: h.update_at, delete_at: h.delete_at,
  creator_id: h.creator_id, channel_id: h.channel_id, team_id: h.team_id, trigger_words: h.trigger_words,
  trigger_when: h.trigger_when, callback_urls: h.callback_urls, display_name: h.display_name,
  description: h.description, content_type: h.content_type, username: h.username, icon_url: h.icon_url,
  disabled_at: h.disabled_at, signing_secret: h.signing_secret,
});

export const presentDelivery = (d: Delivery) => ({
  id: d.id, hook_id: d.hook_id, post_id: d.post_id, callback_url: d.callback_url, trigger_word: d.trigger_word,
  state: d.state, attempt_count: d.attempt_count, last_status_code: d.last_status_code, last_error: d.last_error,
  create_at: d.create_at, update_at: d.update_at, next_attempt_at: isFinished(d) ? 0 : d.next_attempt_at,
  // Held back, without an attempt, while its destination was not answering: until when (0 = not).
  deferred_until: isFinished(d) ? 0 : d.deferred_until,
  is_test: d.is_test, reply_post_ids: d.reply_post_ids, reply_error: d.reply_error,
});

export const presentAttempt = (a: DeliveryAttempt) => ({
  attempt: a.attempt, create_at: a.create_at, duration_ms: a.duration_ms, outcome: a.outcome, error: a.error,
  request: { headers: a.request_headers, body: a.request_body },
  response: { status_code: a.response_status, headers: a.response_headers, body: a.response_body, truncated: a.response_truncated },
});

export const presentDeliveryWithAttempts = ({ delivery, attempts }: { delivery: Delivery; attempts: DeliveryAttempt[] }) => ({
  ...presentDelivery(delivery),
  attempts: attempts.map(presentAttempt),
});
