import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../api';
import { ErrorState } from '../components/states';

export function SignIn(props: { onSignedIn(token: string): void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await unwrap(api.POST('/api/auth/login', { body: { email, password } }));
      props.onSignedIn(answer.access_token);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main className="center">
      <form className="card narrow" onSubmit={submit}>
        <h1>Sign in to Outreach</h1>
        <label>
          Email
          <input type="email" autoComplete="username" required maxLength={320} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            required
            maxLength={1000}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {error !== null && <ErrorState error={error} action="Sign in" />}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
