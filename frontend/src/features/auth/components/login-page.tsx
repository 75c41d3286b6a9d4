import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { errorMessage } from '@/lib/error-message';
import { useMe } from '../api/get-me';
import { useLogin } from '../api/login';

function redirectTarget(state: unknown): string {
  const from = (state as { from?: string } | null)?.from;
  return from && from.startsWith('/') && !from.startsWith('/login') ? from : '/';
}

export function LoginPage() {
  const me = useMe();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');

  if (me.data) return <Navigate to={redirectTarget(location.state)} replace />;

  function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    login.mutate(
      { username: username.trim(), password },
      { onSuccess: () => navigate(redirectTarget(location.state), { replace: true }) },
    );
  }

  return (
    <main className="login">
      <form className="login-card" onSubmit={handleSubmit} aria-labelledby="login-title">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">
            P
          </span>
          <span>Pagu</span>
        </div>
        <h1 id="login-title">Masuk</h1>
        <p className="muted">Perencanaan dan penganggaran pemerintah daerah.</p>
        {login.isError && (
          <div className="alert alert-error" role="alert">
            {errorMessage(login.error)}
          </div>
        )}
        <label htmlFor="login-username">Nama pengguna</label>
        <input
          id="login-username"
          name="username"
          autoComplete="username"
          required
          autoFocus
          value={username}
          onChange={(event) => setUsername(event.target.value)}
        />
        <label htmlFor="login-password">Kata sandi</label>
        <input
          id="login-password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(event) => setPassword(event.target.value)}
        />
        <button type="submit" className="button button-primary" disabled={login.isPending}>
          {login.isPending ? 'Memproses…' : 'Masuk'}
        </button>
      </form>
    </main>
  );
}
