import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate, useSearchParams } from 'react-router';
import { client, errorText } from '../api/client';
import { useSession } from '../app/session';
import { ErrorNote, Field } from '../ui/forms';

export function LoginPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [loginId, setLoginId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  if (session.config.NoAccounts === 'true') return <Navigate to="/signup" replace />;
  if (session.me) return <Navigate to={params.get('redirect_to') || '/'} replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      const user = await client.login(loginId.trim(), password);
      await session.loggedIn(user);
      const target = params.get('redirect_to');
      navigate(target && target.startsWith('/') && !target.startsWith('//') ? target : '/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  const canSignUp = session.config.EnableUserCreation === 'true' && session.config.EnableOpenServer === 'true';
  return (
    <main className="centered-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{session.config.SiteName || 'Switchboard'}</h1>
        <p className="muted">Log in to your account</p>
        <Field label="Email or Username">
          {({ id }) => <input id={id} name="login_id" autoComplete="username" value={loginId} onChange={(e) => setLoginId(e.target.value)} required autoFocus />}
        </Field>
        <Field label="Password">
          {({ id }) => <input id={id} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />}
        </Field>
        <ErrorNote>{error}</ErrorNote>
        <button className="button button--primary button--wide" type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        {canSignUp && (
          <p className="muted">
            No account yet? <Link to="/signup">Create one</Link>
          </p>
        )}
      </form>
    </main>
  );
}
