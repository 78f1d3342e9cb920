// Admin settings: the detection config (weights, thresholds, allow-lists) as JSON the server validates (every change
// audited), the connectors (never their secrets), the outbound allow-list, and the users with their roles.
import { useEffect, useState, type FormEvent } from 'react';
import { enc, post, put, request } from '../api.ts';
import { useApi, useTitle } from '../hooks.ts';
import { ErrorBox, Loading, Section } from '../components/ui.tsx';
import type { Role, User } from '../types.ts';

interface Settings {
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  config: Record<string, unknown>;
  overlay: Record<string, unknown>;
  connectors: Record<string, unknown>;
  outboundAllowList: string[];
}

export default function SettingsPage() {
  useTitle('Settings');
  return (
    <>
      <h1>Settings</h1>
      <ConfigSection />
      <Users />
    </>
  );
}

/**
 * The stored overlay (a partial config merged over the config file) is what an admin edits; the server validates
 * it, refuses a stale version (someone else saved in between: 409) and audits the change.
 */
function ConfigSection() {
  const s = useApi<Settings>('/api/settings');
  const [text, setText] = useState('');
  const [msg, setMsg] = useState<string>();
  const [error, setError] = useState<Error>();
  useEffect(() => {
    if (s.data) setText(JSON.stringify(s.data.overlay ?? {}, null, 2));
  }, [s.data]);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    setMsg(undefined);
    setError(undefined);
    let overlay: unknown;
    try {
      overlay = JSON.parse(text);
    } catch (x) {
      setError(new Error(`not JSON: ${(x as Error).message}`));
      return;
    }
    try {
      await put('/api/settings', { overlay, version: s.data?.version });
      setMsg('Saved; the change is in the audit log.');
      s.reload();
    } catch (x) {
      setError(x as Error);
    }
  };
  return (
    <>
      <Section title="Detection settings" id="config">
        <ErrorBox error={s.error} what="Settings" />
        {s.loading && !s.data && <Loading what="the settings" />}
        {s.data && (
          <form onSubmit={(e) => void save(e)}>
            <p className="muted">
              Version {s.data.version}
              {s.data.updatedBy ? `, last changed by ${s.data.updatedBy}` : ''}
              {s.data.updatedAt ? ` at ${s.data.updatedAt.replace('T', ' ').slice(0, 16)} UTC` : ''}.
            </p>
            <label htmlFor="overlay">Changes over the config file: weights, thresholds, allow-lists (JSON; the server validates it)</label>
            <textarea id="overlay" className="code" rows={8} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
            <button type="submit" className="primary">
              Save
            </button>
            {msg && (
              <span className="ok" role="status">
                {' '}
                {msg}
              </span>
            )}
            <ErrorBox error={error} />
            <details>
              <summary>The effective config (file and changes)</summary>
              <pre className="code" tabIndex={0} aria-label="The effective config">
                {JSON.stringify(s.data.config, null, 2)}
              </pre>
            </details>
          </form>
        )}
      </Section>
      {s.data && (
        <Section title="Connectors and outbound addresses" id="connectors">
          <h3>Containment connectors (secrets are never shown)</h3>
          <pre className="code" tabIndex={0} aria-label="Containment connectors">
            {JSON.stringify(s.data.connectors ?? {}, null, 2)}
          </pre>
          <h3>Outbound allow-list</h3>
          {s.data.outboundAllowList?.length ? (
            <ul>
              {s.data.outboundAllowList.map((h) => (
                <li key={h}>
                  <code>{h}</code>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">Nothing may be called (no webhook, chat or connector host allowed).</p>
          )}
        </Section>
      )}
    </>
  );
}

const ROLE_LIST: Role[] = ['admin', 'analyst', 'investigator', 'recruiter', 'auditor'];

function Users() {
  const users = useApi<User[] | { users: (User & { disabled?: boolean })[] }>('/api/users');
  const rows = (Array.isArray(users.data) ? users.data : (users.data?.users ?? [])) as (User & { disabled?: boolean })[];
  const [username, setUsername] = useState('');
  const [role, setRole] = useState<Role>('analyst');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<Error>();
  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(undefined);
    try {
      await post('/api/users', { username, role, ...(password ? { password } : {}) });
      setUsername('');
      setPassword('');
      users.reload();
    } catch (x) {
      setError(x as Error);
    }
  };
  const patch = async (u: User, body: Record<string, unknown>) => {
    setError(undefined);
    try {
      await request('PATCH', `/api/users/${enc(u.id)}`, body);
      users.reload();
    } catch (x) {
      setError(x as Error);
    }
  };
  return (
    <Section title="Users" id="users">
      <ErrorBox error={users.error} what="Users" />
      {rows.length > 0 && (
        <table className="grid" aria-label="Users">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.id}>
                <th scope="row">{u.username}</th>
                <td>
                  <label className="sr-only" htmlFor={`role-${u.id}`}>
                    Role of {u.username}
                  </label>
                  <select id={`role-${u.id}`} value={u.role} onChange={(e) => void patch(u, { role: e.target.value })}>
                    {ROLE_LIST.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" onClick={() => void patch(u, { disabled: !u.disabled })}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={(e) => void create(e)} aria-label="Add a user">
        <div>
          <label htmlFor="new-user">Username</label>
          <input id="new-user" value={username} onChange={(e) => setUsername(e.target.value)} required maxLength={200} />
        </div>
        <div>
          <label htmlFor="new-role">Role</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLE_LIST.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="new-password">Password (blank: single sign-on only)</label>
          <input id="new-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <button type="submit">Add user</button>
      </form>
      <ErrorBox error={error} />
    </Section>
  );
}
