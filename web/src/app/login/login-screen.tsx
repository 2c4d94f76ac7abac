import { useState, type FormEvent } from 'react';
import { ApiError, login } from '../../session/api';
import { sessionStore, type SessionUser } from '../../session/session-store';

/**
 * Sign in. On a shared tablet, people who already signed in on this device
 * can switch back with one tap: their session and pending work stayed here.
 */
export function LoginScreen({ onSignedIn }: { onSignedIn: (userId: string) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  const known: SessionUser[] = sessionStore.knownUsers();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setProblem(undefined);
    try {
      const session = await login(email.trim(), password);
      sessionStore.save(session);
      onSignedIn(session.user.id);
    } catch (error) {
      setProblem(
        error instanceof ApiError
          ? error.message
          : 'Cannot reach the server. Signing in needs a connection once.',
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>Plantkeep</h1>
      {known.length > 0 ? (
        <section>
          <h2>Continue as</h2>
          <div className="actions">
            {known.map((u) => (
              <button key={u.id} type="button" onClick={() => onSignedIn(u.id)}>
                {u.name}
              </button>
            ))}
          </div>
          <h2>Or sign in</h2>
        </section>
      ) : null}
      <form className="form" onSubmit={(e) => void submit(e)}>
        <label>
          Email
          <input
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </label>
        {problem ? <p className="notice error">{problem}</p> : null}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
