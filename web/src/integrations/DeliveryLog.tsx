// A hook's delivery log (beyond Mattermost): recent deliveries with their state, status code,
// attempts and latency; one delivery's requests and responses in full; sending a delivery again,
// sending a test; and, for a disabled hook, why it stopped and a way to enable it again.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { client, errorText, type Delivery, type DeliveryAttempt, type DeliveryWithAttempts, type Hook } from '../api/client';
import { useBackstage } from './Backstage';
import { ErrorNote } from '../ui/forms';

const REFRESH_MS = 3000;
const PAGE = 20;

const STATE_LABEL: Record<string, string> = {
  pending: 'Pending', retrying: 'Retrying', succeeded: 'Succeeded', failed: 'Failed', cancelled: 'Cancelled',
};

/** Why a disabled hook stopped, read from its most recent failures. */
export function disabledReason(deliveries: Delivery[]): string {
  const finished = deliveries.filter((d) => !d.is_test && (d.state === 'failed' || d.state === 'succeeded'));
  const last = finished[0];
  if (last?.last_status_code === 410) return `its receiver answered 410 Gone (${last.callback_url}), which asks senders to stop.`;
  const failures = finished.findIndex((d) => d.state === 'succeeded');
  const streak = failures === -1 ? finished.length : failures;
  if (streak > 0) {
    const cause = last!.last_status_code ? `status ${last!.last_status_code}` : last!.last_error || 'no answer';
    return `its last ${streak} deliveries failed (the latest: ${cause}).`;
  }
  return 'its deliveries kept failing.';
}

function latencyOf(d: DeliveryWithAttempts | undefined): string {
  const last = d?.attempts[d.attempts.length - 1];
  return last ? `${Math.round(last.duration_ms)} ms` : '—';
}

function Headers({ headers }: { headers: Record<string, string> }) {
  const entries = Object.entries(headers);
  if (entries.length === 0) return <p className="muted">No headers.</p>;
  return (
    <pre className="code-block">{entries.map(([k, v]) => `${k}: ${v}`).join('\n')}</pre>
  );
}

function AttemptView({ a }: { a: DeliveryAttempt }) {
  return (
    <section className="attempt" aria-label={`Attempt ${a.attempt}`}>
      <h4>
        Attempt {a.attempt} — {a.outcome}, {a.response.status_code ? `status ${a.response.status_code}` : 'no response'}, {Math.round(a.duration_ms)} ms,{' '}
        {new Date(a.create_at).toLocaleString()}
      </h4>
      {a.error && <p className="notice notice--danger">{a.error}</p>}
      <div className="attempt__columns">
        <div>
          <h5>Request</h5>
          <Headers headers={a.request.headers} />
          <pre className="code-block" aria-label="Request body">{a.request.body}</pre>
        </div>
        <div>
          <h5>Response</h5>
          <Headers headers={a.response.headers} />
          <pre className="code-block" aria-label="Response body">{a.response.body || '(empty)'}</pre>
          {a.response.truncated && <p className="muted">The body was cut short in the log.</p>}
        </div>
      </div>
    </section>
  );
}

