import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import { client, errorText } from '../api/client';
import { useSession } from '../app/session';
import { ErrorNote, Field } from '../ui/forms';

export function SignupPage() {
  const session = useSession();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const first = session.config.NoAccounts === 'true';
  const open = session.config.EnableUserCreation === 'true' && session.config.EnableOpenServer === 'true';
  if (session.me) return <Navigate to="/" replace />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError('');
    try {
      await client.createUser({ email: email.trim(), username: username.trim(), password } as never, '', '');
      const user = await client.login(username.trim(), password);
      await session.loggedIn(user);
      navigate('/', { replace: true });
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  if (!first && !open) {
    return (
      <main className="centered-page">
        <div className="card auth-card">
          <h1>Sign-up is closed</h1>
          <p>This server does not allow open sign-up. Ask your system administrator for an account.</p>
          <Link to="/login">Back to log in</Link>
        </div>
      </main>
    );
  }

  return (
    <main className="centered-page">
      <form className="card auth-card" onSubmit={submit} aria-labelledby="signup-title">
        <h1 id="signup-title">{first ? 'Create the first account' : 'Create your account'}</h1>
        {first && (
          <p className="notice">
            This server has no accounts yet. The account you create now is the <strong>system administrator</strong>:
            it manages the server in the System Console.
          </p>
        )}
        <Field label="Email">
          {({ id }) => <input id={id} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoFocus />}
        </Field>
        <Field label="Username" hint="Lowercase letters, numbers and . - _; starts with a letter.">
          {({ id, describedBy }) => (
            <input id={id} name="username" autoComplete="username" aria-describedby={describedBy} value={username} onChange={(e) => setUsername(e.target.value)} required />
          )}
        </Field>
        <Field label="Password" hint="At least 8 characters.">
          {({ id, describedBy }) => (
            <input id={id} name="password" type="password" autoComplete="new-password" aria-describedby={describedBy} value={password} onChange={(e) => setPassword(e.target.value)} required />
          )}
        </Field>
        <ErrorNote>{error}</ErrorNote>
        <button className="button button--primary button--wide" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        {!first && (
          <p className="muted">
            Already have an account? <Link to="/login">Log in</Link>
          </p>
        )}
      </form>
    </main>
  );
}
