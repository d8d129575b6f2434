// "/": where a visitor belongs. Nobody on the server yet: create the first account; logged out: log
// in; otherwise the first team's Town Square, or the team chooser when the user has no team.
import { useEffect, useState } from 'react';
import { Navigate } from 'react-router';
import { client, errorText } from '../api/client';
import { useSession } from './session';

export function HomeRedirect() {
  const { me, config } = useSession();
  const [target, setTarget] = useState('');
  const [error, setError] = useState('');

  useEffect(() => {
    if (!me) return;
    client.getMyTeams().then(
      (teams) => {
        const sorted = [...teams].sort((a, b) => a.display_name.localeCompare(b.display_name));
        const last = localStorage.getItem('switchboard.lastTeam');
        const team = sorted.find((t) => t.name === last) ?? sorted[0];
        setTarget(team ? `/${team.name}/channels/town-square` : '/select_team');
      },
      (e) => setError(errorText(e)),
    );
  }, [me]);

  if (!me) return <Navigate to={config.NoAccounts === 'true' ? '/signup' : '/login'} replace />;
  if (error) return <main className="centered-page"><p role="alert">{error}</p></main>;
  if (!target) return <main className="centered-page" aria-busy="true"><p>Loading…</p></main>;
  return <Navigate to={target} replace />;
}

/** Pages for logged-in users only send others to the login page and back here afterwards. */
export function RequireLogin({ children }: { children: React.ReactNode }) {
  const { me } = useSession();
  if (!me) {
    const here = window.location.pathname + window.location.search;
    return <Navigate to={`/login?redirect_to=${encodeURIComponent(here)}`} replace />;
  }
  return <>{children}</>;
}
