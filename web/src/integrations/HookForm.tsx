// Add or edit an outgoing webhook, with the fields Mattermost's form has, each labelled. The server
// checks everything; its answer, in words, is shown next to the form. After adding, the token is
// shown on the confirmation page.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { client, errorText, type Hook } from '../api/client';
import { useSession } from '../app/session';
import { useBackstage } from './Backstage';
import { CONTENT_TYPES, TRIGGER_WHEN, useTeamChannels } from './OutgoingHooks';
import { ErrorNote, Field } from '../ui/forms';

interface Draft {
  display_name: string;
  description: string;
  content_type: string;
  channel_id: string;
  trigger_words: string;
  trigger_when: number;
  callback_urls: string;
  username: string;
  icon_url: string;
}

const emptyDraft: Draft = {
  display_name: '', description: '', content_type: CONTENT_TYPES[0]!, channel_id: '', trigger_words: '', trigger_when: 0,
  callback_urls: '', username: '', icon_url: '',
};

const lines = (text: string) => text.split('\n').map((l) => l.trim()).filter(Boolean);

export function HookFormPage({ mode }: { mode: 'add' | 'edit' }) {
  const { team } = useBackstage();
  const { config } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const channels = useTeamChannels(team.id);
  const id = params.get('id') ?? '';
  const [hook, setHook] = useState<Hook | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [loaded, setLoaded] = useState(mode === 'add');

  useEffect(() => {
    if (mode !== 'edit') return;
    if (!id) {
      setError('No webhook was given to edit.');
      return;
    }
    client.getOutgoingWebhook(id).then(
      (h) => {
        const hk = h as Hook;
        setHook(hk);
        setDraft({
          display_name: hk.display_name, description: hk.description, content_type: hk.content_type || CONTENT_TYPES[0]!,
          channel_id: hk.channel_id, trigger_words: hk.trigger_words.join('\n'), trigger_when: hk.trigger_when,
          callback_urls: hk.callback_urls.join('\n'), username: hk.username, icon_url: hk.icon_url,
        });
        setLoaded(true);
      },
      (e) => setError(errorText(e)),
    );
  }, [mode, id]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError('');
    const triggerWords = lines(draft.trigger_words);
    const callbackUrls = lines(draft.callback_urls);
    if (!draft.channel_id && triggerWords.length === 0) {
      setError('Choose a channel, or give at least one trigger word.');
      return;
    }
    if (callbackUrls.length === 0) {
      setError('Give at least one callback URL.');
      return;
    }
    setBusy(true);
    const body = {
      team_id: team.id, channel_id: draft.channel_id, display_name: draft.display_name.trim(), description: draft.description.trim(),
      content_type: draft.content_type, trigger_words: triggerWords, trigger_when: draft.trigger_when, callback_urls: callbackUrls,
      username: draft.username.trim(), icon_url: draft.icon_url.trim(),
    };
    try {
      if (mode === 'add') {
        const created = await client.createOutgoingWebhook(body as Hook);
        navigate(`/${team.name}/integrations/confirm?type=outgoing_webhooks&id=${created.id}`);
      } else {
        await client.updateOutgoingWebhook({ ...(hook as Hook), ...body });
        navigate(`/${team.name}/integrations/outgoing_webhooks`);
      }
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const title = mode === 'add' ? 'Add Outgoing Webhook' : 'Edit Outgoing Webhook';
  const overridesOff = config.EnablePostUsernameOverride !== 'true';
  const iconsOff = config.EnablePostIconOverride !== 'true';
  return (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <Link to={`/${team.name}/integrations/outgoing_webhooks`}>Outgoing Webhooks</Link> <span aria-hidden="true">›</span> {mode === 'add' ? 'Add' : 'Edit'}
      </nav>
      <h1>{title}</h1>
      {!loaded ? (
        error ? <ErrorNote>{error}</ErrorNote> : <p aria-busy="true">Loading…</p>
      ) : (
        <form className="hook-form" onSubmit={submit} aria-describedby={error ? 'hook-form-error' : undefined}>
          <Field label="Display Name" hint="A name for the integrations list and for its posts (up to 64 characters).">
            {({ id: fid, describedBy }) => <input id={fid} maxLength={64} value={draft.display_name} aria-describedby={describedBy} onChange={(e) => set('display_name', e.target.value)} />}
          </Field>
          <Field label="Description" hint="What this webhook does (up to 500 characters).">
            {({ id: fid, describedBy }) => <input id={fid} maxLength={500} value={draft.description} aria-describedby={describedBy} onChange={(e) => set('description', e.target.value)} />}
          </Field>
          <Field label="Content Type" hint="How the message is sent: as a form (application/x-www-form-urlencoded) or as JSON.">
            {({ id: fid, describedBy }) => (
              <select id={fid} value={draft.content_type} aria-describedby={describedBy} onChange={(e) => set('content_type', e.target.value)}>
                {CONTENT_TYPES.map((t) => <option key={t} value={t}>{t}</option>)}
              </select>
            )}
          </Field>
          <Field label="Channel" hint="A public channel this webhook listens to; with no channel, trigger words are required and it listens in every public channel.">
            {({ id: fid, describedBy }) => (
              <select id={fid} value={draft.channel_id} aria-describedby={describedBy} onChange={(e) => set('channel_id', e.target.value)}>
                <option value="">--- Select a channel ---</option>
                {channels.map((c) => <option key={c.id} value={c.id}>{c.display_name}</option>)}
              </select>
            )}
          </Field>
          <Field label="Trigger Words (One Per Line)" hint="Messages whose first word is one of these are sent. Leave empty to send every message of the channel.">
            {({ id: fid, describedBy }) => <textarea id={fid} rows={3} value={draft.trigger_words} aria-describedby={describedBy} onChange={(e) => set('trigger_words', e.target.value)} />}
          </Field>
          <Field label="Trigger When" hint="When a message counts as triggering.">
            {({ id: fid, describedBy }) => (
              <select id={fid} value={draft.trigger_when} aria-describedby={describedBy} onChange={(e) => set('trigger_when', Number(e.target.value))}>
                {TRIGGER_WHEN.map((t) => <option key={t.value} value={t.value}>{t.label}</option>)}
              </select>
            )}
          </Field>
          <Field label="Callback URLs (One Per Line)" hint="Each URL gets its own request (http:// or https://).">
            {({ id: fid, describedBy }) => <textarea id={fid} rows={3} required value={draft.callback_urls} aria-describedby={describedBy} onChange={(e) => set('callback_urls', e.target.value)} />}
          </Field>
          <Field label="Username" hint={overridesOff ? 'Used only when the System Console lets integrations override usernames (now off: posts show "webhook").' : 'The name its posts show, unless the answer names another.'}>
            {({ id: fid, describedBy }) => <input id={fid} maxLength={64} value={draft.username} aria-describedby={describedBy} onChange={(e) => set('username', e.target.value)} />}
          </Field>
          <Field label="Profile Picture" hint={iconsOff ? 'An image URL, used only when the System Console lets integrations override profile pictures (now off).' : 'An image URL its posts show, unless the answer names another.'}>
            {({ id: fid, describedBy }) => <input id={fid} type="url" value={draft.icon_url} aria-describedby={describedBy} onChange={(e) => set('icon_url', e.target.value)} />}
          </Field>
          <ErrorNote id="hook-form-error">{error}</ErrorNote>
          <div className="form-actions">
            <Link className="button" to={`/${team.name}/integrations/outgoing_webhooks`}>Cancel</Link>
            <button className="button button--primary" type="submit" disabled={busy}>{busy ? 'Saving…' : mode === 'add' ? 'Save' : 'Update'}</button>
          </div>
        </form>
      )}
    </>
  );
}

/** After adding a hook: its token, for the receiving service to check requests with. */
export function HookConfirmPage() {
  const { team } = useBackstage();
  const [params] = useSearchParams();
  const [hook, setHook] = useState<Hook | null>(null);
  const [error, setError] = useState('');
  const id = params.get('id') ?? '';

  useEffect(() => {
    client.getOutgoingWebhook(id).then((h) => setHook(h as Hook), (e) => setError(errorText(e)));
  }, [id]);

  return (
    <>
      <h1>Setup Successful</h1>
      <ErrorNote>{error}</ErrorNote>
      {hook && (
        <div className="card">
          <p>Your outgoing webhook <strong>{hook.display_name || hook.trigger_words.join(', ')}</strong> has been set up. Give this token to the receiving service so it can check that requests come from this server:</p>
          <p className="token-box">
            <span>Token:</span> <code data-testid="hook-token">{hook.token}</code>
          </p>
          <Link className="button button--primary" to={`/${team.name}/integrations/outgoing_webhooks`}>Done</Link>
        </div>
      )}
    </>
  );
}
