import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setUnauthorizedHandler, tokenStore, unwrap, type Schemas } from './api';

const CLIENT_KEY = 'outreach.client';

export interface Session {
  me: Schemas['Me'];
  /** The client the pages show: the caller's own, or the one an admin picked. */
  clientId: string | null;
  setClientId(id: string | null): void;
  /** Viewers read only: no write control is shown to them. */
  canWrite: boolean;
  isAdmin: boolean;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}

export function useSignedIn(): { token: string | null; signIn(token: string): void; signOut(): void } {
  const [token, setToken] = useState(tokenStore.get());
  const queryClient = useQueryClient();
  const signOut = useCallback(() => {
    tokenStore.clear();
    sessionStorage.removeItem(CLIENT_KEY);
    queryClient.clear();
    setToken(null);
    // The Bull Board cookie must not outlive the session that set it.
    void fetch('/api/auth/admin-session', { method: 'DELETE' }).catch(() => undefined);
  }, [queryClient]);
  useEffect(() => setUnauthorizedHandler(signOut), [signOut]);
  const signIn = useCallback((next: string) => {
    tokenStore.set(next);
    setToken(next);
  }, []);
  return { token, signIn, signOut };
}

export function SessionProvider(props: {
  signOut(): void;
  children(state: 'loading' | 'error', message?: string): ReactNode;
  ready: ReactNode;
}) {
  const me = useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/api/auth/me')) });
  const [picked, setPicked] = useState<string | null>(sessionStorage.getItem(CLIENT_KEY));
  const setClientId = useCallback((id: string | null) => {
    if (id) sessionStorage.setItem(CLIENT_KEY, id);
    else sessionStorage.removeItem(CLIENT_KEY);
    setPicked(id);
  }, []);
  const value = useMemo<Session | null>(() => {
    if (!me.data) return null;
    const isAdmin = me.data.role === 'admin';
    return {
      me: me.data,
      clientId: isAdmin ? picked : me.data.client_id,
      setClientId,
      canWrite: me.data.role !== 'viewer',
      isAdmin,
      signOut: props.signOut,
    };
  }, [me.data, picked, setClientId, props.signOut]);
  if (me.isPending) return props.children('loading');
  if (!value) return props.children('error', me.error?.message);
  return <SessionContext.Provider value={value}>{props.ready}</SessionContext.Provider>;
}
