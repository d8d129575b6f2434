// The team's channels and direct messages, each with its unread state and mention count, and the
// ways to create, browse and start conversations.
import { useState } from 'react';
import { NavLink } from 'react-router';
import type { ServerChannel as Channel } from '@mattermost/types/channels';
import { useChatStore } from './context';
import { unreadOf, useChat } from './store';
import { NewChannelDialog } from './NewChannelDialog';
import { BrowseChannelsDialog } from './BrowseChannelsDialog';
import { NewDirectMessageDialog } from './NewDirectMessageDialog';
import { LockIcon, PlusIcon, SearchIcon } from '../ui/icons';
import type { ReactNode } from 'react';

type Dialog = '' | 'new-channel' | 'browse' | 'direct';

export function Sidebar({ onNavigate }: { onNavigate: () => void }) {
  const store = useChatStore();
  const team = useChat(store, (s) => s.team)!;
  const teams = useChat(store, (s) => s.teams);
  const channels = useChat(store, (s) => s.channels);
  const members = useChat(store, (s) => s.members);
  useChat(store, (s) => s.users);
  const [dialog, setDialog] = useState<Dialog>('');

  const all = Object.values(channels);
  const named = all.filter((c) => c.type === 'O' || c.type === 'P').sort((a, b) => a.display_name.localeCompare(b.display_name));
  const direct = all.filter((c) => c.type === 'D').sort((a, b) => store.channelLabel(a).localeCompare(store.channelLabel(b)));

  const item = (c: Channel, to: string, icon: ReactNode) => {
    const { unread, mentions } = unreadOf(c, members[c.id]);
    const label = store.channelLabel(c);
    const extra = [unread ? 'unread' : '', mentions ? `${mentions} mention${mentions === 1 ? '' : 's'}` : ''].filter(Boolean).join(', ');
    return (
      <li key={c.id}>
        <NavLink
          to={to}
          onClick={onNavigate}
          className={({ isActive }) => ['sidebar__item', isActive ? 'sidebar__item--active' : '', unread ? 'sidebar__item--unread' : ''].join(' ')}
          aria-label={extra ? `${label}, ${extra}` : label}
          data-channel={c.name}
        >
          <span className="sidebar__icon" aria-hidden="true">{icon}</span>
          <span className="sidebar__label">{label}</span>
          {mentions > 0 && <span className="badge" aria-hidden="true">{mentions}</span>}
        </NavLink>
      </li>
    );
  };

  return (
    <nav id="sidebar" className="sidebar" aria-label="Channels">
      <div className="sidebar__team">
        <h2 className="sidebar__team-name">{team.display_name}</h2>
        {teams.length > 1 && (
          <ul className="sidebar__teams" aria-label="Other teams">
            {teams.filter((t) => t.id !== team.id).map((t) => (
              <li key={t.id}>
                <NavLink to={`/${t.name}/channels/town-square`} onClick={onNavigate}>{t.display_name}</NavLink>
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="sidebar__section-head">
        <h3 id="sidebar-channels">Channels</h3>
        <div className="row-gap">
          <button type="button" className="icon-button" aria-label="Browse channels" title="Browse channels" onClick={() => setDialog('browse')}><SearchIcon /></button>
          <button type="button" className="icon-button" aria-label="Create new channel" title="Create new channel" onClick={() => setDialog('new-channel')}><PlusIcon /></button>
        </div>
      </div>
      <ul aria-labelledby="sidebar-channels">{named.map((c) => item(c, `/${team.name}/channels/${c.name}`, c.type === 'P' ? <LockIcon /> : '#'))}</ul>
      <div className="sidebar__section-head">
        <h3 id="sidebar-direct">Direct Messages</h3>
        <button type="button" className="icon-button" aria-label="Write a direct message" title="Write a direct message" onClick={() => setDialog('direct')}><PlusIcon /></button>
      </div>
      <ul aria-labelledby="sidebar-direct">
        {direct.map((c) => {
          const partner = store.get().users[store.dmPartnerId(c)];
          return item(c, `/${team.name}/messages/@${partner?.username ?? ''}`, '@');
        })}
      </ul>
      {dialog === 'new-channel' && <NewChannelDialog onClose={() => setDialog('')} onDone={onNavigate} />}
      {dialog === 'browse' && <BrowseChannelsDialog onClose={() => setDialog('')} onDone={onNavigate} />}
      {dialog === 'direct' && <NewDirectMessageDialog onClose={() => setDialog('')} onDone={onNavigate} />}
    </nav>
  );
}
