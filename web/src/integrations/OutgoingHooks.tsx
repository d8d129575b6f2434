// Integrations > Outgoing Webhooks: the team's hooks the user may manage, with their settings and
// token, and the actions on each (edit, delivery log, regenerate token, enable, delete).
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText, type Hook } from '../api/client';
import { useBackstage } from './Backstage';
import { Modal } from '../ui/Modal';
import { ErrorNote } from '../ui/forms';

export const TRIGGER_WHEN = [
  { value: 0, label: 'First word matches a trigger word exactly' },
  { value: 1, label: 'First word starts with a trigger word' },
];

export const CONTENT_TYPES = ['application/x-www-form-urlencoded', 'application/json'];

export function useTeamChannels(teamId: string) {
  const [channels, setChannels] = useState<Channel[]>([]);
  useEffect(() => {
    client.getChannels(teamId, 0, 200).then((list) => setChannels((list as Channel[]).sort((a, b) => a.display_name.localeCompare(b.display_name))), () => undefined);
  }, [teamId]);
  return channels;
}

export function OutgoingHooksPage() {
  const { team } = useBackstage();
  const channels = useTeamChannels(team.id);
  const [hooks, setHooks] = useState<Hook[] | null>(null);
  const [users, setUsers] = useState<Record<string, UserProfile>>({});
  const [error, setError] = useState('');
  const [status, setStatus] = useState('');
  const [deleting, setDeleting] = useState<Hook | null>(null);
  const [filter, setFilter] = useState('');

  const load = useCallback(async () => {
    try {
      const list = (await client.getOutgoingWebhooks('', team.id, 0, 200)) as Hook[];
      setHooks(list);
      const ids = [...new Set(list.map((h) => h.creator_id))];
      if (ids.length) {
        const profiles = await client.getProfilesByIds(ids);
        setUsers(Object.fromEntries(profiles.map((u) => [u.id, u])));
      }
    } catch (e) {
      setError(errorText(e));
    }
  }, [team.id]);

  useEffect(() => {
    void load();
  }, [load]);

  const act = async (what: string, fn: () => Promise<unknown>) => {
    setError('');
    setStatus('');
    try {
      await fn();
      // The page shows the change before it is announced.
      await load();
      setStatus(what);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const channelName = (id: string) => (id ? (channels.find((c) => c.id === id)?.display_name ?? id) : 'Any public channel (trigger words required)');
  const shown = (hooks ?? []).filter((h) => {
    const q = filter.trim().toLowerCase();
    return !q || [h.display_name, h.description, ...h.trigger_words].some((s) => s.toLowerCase().includes(q));
  });

  return (
    <>
      <div className="page-head">
        <h1>Outgoing Webhooks</h1>
        <Link className="button button--primary" to={`/${team.name}/integrations/outgoing_webhooks/add`}>
          Add Outgoing Webhook
        </Link>
      </div>
      <p className="muted">
        Outgoing webhooks send a channel's messages that start with a trigger word to the callback URLs, and post the answer back in the channel.
      </p>
      <ErrorNote>{error}</ErrorNote>
      <p role="status" className="status-note">{status}</p>
      {hooks && hooks.length > 0 && (
        <div className="field field--inline">
          <label htmlFor="hook-filter">Search webhooks</label>
          <input id="hook-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} />
        </div>
      )}
      {hooks === null && !error && <p aria-busy="true">Loading…</p>}
      {hooks && hooks.length === 0 && <p>No outgoing webhooks yet.</p>}
      <ul className="hook-list">
        {shown.map((h) => {
          const name = h.display_name || h.trigger_words.join(', ') || 'Outgoing webhook';
          return (
            <li key={h.id} className="hook-card" aria-labelledby={`hook-${h.id}`}>
              <div className="hook-card__head">
                <h2 id={`hook-${h.id}`}>{name}</h2>
                {h.disabled_at > 0 && <span className="pill pill--danger">Disabled</span>}
              </div>
              {h.description && <p>{h.description}</p>}
              <dl className="details">
                <dt>Content Type</dt>
                <dd>{h.content_type || 'application/x-www-form-urlencoded'}</dd>
                <dt>Channel</dt>
                <dd>{channelName(h.channel_id)}</dd>
                <dt>Trigger Words</dt>
                <dd>{h.trigger_words.length ? h.trigger_words.join(', ') : 'Every message in the channel'}</dd>
                <dt>Trigger When</dt>
                <dd>{TRIGGER_WHEN.find((t) => t.value === h.trigger_when)?.label}</dd>
                <dt>Callback URLs</dt>
                <dd>
                  <ul className="plain-list">{h.callback_urls.map((u) => <li key={u}><code>{u}</code></li>)}</ul>
                </dd>
                <dt>Token</dt>
                <dd><code>{h.token}</code></dd>
                <dt>Created</dt>
                <dd>by @{users[h.creator_id]?.username ?? 'unknown'} on {new Date(h.create_at).toLocaleDateString()}</dd>
              </dl>
              {h.disabled_at > 0 && (
                <p className="notice notice--danger">
                  Disabled on {new Date(h.disabled_at).toLocaleString()}: it fires no more.{' '}
                  <Link to={`/${team.name}/integrations/outgoing_webhooks/deliveries?id=${h.id}`}>See why in its delivery log</Link>.
                </p>
              )}
              <div className="hook-card__actions">
                <Link className="button" to={`/${team.name}/integrations/outgoing_webhooks/edit?id=${h.id}`} aria-label={`Edit ${name}`}>Edit</Link>
                <Link className="button" to={`/${team.name}/integrations/outgoing_webhooks/deliveries?id=${h.id}`} aria-label={`Delivery log of ${name}`}>Delivery log</Link>
                <button type="button" className="button" aria-label={`Regenerate token of ${name}`} onClick={() => act('Token regenerated.', () => client.regenOutgoingHookToken(h.id))}>
                  Regenerate Token
                </button>
                {h.disabled_at > 0 && (
                  <button type="button" className="button" aria-label={`Enable ${name}`} onClick={() => act(`${name} enabled.`, () => client.enableOutgoingHook(h.id))}>
                    Enable
                  </button>
                )}
                <button type="button" className="button button--danger" aria-label={`Delete ${name}`} onClick={() => setDeleting(h)}>Delete</button>
              </div>
            </li>
          );
        })}
      </ul>
      {deleting && (
        <Modal title="Delete outgoing webhook" onClose={() => setDeleting(null)}>
          {() => (
            <div className="modal__body">
              <p>Delete <strong>{deleting.display_name || deleting.trigger_words.join(', ')}</strong>? Messages will no longer be sent to its callback URLs.</p>
              <div className="modal__actions">
                <button type="button" className="button" autoFocus onClick={() => setDeleting(null)}>Cancel</button>
                <button type="button" className="button button--danger" onClick={() => {
                  const hook = deleting;
                  setDeleting(null);
                  void act('Webhook deleted.', () => client.removeOutgoingWebhook(hook.id));
                }}>Delete</button>
              </div>
            </div>
          )}
        </Modal>
      )}
    </>
  );
}
