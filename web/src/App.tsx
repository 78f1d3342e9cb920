// The shell: skip link, banner with the role-aware navigation, the main landmark with the current page.
import { lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { AuthProvider, can, homeOf, useAuth, type Area } from './auth.tsx';
import { Link, match, navigate, Router, useLocation } from './router.tsx';
import { Loading } from './components/ui.tsx';
import { LoginPage } from './pages/Login.tsx';
import { PeoplePage } from './pages/People.tsx';
import { CasesPage } from './pages/Cases.tsx';
import { CandidatesPage } from './pages/Candidates.tsx';
import { AuditPage } from './pages/Audit.tsx';

// The heavier pages (the map and its Natural Earth data) load on first use.
const PersonPage = lazy(() => import('./pages/Person.tsx'));
const CasePage = lazy(() => import('./pages/Case.tsx'));
const CandidatePage = lazy(() => import('./pages/Candidate.tsx'));
const SettingsPage = lazy(() => import('./pages/Settings.tsx'));

const NAV: { area: Area; label: string }[] = [
  { area: 'people', label: 'People' },
  { area: 'candidates', label: 'Candidates' },
  { area: 'cases', label: 'Cases' },
  { area: 'audit', label: 'Audit log' },
  { area: 'settings', label: 'Settings' },
];

export function App() {
  return (
    <Router>
      <AuthProvider>
        <Shell />
      </AuthProvider>
    </Router>
  );
}

function Shell() {
  const { user, loading, logout } = useAuth();
  const { path } = useLocation();
  const main = useRef<HTMLElement>(null);
  // Moving to another page puts keyboard focus on the new page's main content (screen readers announce it).
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [path]);
  if (loading) return <Loading what="your session" />;
  if (!user || path === '/login') {
    return (
      <main id="main" ref={main} tabIndex={-1} className="login-main">
        <LoginPage />
      </main>
    );
  }
  const area = path.split('/')[1] as Area;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="banner">
        <Link to={homeOf(user)} className="brand">
          sleetwatch
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((n) => can(user, n.area)).map((n) => (
              <li key={n.area}>
                <Link to={`/${n.area}`} aria-current={area === n.area ? 'page' : undefined}>
                  {n.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          <span>
            {user.username} <span className="muted">({user.role})</span>
          </span>
          <button type="button" onClick={() => void logout()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>{route(path, user && can(user, area), homeOf(user))}</Suspense>
      </main>
    </>
  );
}

function route(path: string, allowed: boolean, home: string): ReactNode {
  if (path === '/' || path === '') return <Redirect to={home} />;
  if (!allowed) return <Forbidden home={home} />;
  let m;
  if (path === '/people') return <PeoplePage />;
  if ((m = match('/people/:id', path))) return <PersonPage id={m.id} />;
  if (path === '/candidates') return <CandidatesPage />;
  if ((m = match('/candidates/:id', path))) return <CandidatePage id={m.id} />;
  if (path === '/cases') return <CasesPage />;
  if ((m = match('/cases/:id', path))) return <CasePage id={m.id} />;
  if (path === '/audit') return <AuditPage />;
  if (path === '/settings') return <SettingsPage />;
  return <Forbidden home={home} notFound />;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

function Forbidden({ home, notFound }: { home: string; notFound?: boolean }) {
  return (
    <>
      <h1>{notFound ? 'No such page' : 'Not available to your role'}</h1>
      <p>
        <Link to={home}>Back to your start page</Link>
      </p>
    </>
  );
}
