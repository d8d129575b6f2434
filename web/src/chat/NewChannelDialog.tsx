import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client, errorText } from '../api/client';
import { Modal } from '../ui/Modal';
import { ErrorNote, Field } from '../ui/forms';
import { useChatStore } from './context';

export const channelSlug = (name: string) =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);

export function NewChannelDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const store = useChatStore();
  const navigate = useNavigate();
  const team = store.get().team!;
  const [displayName, setDisplayName] = useState('');
  const [purpose, setPurpose] = useState('');
  const [priv, setPriv] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const name = channelSlug(displayName) || `channel-${Date.now().toString(36)}`;
      const channel = await client.createChannel({ team_id: team.id, name, display_name: displayName.trim(), purpose, type: priv ? 'P' : 'O' });
      await store.reloadChannels();
      store.addChannel(channel as Channel);
      onClose();
      onDone();
      navigate(`/${team.name}/channels/${channel.name}`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal title="Create a new channel" onClose={onClose}>
      {() => (
        <form onSubmit={submit} className="modal__body">
          <Field label="Name" hint={displayName ? `URL: /${team.name}/channels/${channelSlug(displayName)}` : undefined}>
            {({ id, describedBy }) => (
              <input id={id} value={displayName} required maxLength={64} aria-describedby={describedBy} autoFocus onChange={(e) => setDisplayName(e.target.value)} />
            )}
          </Field>
          <Field label="Purpose (optional)">
            {({ id }) => <input id={id} value={purpose} maxLength={250} onChange={(e) => setPurpose(e.target.value)} />}
          </Field>
          <fieldset className="radio-group">
            <legend>Who can join</legend>
            <label><input type="radio" name="type" checked={!priv} onChange={() => setPriv(false)} /> Public channel: anyone in the team</label>
            <label><input type="radio" name="type" checked={priv} onChange={() => setPriv(true)} /> Private channel: by invitation only</label>
          </fieldset>
          <ErrorNote>{error}</ErrorNote>
          <div className="modal__actions">
            <button type="button" className="button" onClick={onClose}>Cancel</button>
            <button type="submit" className="button button--primary" disabled={busy}>Create channel</button>
          </div>
        </form>
      )}
    </Modal>
  );
}
