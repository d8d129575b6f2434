// The integrations pages of a team ("backstage", as Mattermost calls it): a way back to the chat,
// a menu of integration kinds, and the page itself. It loads the team and the user's membership,
// which decide what the user may manage.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useParams } from 'react-router';
import type { Team, TeamMembership } from '@mattermost/types/teams';
import { client, errorText } from '../api/client';
import { useSession } from '../app/session';
import { mayManageHooks, mayManageOthersHooks } from './permissions';

export interface BackstageInfo {
  team: Team;
  member: TeamMembership | null;
  /** Outgoing webhooks are switched on and this user may manage (their own) hooks here. */
  mayManage: boolean;
  mayManageOthers: boolean;
  hooksEnabled: boolean;
}

const BackstageContext = createContext<BackstageInfo | null>(null);

export function useBackstage(): BackstageInfo {
  const info = useContext(BackstageContext);
  if (!info) throw new Error('useBackstage outside the integrations pages');
  return info;
}

export function Backstage() {
  const { team: teamName = '' } = useParams();
  const session = useSession();
  const [team, setTeam] = useState<Team | null>(null);
  const [member, setMember] = useState<TeamMembership | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const t = await client.getTeamByName(teamName);
        const m = await client.getTeamMember(t.id, 'me').catch(() => null);
        if (live) {
          setTeam(t);
          setMember(m);
        }
      } catch (e) {
        if (live) setError(errorText(e));
      }
    })();
    document.title = 'Integrations - Switchboard';
    return () => {
      live = false;
    };
  }, [teamName]);

  let body: ReactNode;
  let info: BackstageInfo | null = null;
  if (error) body = <p role="alert">{error}</p>;
  else if (!team) body = <p aria-busy="true">Loading…</p>;
  else {
    const hooksEnabled = session.config.EnableOutgoingWebhooks === 'true';
    info = {
      team,
      member,
      hooksEnabled,
      mayManage: mayManageHooks(session.config, session.isSystemAdmin, member),
      mayManageOthers: mayManageOthersHooks(session.isSystemAdmin, member),
    };
    body = <Outlet />;
  }

  return (
    <div className="backstage">
      <a className="skip-link" href="#main-content">Skip to content</a>
      <header className="topbar">
        <Link className="topbar__back" to={team ? `/${team.name}/channels/town-square` : '/'}>
          <span aria-hidden="true">←</span> Back to {team?.display_name ?? 'the team'}
        </Link>
        <div className="topbar__spacer" />
        <span className="topbar__user">@{session.me?.username}</span>
      </header>
      <div className="backstage__body">
        <nav className="backstage__nav" aria-label="Integrations">
          <NavLink to={`/${teamName}/integrations`} end>Integrations</NavLink>
          {info?.mayManage && info.hooksEnabled && <NavLink to={`/${teamName}/integrations/outgoing_webhooks`}>Outgoing Webhooks</NavLink>}
        </nav>
        <main id="main-content" className="backstage__main" tabIndex={-1}>
          {info ? <BackstageContext.Provider value={info}>{body}</BackstageContext.Provider> : body}
        </main>
      </div>
    </div>
  );
}

/** Integrations: what the user may set up here, or why nothing is on offer. */
export function IntegrationsHome() {
  const { team, mayManage, hooksEnabled } = useBackstage();
  const { isSystemAdmin } = useSession();
  return (
    <>
      <h1>Integrations</h1>
      {!mayManage ? (
        <p className="notice">Only team and system admins may manage integrations on this server.</p>
      ) : !hooksEnabled ? (
        <p className="notice">
          Outgoing webhooks are switched off on this server.{' '}
          {isSystemAdmin ? (
            <>Switch them on in <Link to="/admin_console/integrations/integration_management">System Console &gt; Integrations &gt; Integration Management</Link>.</>
          ) : (
            'A system admin can switch them on in the System Console.'
          )}
        </p>
      ) : (
        <ul className="integration-cards">
          <li>
            <Link className="integration-card" to={`/${team.name}/integrations/outgoing_webhooks`}>
              <strong>Outgoing Webhooks</strong>
              <span>Send messages that start with a trigger word, or every message of a channel, to an external service, and post its answer back.</span>
            </Link>
          </li>
        </ul>
      )}
    </>
  );
}

/** Pages under outgoing_webhooks need the feature on and the right to manage hooks. */
export function RequireHooks({ children }: { children: ReactNode }) {
  const { mayManage, hooksEnabled, team } = useBackstage();
  if (mayManage && hooksEnabled) return <>{children}</>;
  return (
    <>
      <h1>Outgoing Webhooks</h1>
      <p className="notice">
        {!hooksEnabled ? 'Outgoing webhooks are switched off on this server.' : 'You do not have permission to manage outgoing webhooks in this team.'}
      </p>
      <Link to={`/${team.name}/integrations`}>Back to Integrations</Link>
    </>
  );
}
