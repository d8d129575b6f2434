// Delivering one queued delivery: check it may still be sent, send the payload kept when it was
// queued with the hook's current token (a regenerated token is used at once), signed at the moment
// the request leaves, record the attempt, and act on the answer: reply posts, a retry, or a failure
// that may switch the hook off.
import type { AppContext } from '../context.js';
import type { Store } from '../../store/store.js';
import type { StoredHook } from '../../domain/outgoing-hooks/hook.js';
import type { HttpClient, HttpResult } from '../../domain/net/http-client.js';
import { LOGGED_BODY_MAX_CHARS, type AttemptOutcomeName, type Delivery, type DeliveryAttempt } from '../../domain/delivery/delivery.js';
import { classifyAttempt, nextAttemptAt } from '../../domain/delivery/retry-policy.js';
import { signatureHeaders } from '../../domain/delivery/signature.js';
import { buildPayload, encodeBody, type OutgoingPayload } from '../../domain/outgoing-hooks/payload.js';
import { parseReply } from '../../domain/integration-posts/reply.js';
import { isLivePublicChannel, type Channel } from '../../domain/channels.js';
import type { Post } from '../../domain/posts.js';
import { VERSION } from '../../version.js';
import { activeSecrets } from './management.js';
import { planReplyPosts, saveReplyPosts } from '../integration-posts/reply-posts.js';
import { nextTurn } from '../event-loop.js';
import { disableHook, noteFailure } from './failure-policy.js';
import type { DeliveryMetrics } from './delivery-metrics.js';
import { checkSendable } from './send-rules.js';

export interface DeliverDeps {
  http: HttpClient;
  random: () => number;
  /** Aborted when the server shuts down: an interrupted attempt is released, not counted. */
  shutdown?: AbortSignal;
  metrics?: DeliveryMetrics;
}

/** Thrown inside the outcome transaction when another worker recorded this attempt first. */
class Superseded extends Error {}

/** Thrown inside the reply-post transaction when the channel stopped being public during the request. */
class ChannelClosed extends Error {}

/** The reply_error of a reply that was not posted because its channel is no longer public. */
export const REPLY_CHANNEL_NOT_PUBLIC = 'app.outgoing_webhook.reply.channel_not_public.app_error';

export const USER_AGENT = `Mattermost-Bot/1.1 Switchboard/${VERSION}`;

/**
 * The payload to send: the snapshot taken when the delivery was queued, with the hook's current
 * token. Deliveries queued before snapshots were kept are built from the post as it is now; null
 * when what that needs is gone.
 */
async function payloadFor(ctx: AppContext, hook: StoredHook, d: Delivery, post: Post | null, channel: Channel | null): Promise<OutgoingPayload | null> {
  if (d.payload) return { ...d.payload, token: hook.token };
  if (!post || !channel) return null;
  const [team, author] = await Promise.all([ctx.store.teams.get(hook.team_id), ctx.store.users.get(post.user_id)]);
  if (!team || !author) return null;
  return buildPayload({ hook, triggerWord: d.trigger_word, post, channel, team, user: author });
}

const truncate = (s: string) => (s.length > LOGGED_BODY_MAX_CHARS ? s.slice(0, LOGGED_BODY_MAX_CHARS) : s);

function attemptRecord(ctx: AppContext, d: Delivery, headers: Record<string, string>, body: string, result: HttpResult, outcome: AttemptOutcomeName, error: string): DeliveryAttempt {
  const response = result.kind === 'response' ? result : null;
  // PostgreSQL text cannot hold NUL: a binary reply stored as is failed the insert, and the delivery
  // stayed claimed and was sent again. U+FFFD keeps the log the same on every database.
  const text = response ? response.body.toString('utf8').replaceAll('\u0000', '\uFFFD') : '';
  return {
    id: ctx.newId(), delivery_id: d.id, attempt: d.attempt_count + 1, create_at: ctx.clock.now(),
    duration_ms: Math.round(result.durationMs), request_headers: headers, request_body: body,
    response_status: response?.status ?? 0, response_headers: response?.headers ?? {},
    // `truncated` tells log readers the body they see is not all there was: cut at the 1 MiB read
    // cap, or at the log's own limit.
    response_body: truncate(text),
    response_truncated: (response?.truncated ?? false) || text.length > LOGGED_BODY_MAX_CHARS,
    error, outcome,
  };
}

async function commitOutcome(ctx: AppContext, d: Delivery, write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (e) {
    if (!(e instanceof Superseded)) throw e;
    ctx.logger.warn('delivery attempt was already recorded by another worker; this one is dropped', { delivery_id: d.id });
    return false;
  }
}

