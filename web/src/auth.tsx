// Who is signed in (GET /api/auth/me), log in and out, and what each role may see (the server enforces it anyway:
// the navigation only hides what the role cannot use).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { ApiError, request, setCsrfToken, setOnUnauthenticated } from './api.ts';
import { navigate } from './router.tsx';
import type { Role, User } from './types.ts';

export type Area = 'people' | 'candidates' | 'cases' | 'audit' | 'settings';

const AREAS: Record<Role, Area[]> = {
  admin: ['people', 'candidates', 'cases', 'audit', 'settings'],
  analyst: ['people', 'cases'],
  investigator: ['people', 'cases'],
  recruiter: ['candidates'],
  auditor: ['audit'],
};
export const areasOf = (role: Role): Area[] => AREAS[role] ?? [];
export const can = (user: User | undefined, area: Area): boolean => !!user && areasOf(user.role).includes(area);
/** Reveal identities and propose/approve containment. */
export const isInvestigator = (user: User | undefined): boolean => user?.role === 'investigator' || user?.role === 'admin';
export const homeOf = (user: User): string => `/${areasOf(user.role)[0] ?? 'people'}`;

interface AuthState {
  user: User | undefined;
  loading: boolean;
  login(username: string, password: string): Promise<void>;
  logout(): Promise<void>;
}
const AuthContext = createContext<AuthState>({ user: undefined, loading: true, login: async () => {}, logout: async () => {} });
export const useAuth = (): AuthState => useContext(AuthContext);

interface Session {
  user: User;
  csrfToken: string;
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | undefined>();
  const [loading, setLoading] = useState(true);
  const signedOut = useCallback(() => {
    setUser(undefined);
    setCsrfToken(undefined);
    if (window.location.pathname !== '/login') {
      const back = window.location.pathname + window.location.search;
      navigate(`/login?next=${encodeURIComponent(back)}`, { replace: true });
    }
  }, []);
  useEffect(() => {
    setOnUnauthenticated(signedOut);
    request<Session>('GET', '/api/auth/me', undefined, { quiet401: true })
      .then(({ data }) => {
        setCsrfToken(data.csrfToken);
        setUser(data.user);
      })
      .catch((e: unknown) => {
        if (!(e instanceof ApiError) || e.status !== 401) console.warn('sleetwatch: /api/auth/me failed', e);
        signedOut();
      })
      .finally(() => setLoading(false));
  }, [signedOut]);
  const login = useCallback(async (username: string, password: string) => {
    const { data } = await request<Session>('POST', '/api/auth/login', { username, password }, { quiet401: true });
    setCsrfToken(data.csrfToken);
    setUser(data.user);
  }, []);
  const logout = useCallback(async () => {
    await request('POST', '/api/auth/logout', {}, { quiet401: true }).catch(() => undefined);
    signedOut();
  }, [signedOut]);
  return <AuthContext.Provider value={{ user, loading, login, logout }}>{children}</AuthContext.Provider>;
}
