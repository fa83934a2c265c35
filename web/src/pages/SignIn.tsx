import { useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api, errorMessage } from '../api/client';
import { safeNext } from '../navigation';
import { useSession } from '../session';

export default function SignIn() {
  const [mode, setMode] = useState<'signin' | 'register'>('signin');
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { setUser } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const target = safeNext(params.get('next'));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const user = mode === 'signin' ? await api.login(login, password) : await api.register(login, email, password);
      setUser(user);
      navigate(target);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="auth" onSubmit={submit}>
      <h1>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h1>
      <label>
        {mode === 'signin' ? 'Username or email' : 'Username'}
        <input value={login} onChange={(e) => setLogin(e.target.value)} autoComplete="username" required />
      </label>
      {mode === 'register' && (
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" required />
        </label>
      )}
      <label>
        Password
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          minLength={mode === 'register' ? 10 : 1}
          autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          required
        />
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={busy}>
        {mode === 'signin' ? 'Sign in' : 'Register'}
      </button>
      <button type="button" className="link" onClick={() => setMode(mode === 'signin' ? 'register' : 'signin')}>
        {mode === 'signin' ? 'No account? Register' : 'Have an account? Sign in'}
      </button>
    </form>
  );
}
