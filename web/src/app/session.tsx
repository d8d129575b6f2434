// Who is using the app and what the server allows: the client configuration (read before login,
// it says whether the server has any account yet) and the logged-in user, shared with every page.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { UserProfile } from '@mattermost/types/users';
import { client, errorStatus } from '../api/client';
import { disconnectSocket } from './socket';

export type ClientConfig = Record<string, string>;

export interface Session {
  config: ClientConfig;
  /** null: nobody is logged in. */
  me: UserProfile | null;
  isSystemAdmin: boolean;
  reloadConfig(): Promise<ClientConfig>;
  loggedIn(user: UserProfile): Promise<void>;
  logout(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export const isSystemAdmin = (user: UserProfile | null) => !!user && user.roles.split(' ').includes('system_admin');

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [config, setConfig] = useState<ClientConfig | null>(null);
  const [me, setMe] = useState<UserProfile | null | undefined>(undefined);
  const [failure, setFailure] = useState('');

  const reloadConfig = useCallback(async () => {
    const c = (await client.getClientConfig()) as unknown as ClientConfig;
    setConfig(c);
    return c;
  }, []);

  useEffect(() => {
    (async () => {
      try {
        await reloadConfig();
      } catch {
        setFailure('The server could not be reached. Reload the page to try again.');
        return;
      }
      try {
        setMe(await client.getMe());
      } catch (e) {
        if (errorStatus(e) !== 401) setFailure('The server could not be reached. Reload the page to try again.');
        setMe(null);
      }
    })();
  }, [reloadConfig]);

  const loggedIn = useCallback(async (user: UserProfile) => {
    setMe(user);
    await reloadConfig();
  }, [reloadConfig]);

  const logout = useCallback(async () => {
    // The websocket belongs to the session: close it first, so it does not try to reconnect without one.
    disconnectSocket();
    try {
      await client.logout();
    } finally {
      client.setToken('');
      setMe(null);
      await reloadConfig().catch(() => undefined);
    }
  }, [reloadConfig]);

  const value = useMemo<Session | null>(
    () => (config && me !== undefined ? { config, me, isSystemAdmin: isSystemAdmin(me), reloadConfig, loggedIn, logout } : null),
    [config, me, reloadConfig, loggedIn, logout],
  );

  if (failure && !value) return <main className="centered-page"><p role="alert">{failure}</p></main>;
  if (!value) return <main className="centered-page" aria-busy="true"><p>Loading…</p></main>;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}
