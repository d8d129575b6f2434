// A team's chat: header, channel sidebar and the channel (or direct message) on screen. The chat
// store lives as long as the team is shown; websocket events feed it.
import { useEffect, useMemo, useState } from 'react';
import { Link, Outlet, useNavigate, useParams } from 'react-router';
import type { TeamMembership } from '@mattermost/types/teams';
import { client, errorStatus, errorText } from '../api/client';
import { useSession } from '../app/session';
import { connectSocket, onSocketEvent, onSocketReconnect } from '../app/socket';
import { ChatContext } from './context';
import { ChatStore, useChat } from './store';
import { Sidebar } from './Sidebar';
import { mayManageHooks } from '../integrations/permissions';
import { MenuIcon } from '../ui/icons';

export function TeamLayout() {
  const { team: teamName = '' } = useParams();
  const session = useSession();
  const me = session.me!;
  const { logout } = session;
  const store = useMemo(() => new ChatStore(me.id), [me.id, teamName]);
  const [error, setError] = useState('');
  const [ready, setReady] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [sidebarOpen, setSidebarOpen] = useState(false);
  const [teamMember, setTeamMember] = useState<TeamMembership | null>(null);
  const team = useChat(store, (s) => s.team);
  const navigate = useNavigate();

  useEffect(() => {
    let live = true;
    setReady(false);
    setError('');
    store.addUsers([me]);
    store.load(teamName).then(
      async () => {
        if (!live) return;
        setReady(true);
        localStorage.setItem('switchboard.lastTeam', teamName);
        const t = store.get().team;
        if (t) setTeamMember(await client.getTeamMember(t.id, 'me').catch(() => null));
      },
      (e) => {
        if (!live) return;
        // The login ended (expired, or revoked elsewhere): back to the login page, then here again.
        if (errorStatus(e) === 401) void logout();
        else setError(errorText(e));
      },
    );
    connectSocket();
    const offEvent = onSocketEvent((e) => store.handle(e));
    const offReconnect = onSocketReconnect(() => {
      void store.reloadChannels();
      const current = store.get().currentChannelId;
      if (current) void store.loadPosts(current);
    });
    const onVisible = () => {
      const current = store.get().currentChannelId;
      if (document.visibilityState === 'visible' && current) store.markViewed(current, true);
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live = false;
      offEvent();
      offReconnect();
      document.removeEventListener('visibilitychange', onVisible);
      store.dispose();
    };
  }, [store, teamName, me, logout]);

  if (error) {
    return (
      <main className="centered-page">
        <div className="card">
          <h1>Team not available</h1>
          <p role="alert">{error}</p>
          <Link to="/select_team">Choose a team</Link>
        </div>
      </main>
    );
  }
  if (!ready || !team) return <main className="centered-page" aria-busy="true"><p>Loading…</p></main>;

  const manage = mayManageHooks(session.config, session.isSystemAdmin, teamMember);
  return (
    <ChatContext.Provider value={store}>
      <div className={sidebarOpen ? 'app app--sidebar-open' : 'app'}>
        <a className="skip-link" href="#main-content">Skip to messages</a>
        <header className="topbar">
          <button
            type="button"
            className="icon-button topbar__menu-toggle"
            aria-label="Channels"
            aria-expanded={sidebarOpen}
            aria-controls="sidebar"
            onClick={() => setSidebarOpen((o) => !o)}
          >
            <MenuIcon />
          </button>
          <span className="topbar__title">{team.display_name}</span>
          <div className="topbar__spacer" />
          <div className="menu" onKeyDown={(e) => {
            if (e.key === 'Escape' && menuOpen) {
              setMenuOpen(false);
              (e.currentTarget.querySelector('.menu__button') as HTMLElement | null)?.focus();
            }
          }}>
            <button type="button" className="menu__button" aria-expanded={menuOpen} aria-controls="main-menu" onClick={() => setMenuOpen((o) => !o)}>
              @{me.username} <span aria-hidden="true">▾</span>
            </button>
            {menuOpen && (
              <nav id="main-menu" className="menu__list" aria-label="Main menu" onClick={() => setMenuOpen(false)}>
                {manage && <Link to={`/${team.name}/integrations`}>Integrations</Link>}
                {session.isSystemAdmin && <Link to="/admin_console">System Console</Link>}
                <Link to="/select_team">Join or create a team</Link>
                <button type="button" onClick={async () => {
                  await session.logout();
                  navigate('/login');
                }}>
                  Log out
                </button>
              </nav>
            )}
          </div>
        </header>
        <div className="app__body">
          <Sidebar onNavigate={() => setSidebarOpen(false)} />
          <div className="sidebar-scrim" onClick={() => setSidebarOpen(false)} aria-hidden="true" />
          <Outlet />
        </div>
      </div>
    </ChatContext.Provider>
  );
}
