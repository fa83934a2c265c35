// Who is signed in, shared by the pages: restored at start from the refresh cookie (the access token itself is
// never stored), updated on sign-in and sign-out.
import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { api, type User } from './api/client';

interface Session {
  user: User | null;
  ready: boolean;
  setUser: (user: User | null) => void;
}

const SessionContext = createContext<Session>({ user: null, ready: false, setUser: () => {} });

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    // Only a browser that signed in before has a refresh cookie worth trying (an anonymous call would be a 400).
    if (api.maySignInSilently()) {
      api
        .refresh()
        .then(() => setUser(api.user))
        .finally(() => setReady(true));
    } else {
      setReady(true);
    }
    return api.tokens.subscribe((token) => {
      if (!token) setUser(null);
    });
  }, []);
  return <SessionContext.Provider value={{ user, ready, setUser }}>{children}</SessionContext.Provider>;
}

export const useSession = () => useContext(SessionContext);