/**
 * Ends a delivery that may not be sent, without a request. Fenced like an attempt's outcome: if
 * another worker recorded an attempt meanwhile, that result stands.
 */
async function cancel(ctx: AppContext, deps: DeliverDeps, d: Delivery, reason: string): Promise<Delivery> {
  const done: Delivery = { ...d, state: 'cancelled', last_error: reason, update_at: ctx.clock.now() };
  if (!(await ctx.store.deliveries.recordOutcome(done, d.attempt_count))) return d;
  deps.metrics?.deliveryCancelled();
  return done;
}

/**
 * The address policy refused the callback's host. The delivery log says so, but an admin who has
 * just set up a receiver on their own machine looks at the server's log: it names the hook and the
 * host to allow, never the callback URL, whose path or query may carry a secret.
 */
function warnRefusedAddress(ctx: AppContext, d: Delivery) {
  let host = '';
  try {
    host = new URL(d.callback_url).host;
  } catch {
    // The policy refused a host, so the URL parsed; nothing to name otherwise.
  }
  ctx.logger.warn(
    'a webhook delivery was refused: its callback host is a loopback, private or own address; ' +
      'add the host to ServiceSettings.AllowedUntrustedInternalConnections to allow it',
    { hook_id: d.hook_id, delivery_id: d.id, host },
  );
}

/** Sends one attempt of `d` and records everything it led to. Never throws for delivery problems. */
export async function deliverOnce(ctx: AppContext, deps: DeliverDeps, d: Delivery): Promise<Delivery> {
  // Switching the feature off stops every request at once (§2.1, §7), queued retries included. The
  // worker claims nothing while it is off; one claimed just before is put back untouched, so nothing
  // is lost or counted as a failure, and it goes out once the feature is on again.
  if (!ctx.config.get().ServiceSettings.EnableOutgoingWebhooks) {
    await ctx.store.deliveries.update(d);
    return d;
  }
  const check = await checkSendable(ctx, await ctx.store.outgoingHooks.get(d.hook_id), d);
  if (check.kind === 'not_sendable') return cancel(ctx, deps, d, check.message);
  const { hook, post } = check;
  const payload = await payloadFor(ctx, hook, d, post, check.channel);
  if (!payload) return cancel(ctx, deps, d, 'the team or the author of the post no longer exists');

  const { contentType, body } = encodeBody(hook, payload);
  const fixed: Record<string, string> = { 'Content-Type': contentType, Accept: 'application/json', 'User-Agent': USER_AGENT };
  if (d.is_test) fixed['X-Switchboard-Test'] = 'true';
  // Signed when the request actually leaves: it may wait behind a busy origin for several timeouts,
  // and a timestamp taken before that wait could be past the receiver's tolerance when it arrives.
  const sent: { headers?: Record<string, string> } = {};
  const headersAtSend = () => {
    const at = ctx.clock.now();
    sent.headers = { ...fixed, ...signatureHeaders({ deliveryId: d.id, timestampSeconds: Math.floor(at / 1000), body, secrets: activeSecrets(hook, at) }) };
    return sent.headers;
  };
  const timeoutMs = ctx.config.get().ServiceSettings.OutgoingIntegrationRequestsTimeout * 1000;
  const result = await deps.http.post(d.callback_url, { headers: headersAtSend, body, timeoutMs, signal: deps.shutdown });
  if (deps.shutdown?.aborted) {
    await ctx.store.deliveries.update(d);
    return d;
  }
  if (result.kind === 'error' && result.reason === 'forbidden_address') warnRefusedAddress(ctx, d);
  // The log shows the headers that went out; a request that never left (a URL that does not parse)
  // shows them unsigned.
  const headers = sent.headers ?? { ...fixed, 'webhook-id': d.id };
  const outcome = classifyAttempt(result, ctx.clock.now());
  const statusCode = result.kind === 'response' ? result.status : 0;
  const base: Delivery = { ...d, attempt_count: d.attempt_count + 1, last_status_code: statusCode, update_at: ctx.clock.now() };
  const record = (done: Delivery, attempt: DeliveryAttempt) => async (tx: Store) => {
    // Fencing: if this worker's lease ran out and another worker finished the delivery, the whole
    // transaction (reply posts included) rolls back, so a reply is never posted twice.
    if (!(await tx.deliveries.recordOutcome(done, d.attempt_count))) throw new Superseded();
    await tx.deliveries.insertAttempt(attempt);
  };

  if (outcome.kind === 'success' && result.kind === 'response') {
    // Parsing up to 1 MiB takes a while; replies arriving together are parsed on separate turns.
    await nextTurn();
    const parsed = parseReply(result.body, result.truncated);
    const plan = !parsed.ok
      ? ({ kind: 'refused', error: parsed.error } as const)
      : d.is_test || !post
        ? ({ kind: 'none' } as const)
        : await planReplyPosts(ctx, hook, post, parsed.reply);
    const succeeded = (replyError: string, replyPostIds: string[]) => {
      const done: Delivery = { ...base, state: 'succeeded', last_error: '', reply_error: replyError, reply_post_ids: replyPostIds };
      return { done, attempt: attemptRecord(ctx, d, headers, body, result, 'success', replyError) };
    };
    let { done, attempt } = succeeded(plan.kind === 'refused' ? plan.error.id : '', plan.kind === 'posts' ? plan.posts.map((p) => p.id) : []);
    let committed: boolean;
    if (plan.kind === 'posts') {
      const channelId = plan.posts[0].channel_id;
      try {
        committed = await commitOutcome(ctx, d, () =>
          saveReplyPosts(ctx, hook, plan.posts, async (tx) => {
            // A receiver may take its time: the channel must still be public when its reply is saved.
            // This runs in the transaction that has just counted the posts on the channel's row, so
            // on PostgreSQL a concurrent privacy change has either committed (and is seen here) or
            // waits for this transaction to end.
            if (!isLivePublicChannel(await tx.channels.get(channelId))) throw new ChannelClosed();
            await record(done, attempt)(tx);
          }),
        );
      } catch (e) {
        if (!(e instanceof ChannelClosed)) throw e;
        ({ done, attempt } = succeeded(REPLY_CHANNEL_NOT_PUBLIC, []));
        committed = await commitOutcome(ctx, d, () => ctx.store.transaction(record(done, attempt)));
      }
    } else {
      committed = await commitOutcome(ctx, d, () => ctx.store.transaction(record(done, attempt)));
    }
    if (!committed) return d;
    deps.metrics?.attemptFinished('success', result.durationMs);
    return done;
  }

  const error = result.kind === 'error' ? `${result.reason}: ${result.message}` : `the receiver answered ${result.status}`;
  const next = outcome.kind === 'retry' && !d.is_test
    ? nextAttemptAt({ attempt: base.attempt_count, schedule: [...ctx.config.get().WebhookSettings.RetryScheduleSeconds], now: ctx.clock.now(), random: deps.random, retryAfterMs: outcome.retryAfterMs })
    : null;
  const done: Delivery = next === null
    ? { ...base, state: 'failed', last_error: error }
    : { ...base, state: 'retrying', last_error: error, next_attempt_at: next };
  const outcomeName: AttemptOutcomeName = outcome.kind === 'retry' && next !== null ? 'retry' : outcome.kind === 'gone' ? 'gone' : 'failure';
  const attempt = attemptRecord(ctx, d, headers, body, result, outcomeName, error);
  const committed = await commitOutcome(ctx, d, () => ctx.store.transaction(record(done, attempt)));
  if (!committed) return d;
  deps.metrics?.attemptFinished(outcomeName, result.durationMs);
  if (!d.is_test) {
    if (outcome.kind === 'gone') await disableHook(ctx, hook, `its callback URL ${d.callback_url} answered 410 Gone`);
    else if (done.state === 'failed') await noteFailure(ctx, hook, error);
  }
  return done;
}

