import { useEffect, useState, type FormEvent } from 'react';
import { ApiError } from '../api.ts';
import { homeOf, useAuth } from '../auth.tsx';
import { navigate, useLocation } from '../router.tsx';
import { useTitle } from '../hooks.ts';

/** Where to go after signing in: only a path of this site (no //host or scheme: an open redirect otherwise). */
function safeNext(next: string | null): string | undefined {
  return next && /^\/(?!\/)[^\\\s]*$/.test(next) && !next.startsWith('/login') ? next : undefined;
}

export function LoginPage() {
  useTitle('Sign in');
  const { user, login } = useAuth();
  const { search } = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [oidc, setOidc] = useState(false);
  useEffect(() => {
    if (user) navigate(safeNext(search.get('next')) ?? homeOf(user), { replace: true });
  }, [user, search]);
  useEffect(() => {
    // Single sign-on is offered when the server has OIDC configured (its login route redirects to the provider).
    fetch('/api/auth/oidc/login', { method: 'HEAD', redirect: 'manual', credentials: 'same-origin' })
      .then((r) => setOidc(r.type === 'opaqueredirect' || (r.status >= 300 && r.status < 400)))
      .catch(() => setOidc(false));
  }, []);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await login(username, password);
    } catch (x) {
      setError(x instanceof ApiError && x.status === 429 ? 'Too many attempts: wait a minute and try again.' : x instanceof ApiError && x.status === 401 ? 'Wrong username or password.' : (x as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="login">
      <h1>sleetwatch</h1>
      <p className="muted">Find and stop fraudulent remote IT workers.</p>
      <form onSubmit={(e) => void submit(e)} aria-describedby={error ? 'login-error' : undefined}>
        <label htmlFor="username">Username</label>
        <input id="username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        {error && (
          <p id="login-error" className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {oidc && (
        <p>
          <a className="button" href="/api/auth/oidc/login">
            Sign in with single sign-on
          </a>
        </p>
      )}
    </div>
  );
}
