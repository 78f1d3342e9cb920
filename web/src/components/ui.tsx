// Small shared pieces: level badges, errors, loading states, dates, the person's shown name (pseudonym by default).
import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';
import type { Level } from '../types.ts';

export function LevelBadge({ level, risk }: { level: Level | 'critical' | 'info'; risk?: number }) {
  return (
    <span className={`badge level-${level}`}>
      {level}
      {risk !== undefined ? ` ${risk}` : ''}
    </span>
  );
}

export function ErrorBox({ error, what }: { error: Error | undefined; what?: string }) {
  if (!error) return null;
  const missing = error instanceof ApiError && error.status === 404 && error.message.startsWith('no route');
  return (
    <div className="error" role="alert">
      {what ? `${what}: ` : ''}
      {missing ? 'this server does not offer it yet.' : error.message}
    </div>
  );
}

export const Loading = ({ what }: { what: string }) => (
  <p className="muted" role="status">
    Loading {what}…
  </p>
);

export function When({ at, relative }: { at: string | undefined; relative?: boolean }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return <span>{at}</span>;
  const text = d.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return (
    <time dateTime={d.toISOString()} title={text}>
      {relative ? ago(d.getTime()) : text}
    </time>
  );
}

export function ago(ms: number, now = Date.now()): string {
  const m = Math.round((now - ms) / 60_000);
  const abs = Math.abs(m);
  if (abs === 0) return 'just now';
  const s = abs < 60 ? `${abs} min` : abs < 48 * 60 ? `${Math.round(abs / 60)} h` : `${Math.round(abs / 1440)} d`;
  return m >= 0 ? `${s} ago` : `in ${s}`;
}

/** The name the UI shows: the server's pseudonym unless it revealed the identity. */
export const shownName = (x: { pseudonym?: string; displayName?: string; personId?: string; candidateId?: string }): string =>
  x.pseudonym ?? x.displayName ?? x.personId ?? x.candidateId ?? '?';

export function Section({ title, children, id, actions }: { title: string; children: ReactNode; id?: string; actions?: ReactNode }) {
  const hid = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-h`;
  return (
    <section className="card" aria-labelledby={hid} id={id}>
      <div className="card-head">
        <h2 id={hid}>{title}</h2>
        {actions}
      </div>
      {children}
    </section>
  );
}

export const fmtLR = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));

export function Pager({ offset, limit, total, count, onChange, label }: { offset: number; limit: number; total?: number; count: number; onChange(offset: number): void; label: string }) {
  const last = total !== undefined ? Math.min(total, offset + count) : offset + count;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        Previous
      </button>
      <span role="status">
        {count === 0 ? 'none' : `${offset + 1}–${last}`}
        {total !== undefined ? ` of ${total.toLocaleString('en')}` : ''}
      </span>
      <button type="button" disabled={total !== undefined ? last >= total : count < limit} onClick={() => onChange(offset + limit)}>
        Next
      </button>
    </nav>
  );
}