/**
 * deliverOnce, with a last line of defence: an unexpected exception (a bug, a database hiccup) is
 * counted as a failed attempt and scheduled like any other failure. Left unhandled, the delivery
 * would stay claimed and be sent again every time its lease ran out, without end.
 */
export async function deliverSafely(ctx: AppContext, deps: DeliverDeps, d: Delivery): Promise<Delivery> {
  try {
    return await deliverOnce(ctx, deps, d);
  } catch (e) {
    const message = String((e as Error)?.message ?? e);
    ctx.logger.error('delivery attempt failed unexpectedly', { delivery_id: d.id, hook_id: d.hook_id, error: message });
    const now = ctx.clock.now();
    const attempts = d.attempt_count + 1;
    const next = d.is_test
      ? null
      : nextAttemptAt({ attempt: attempts, schedule: [...ctx.config.get().WebhookSettings.RetryScheduleSeconds], now, random: deps.random });
    const done: Delivery = {
      ...d, attempt_count: attempts, update_at: now, last_error: `internal error: ${message}`,
      ...(next === null ? { state: 'failed' as const } : { state: 'retrying' as const, next_attempt_at: next }),
    };
    try {
      await ctx.store.deliveries.recordOutcome(done, d.attempt_count);
    } catch {
      // The lease runs out and the delivery is tried again; nothing more can be done here.
    }
    return done;
  }
}
