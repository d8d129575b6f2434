import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { client, errorText } from '../api/client';
import { Modal } from '../ui/Modal';
import { ErrorNote } from '../ui/forms';
import { useChatStore } from './context';

export function BrowseChannelsDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const store = useChatStore();
  const navigate = useNavigate();
  const team = store.get().team!;
  const [channels, setChannels] = useState<Channel[] | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    client.getChannels(team.id, 0, 200).then(
      (list) => setChannels((list as Channel[]).filter((c) => !store.get().members[c.id])),
      (e) => setError(errorText(e)),
    );
  }, [team.id, store]);

  const join = async (c: Channel) => {
    setError('');
    try {
      await client.addToChannel(store.meId, c.id);
      await store.reloadChannels();
      onClose();
      onDone();
      navigate(`/${team.name}/channels/${c.name}`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <Modal title="Browse channels" onClose={onClose}>
      {() => (
        <div className="modal__body">
          <ErrorNote>{error}</ErrorNote>
          {channels === null && !error && <p aria-busy="true">Loading…</p>}
          {channels && channels.length === 0 && <p>You are in every public channel of this team.</p>}
          {channels && channels.length > 0 && (
            <ul className="pick-list">
              {channels.map((c) => (
                <li key={c.id}>
                  <div>
                    <strong># {c.display_name}</strong>
                    {c.purpose && <p className="muted">{c.purpose}</p>}
                  </div>
                  <button type="button" className="button" onClick={() => join(c)} aria-label={`Join ${c.display_name}`}>
                    Join
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </Modal>
  );
}
