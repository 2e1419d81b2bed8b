import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, asApiError, setCsrfToken, type ApiError } from './api.js';
import type { Role, Session, SessionUser } from './types.js';

interface SessionState {
  /** `loading` until /auth/me answers; `error` when the server could not be asked (down or slow). */
  status: 'loading' | 'ready' | 'error';
  user: SessionUser | null;
  error?: ApiError;
}

interface SessionApi extends SessionState {
  login: (account: string, password: string) => Promise<SessionUser>;
  logout: () => Promise<void>;
  retry: () => void;
  hasRole: (...roles: Role[]) => boolean;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading', user: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading', user: null });
    api.get<Session>('/api/v1/auth/me', { signal: controller.signal }).then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setState({ status: 'ready', user: s.user });
      },
      (err) => {
        if (controller.signal.aborted) return;
        const e = asApiError(err);
        if (e.status === 401) setState({ status: 'ready', user: null });
        else setState({ status: 'error', user: null, error: e });
      },
    );
    return () => controller.abort();
  }, [attempt]);

  const login = useCallback(async (account: string, password: string) => {
    const s = await api.post<Session>('/api/v1/auth/login', { account, password });
    setCsrfToken(s.csrfToken);
    setState({ status: 'ready', user: s.user });
    return s.user;
  }, []);

  const logout = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout');
    } catch (err) {
      // An expired session is already logged out; anything else is worth telling.
      if (asApiError(err).status !== 401) throw err;
    } finally {
      setCsrfToken(null);
    }
    setState({ status: 'ready', user: null });
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  const value = useMemo<SessionApi>(
    () => ({ ...state, login, logout, retry, hasRole: (...roles) => !!state.user && roles.some((r) => state.user!.roles.includes(r)) }),
    [state, login, logout, retry],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const ctx = useContext(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}
