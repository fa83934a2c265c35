import { lazy, Suspense } from 'react';
import { Link, NavLink, Route, Routes, useNavigate } from 'react-router-dom';
import { api } from './api/client';
import { SessionProvider, useSession } from './session';

// Pages load on demand: the player (and hls.js) only on the pages that play.
const Home = lazy(() => import('./pages/Home'));
const WatchLive = lazy(() => import('./pages/WatchLive'));
const Videos = lazy(() => import('./pages/Videos'));
const WatchVideo = lazy(() => import('./pages/WatchVideo'));
const SignIn = lazy(() => import('./pages/SignIn'));
const Dashboard = lazy(() => import('./pages/Dashboard'));
const ManageStream = lazy(() => import('./pages/ManageStream'));
const Upload = lazy(() => import('./pages/Upload'));

function Header() {
  const { user, setUser } = useSession();
  const navigate = useNavigate();
  return (
    <header className="top">
      <Link to="/" className="brand">
        Millrace
      </Link>
      <nav>
        <NavLink to="/" end>
          Live
        </NavLink>
        <NavLink to="/videos">Videos</NavLink>
        {user && (
          <NavLink to="/dashboard" end>
            Dashboard
          </NavLink>
        )}
        {user && <NavLink to="/dashboard/upload">Upload</NavLink>}
        {user ? (
          <button
            type="button"
            className="link"
            onClick={() =>
              api.logout().finally(() => {
                setUser(null);
                navigate('/');
              })
            }
          >
            Sign out {user.username}
          </button>
        ) : (
          <NavLink to="/signin">Sign in</NavLink>
        )}
      </nav>
    </header>
  );
}

export function App() {
  return (
    <SessionProvider>
      <Header />
      <main>
        <Suspense fallback={<p className="muted">Loading…</p>}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/watch/:streamId" element={<WatchLive />} />
            <Route path="/videos" element={<Videos />} />
            <Route path="/videos/:id" element={<WatchVideo />} />
            <Route path="/signin" element={<SignIn />} />
            <Route path="/dashboard" element={<Dashboard />} />
            <Route path="/dashboard/streams/:id" element={<ManageStream />} />
            <Route path="/dashboard/upload" element={<Upload />} />
            <Route
              path="*"
              element={
                <p>
                  Nothing here. <Link to="/">Back to live streams</Link>
                </p>
              }
            />
          </Routes>
        </Suspense>
      </main>
    </SessionProvider>
  );
}
