import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorText } from '../api/client';
import { Modal } from '../ui/Modal';
import { ErrorNote, Field } from '../ui/forms';
import { useChatStore } from './context';
import { Avatar } from '../ui/Avatar';

export function NewDirectMessageDialog({ onClose, onDone }: { onClose: () => void; onDone: () => void }) {
  const store = useChatStore();
  const navigate = useNavigate();
  const team = store.get().team!;
  const [users, setUsers] = useState<UserProfile[] | null>(null);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    client.getProfiles(0, 200, { in_team: team.id }).then(
      (list) => {
        store.addUsers(list);
        setUsers(list.filter((u) => !u.is_bot));
      },
      (e) => setError(errorText(e)),
    );
  }, [team.id, store]);

  const shown = (users ?? []).filter((u) => u.username.includes(filter.trim().toLowerCase()));
  const open = (u: UserProfile) => {
    onClose();
    onDone();
    navigate(`/${team.name}/messages/@${u.username}`);
  };

  return (
    <Modal title="Direct messages" onClose={onClose}>
      {() => (
        <div className="modal__body">
          <Field label="Find people">
            {({ id }) => <input id={id} type="search" value={filter} autoFocus onChange={(e) => setFilter(e.target.value)} />}
          </Field>
          <ErrorNote>{error}</ErrorNote>
          {users === null && !error && <p aria-busy="true">Loading…</p>}
          <ul className="pick-list">
            {shown.map((u) => (
              <li key={u.id}>
                <button type="button" className="pick-list__button" onClick={() => open(u)}>
                  <Avatar name={u.username} id={u.id} size={24} />
                  <span>@{u.username}{u.id === store.meId ? ' (you)' : ''}</span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </Modal>
  );
}