export function DeliveryLogPage() {
  const { team } = useBackstage();
  const [params] = useSearchParams();
  const hookId = params.get('id') ?? '';
  const [hook, setHook] = useState<Hook | null>(null);
  const [deliveries, setDeliveries] = useState<Delivery[] | null>(null);
  const [details, setDetails] = useState<Record<string, DeliveryWithAttempts>>({});
  const [open, setOpen] = useState('');
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [tests, setTests] = useState<DeliveryWithAttempts[]>([]);
  const detailsRef = useRef(details);
  detailsRef.current = details;

  const load = useCallback(async () => {
    const [h, list] = await Promise.all([client.getOutgoingWebhook(hookId), client.getHookDeliveries(hookId, 0, PAGE)]);
    // Each delivery's attempts (latency, request and response), fetched again only when it changed;
    // the list is shown with them, so a row never shows its state without its latency.
    const stale = list.filter((d) => detailsRef.current[d.id]?.update_at !== d.update_at);
    const fresh = await Promise.all(stale.map((d) => client.getHookDelivery(hookId, d.id).catch(() => null)));
    setHook(h as Hook);
    setDeliveries(list);
    setDetails((prev) => ({ ...prev, ...Object.fromEntries(fresh.filter((d): d is DeliveryWithAttempts => !!d).map((d) => [d.id, d])) }));
  }, [hookId]);

  useEffect(() => {
    let live = true;
    const tick = () => load().then(() => live && setError(''), (e) => live && setError(errorText(e)));
    void tick();
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void tick();
    }, REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [load]);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setStatus('');
    setError('');
    try {
      await fn();
      // The page shows the change before it is announced.
      await load();
      setStatus(what);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const name = hook ? hook.display_name || hook.trigger_words.join(', ') || 'Outgoing webhook' : '';
  const opened = open ? details[open] : undefined;
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/${team.name}/integrations/outgoing_webhooks`}>Outgoing Webhooks</Link> <span aria-hidden="true">›</span> Delivery log
      </nav>
      <div className="page-head">
        <h1>Delivery log{name && `: ${name}`}</h1>
        {hook && (
          <button type="button" className="button" onClick={() => act('Test sent: see the result below.', async () => setTests(await client.sendTestDelivery(hookId)))}>
            Send test
          </button>
        )}
      </div>
      <ErrorNote>{error}</ErrorNote>
      <p role="status" className="status-note">{status}</p>
      {hook && hook.disabled_at > 0 && deliveries && (
        <div className="notice notice--danger" role="region" aria-label="Webhook disabled">
          <p>
            <strong>This webhook is disabled</strong> since {new Date(hook.disabled_at).toLocaleString()}: {disabledReason(deliveries)} It sends nothing until it is enabled again.
          </p>
          <button type="button" className="button" onClick={() => act('Webhook enabled.', () => client.enableOutgoingHook(hookId))}>Enable</button>
        </div>
      )}
      {tests.length > 0 && (
        <section aria-labelledby="test-results">
          <h2 id="test-results">Test results</h2>
          {tests.map((t) => (
            <div key={t.id} className="card">
              <p><strong>{STATE_LABEL[t.state] ?? t.state}</strong> — {t.callback_url}{t.reply_error ? ` — the answer could not be posted: ${t.reply_error}` : ''}</p>
              {t.attempts.map((a) => <AttemptView key={a.attempt} a={a} />)}
            </div>
          ))}
        </section>
      )}
      {deliveries === null && !error && <p aria-busy="true">Loading…</p>}
      {deliveries && deliveries.length === 0 && <p>No deliveries yet. Post a message with a trigger word, or send a test.</p>}
      {deliveries && deliveries.length > 0 && (
        <div className="table-scroll">
          <table className="data-table">
            <caption className="visually-hidden">Recent deliveries, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">State</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Latency</th>
                <th scope="col">Callback URL</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {deliveries.map((d) => (
                <tr key={d.id} className={open === d.id ? 'is-open' : ''} data-delivery-id={d.id}>
                  <td>{new Date(d.create_at).toLocaleString()}{d.is_test ? ' (test)' : ''}</td>
                  <td><span className={`pill pill--${d.state}`}>{STATE_LABEL[d.state] ?? d.state}</span></td>
                  <td>{d.last_status_code || (d.last_error ? 'error' : '—')}</td>
                  <td>{d.attempt_count}</td>
                  <td>{latencyOf(details[d.id])}</td>
                  <td><code className="url">{d.callback_url}</code></td>
                  <td className="row-gap">
                    <button type="button" className="button button--small" aria-expanded={open === d.id} aria-controls="delivery-detail" onClick={() => setOpen(open === d.id ? '' : d.id)}>
                      {open === d.id ? 'Hide' : 'Details'}
                    </button>
                    {!d.is_test && (
                      <button type="button" className="button button--small" onClick={() => act('Queued to be sent again.', () => client.redeliver(hookId, d.id))}>
                        Redeliver
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {opened && (
        <section id="delivery-detail" className="card" aria-labelledby="delivery-detail-title">
          <h2 id="delivery-detail-title">Delivery {opened.id}</h2>
          <p>
            {STATE_LABEL[opened.state]} after {opened.attempt_count} attempt{opened.attempt_count === 1 ? '' : 's'}; trigger word <code>{opened.trigger_word || '(none)'}</code>
            {opened.reply_post_ids.length > 0 && `; the answer was posted (${opened.reply_post_ids.length} post${opened.reply_post_ids.length === 1 ? '' : 's'})`}
            {opened.reply_error && `; the answer could not be posted: ${opened.reply_error}`}
            {opened.last_error && `; last error: ${opened.last_error}`}.
          </p>
          {opened.attempts.length === 0 && <p className="muted">No attempt yet.</p>}
          {opened.attempts.map((a) => <AttemptView key={a.attempt} a={a} />)}
        </section>
      )}
    </>
  );
}
