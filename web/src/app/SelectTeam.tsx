// Choosing a team: the user's own teams, open teams to join, and creating a new one.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Team } from '@mattermost/types/teams';
import { client, errorText } from '../api/client';
import { useSession } from './session';
import { ErrorNote, Field } from '../ui/forms';

const slug = (name: string) =>
  name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);

export function SelectTeamPage() {
  const { me, logout, isSystemAdmin } = useSession();
  const navigate = useNavigate();
  const [mine, setMine] = useState<Team[] | null>(null);
  const [open, setOpen] = useState<Team[]>([]);
  const [displayName, setDisplayName] = useState('');
  const [name, setName] = useState('');
  const [nameTouched, setNameTouched] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    (async () => {
      try {
        const teams = await client.getMyTeams();
        setMine(teams);
        const all = (await client.getTeams(0, 200)) as Team[];
        setOpen(all.filter((t) => !teams.some((m) => m.id === t.id)));
      } catch (e) {
        setError(errorText(e));
        setMine([]);
      }
    })();
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const team = await client.createTeam({ display_name: displayName.trim(), name: name || slug(displayName), type: 'O' } as Team);
      navigate(`/${team.name}/channels/town-square`);
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const join = async (team: Team) => {
    setError('');
    try {
      await client.addToTeam(team.id, me!.id);
      navigate(`/${team.name}/channels/town-square`);
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <main className="centered-page">
      <div className="card wide-card">
        <div className="card__header-row">
          <h1>Teams</h1>
          <div className="row-gap">
            {isSystemAdmin && <Link to="/admin_console">System Console</Link>}
            <button className="button button--link" type="button" onClick={() => logout()}>
              Log out
            </button>
          </div>
        </div>
        {mine && mine.length > 0 && (
          <section aria-labelledby="your-teams">
            <h2 id="your-teams">Your teams</h2>
            <ul className="team-list">
              {mine.map((t) => (
                <li key={t.id}>
                  <Link to={`/${t.name}/channels/town-square`}>{t.display_name}</Link>
                </li>
              ))}
            </ul>
          </section>
        )}
        {open.length > 0 && (
          <section aria-labelledby="open-teams">
            <h2 id="open-teams">Teams you can join</h2>
            <ul className="team-list">
              {open.map((t) => (
                <li key={t.id}>
                  <span>{t.display_name}</span>
                  <button className="button" type="button" onClick={() => join(t)}>
                    Join {t.display_name}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
        <section aria-labelledby="create-team">
          <h2 id="create-team">Create a team</h2>
          <form onSubmit={create}>
            <Field label="Team Name">
              {({ id }) => (
                <input id={id} value={displayName} required maxLength={64} onChange={(e) => {
                  setDisplayName(e.target.value);
                  if (!nameTouched) setName(slug(e.target.value));
                }} />
              )}
            </Field>
            <Field label="Team URL" hint={`Lowercase letters, numbers and dashes: /${name || 'team-url'}`}>
              {({ id, describedBy }) => (
                <input id={id} value={name} required aria-describedby={describedBy} maxLength={64} onChange={(e) => {
                  setNameTouched(true);
                  setName(e.target.value);
                }} />
              )}
            </Field>
            <ErrorNote>{error}</ErrorNote>
            <button className="button button--primary" type="submit" disabled={busy}>
              {busy ? 'Creating…' : 'Create team'}
            </button>
          </form>
        </section>
      </div>
    </main>
  );
}
