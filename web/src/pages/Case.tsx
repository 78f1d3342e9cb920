// One case: its alerts and why, the immutable notes, the playbook, the workflow (transition, escalate, assign), the
// identity reveal (investigators, escalated cases: audited by the server) and the containment panel (one user
// proposes, another approves; the server runs the connector and marks the playbook step).
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError, enc, post } from '../api.ts';
import { isInvestigator, useAuth } from '../auth.tsx';
import { useApi, useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';
import { ErrorBox, fmtLR, LevelBadge, Loading, Section, shownName, When } from '../components/ui.tsx';
import { SlaClock } from './Cases.tsx';
import { NEXT_STATES, type CaseDetail, type CaseState, type ContainmentRequest } from '../types.ts';

export default function CasePage({ id }: { id: string }) {
  useTitle(`Case ${id}`);
  const { user } = useAuth();
  const base = `/api/cases/${enc(id)}`;
  const d = useApi<CaseDetail>(base);
  if (d.error) return <ErrorBox error={d.error} what="This case" />;
  if (!d.data) return <Loading what="the case" />;
  const c = d.data.case;
  const subject = shownName({ ...c, personId: c.subject.id });
  const subjectLink = c.subject.kind === 'person' ? `/people/${enc(c.subject.id)}` : `/candidates/${enc(c.subject.id)}`;
  return (
    <>
      <p className="crumbs">
        <Link to="/cases">Cases</Link> / {c.id}
      </p>
      <h1>
        Case {c.id} <LevelBadge level={c.level} />
      </h1>
      <dl className="facts">
        <dt>Subject</dt>
        <dd>
          <Link to={subjectLink}>{subject}</Link> ({c.subject.kind})
        </dd>
        <dt>State</dt>
        <dd data-testid="case-state">
          {c.state}
          {c.escalatedTo ? ` → ${c.escalatedTo}` : ''}
          {c.verdict ? ` (${c.verdict})` : ''}
        </dd>
        <dt>SLA</dt>
        <dd>
          <SlaClock c={{ ...c, sla: d.data.sla }} /> <span className="muted">in this state since</span> <When at={c.stateSince} />
        </dd>
        <dt>Assignee</dt>
        <dd>{c.assignee ?? 'unassigned'}</dd>
        <dt>Opened</dt>
        <dd>
          <When at={c.openedAt} />
        </dd>
      </dl>
      <Workflow detail={d.data} base={base} onDone={d.reload} me={user?.username} />
      {isInvestigator(user) && c.subject.kind === 'person' && <Reveal base={base} escalated={c.state === 'escalated'} />}
      {isInvestigator(user) && c.subject.kind === 'person' && c.state !== 'closed' && (
        <Containment base={base} caseId={c.id} me={user?.username} onDone={d.reload} canPropose={c.state === 'escalated' || c.state === 'contained'} />
      )}
      <Section title={`Alerts (${d.data.alerts.length})`} id="alerts">
        <ol className="alerts">
          {d.data.alerts.map((a) => (
            <li key={a.id}>
              <LevelBadge level={a.level} risk={a.risk} /> <When at={a.raisedAt} /> — {a.reason}
              <div className="muted">
                {a.contributions.map((x) => `${x.detector} × ${fmtLR(x.likelihoodRatio)}`).join(' · ')}
              </div>
            </li>
          ))}
        </ol>
      </Section>
      <Playbook detail={d.data} base={base} onDone={d.reload} />
      <Notes detail={d.data} base={base} onDone={d.reload} />
    </>
  );
}

/** A form whose submit calls the server and shows its refusal (a 409 says why). */
function useAction(onDone: () => void) {
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const run = async (f: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
      onDone();
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

function Workflow({ detail, base, onDone, me }: { detail: CaseDetail; base: string; onDone: () => void; me?: string }) {
  const c = detail.case;
  const next = NEXT_STATES[c.state];
  const [to, setTo] = useState<CaseState | ''>('');
  const [escalateTo, setEscalateTo] = useState('insider-risk');
  const [verdict, setVerdict] = useState('');
  const [reason, setReason] = useState('');
  const act = useAction(() => {
    setTo('');
    setReason('');
    onDone();
  });
  if (c.state === 'closed') return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!to) return;
    const body: Record<string, string> = { to };
    if (to === 'escalated') body.escalateTo = escalateTo;
    if (to === 'closed') {
      body.verdict = verdict;
      body.reason = reason;
    }
    void act.run(() => post(`${base}/transition`, body));
  };
  return (
    <Section title="Workflow" id="workflow">
      <form className="inline-form" onSubmit={submit}>
        <div>
          <label htmlFor="to">Move to</label>
          <select id="to" value={to} onChange={(e) => setTo(e.target.value as CaseState)} required>
            <option value="">choose…</option>
            {next.map((s) => (
              <option key={s} value={s}>
                {s === 'escalated' && c.state === 'escalated' ? 'escalated (re-route)' : s}
              </option>
            ))}
          </select>
        </div>
        {to === 'escalated' && (
          <div>
            <label htmlFor="escalate-to">Escalate to</label>
            <select id="escalate-to" value={escalateTo} onChange={(e) => setEscalateTo(e.target.value)}>
              <option value="insider-risk">insider-risk</option>
              <option value="hr">hr</option>
              <option value="legal">legal</option>
            </select>
          </div>
        )}
        {to === 'closed' && (
          <>
            <div>
              <label htmlFor="verdict">Verdict</label>
              <select id="verdict" value={verdict} onChange={(e) => setVerdict(e.target.value)} required>
                <option value="">choose…</option>
                <option value="true-positive">true positive</option>
                <option value="false-positive">false positive</option>
                <option value="benign">benign</option>
              </select>
            </div>
            <div className="grow">
              <label htmlFor="reason">Reason</label>
              <input id="reason" value={reason} onChange={(e) => setReason(e.target.value)} required maxLength={2000} />
            </div>
          </>
        )}
        <button type="submit" className="primary" disabled={act.busy || !to}>
          {to === 'escalated' ? 'Escalate' : 'Move'}
        </button>
        {me && c.assignee !== me && (
          <button type="button" disabled={act.busy} onClick={() => void act.run(() => post(`${base}/assign`, { assignee: me }))}>
            Assign to me
          </button>
        )}
      </form>
      <ErrorBox error={act.error} />
    </Section>
  );
}

function Reveal({ base, escalated }: { base: string; escalated: boolean }) {
  const [identity, setIdentity] = useState<Record<string, unknown>>();
  const act = useAction(() => {});
  return (
    <Section title="Identity" id="identity">
      {!identity && (
        <>
          <p className="muted">
            People are shown by pseudonym. An investigator may reveal who this is once the case is escalated; the reveal is written to the audit log.
          </p>
          <button type="button" disabled={!escalated || act.busy} onClick={() => void act.run(async () => setIdentity((await post<{ identity: Record<string, unknown> }>(`${base}/reveal`)).identity))}>
            Reveal identity
          </button>
          {!escalated && <p className="muted">Escalate the case first.</p>}
        </>
      )}
      {identity && (
        <dl className="facts" data-testid="identity">
          {Object.entries(identity).map(([k, v]) => (
            <Row key={k} k={k}>
              {typeof v === 'string' ? v : JSON.stringify(v)}
            </Row>
          ))}
        </dl>
      )}
      <ErrorBox error={act.error} />
    </Section>
  );
}

const Row = ({ k, children }: { k: string; children: ReactNode }) => (
  <>
    <dt>{k}</dt>
    <dd>{children}</dd>
  </>
);

function Containment({ base, caseId, me, onDone, canPropose }: { base: string; caseId: string; me?: string; onDone: () => void; canPropose: boolean }) {
  const list = useApi<ContainmentRequest[]>(`${base}/containment`);
  const [connector, setConnector] = useState('graph');
  const [action, setAction] = useState('revoke-sessions');
  const [reason, setReason] = useState('');
  const act = useAction(() => {
    list.reload();
    onDone();
  });
  const rows = list.data ?? [];
  const missing = list.error instanceof ApiError && list.error.status === 404;
  return (
    <Section title="Containment" id="containment">
      <p className="muted">Two people: one proposes, another approves; approving runs the action against the identity provider.</p>
      {!missing && <ErrorBox error={list.error} what="Containment requests" />}
      {missing && <p className="muted">This server has no containment connectors.</p>}
      {rows.length > 0 && (
        <table className="grid" aria-label="Containment requests">
          <thead>
            <tr>
              <th scope="col">Action</th>
              <th scope="col">Connector</th>
              <th scope="col">Proposed by</th>
              <th scope="col">State</th>
              <th scope="col">Decide</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id} data-testid={`containment-${r.id}`}>
                <td>
                  {r.action}
                  {r.target ? <span className="muted"> {r.target}</span> : ''}
                  {r.reason ? <div className="muted">{r.reason}</div> : null}
                </td>
                <td>{r.connector}</td>
                <td>
                  {r.proposedBy}, <When at={r.proposedAt} />
                </td>
                <td>
                  <span className={`cstate cstate-${r.state}`}>{r.state}</span>
                  {r.approvedBy ? <span className="muted"> by {r.approvedBy}</span> : null}
                  {r.result ? <div className="muted">{r.result}</div> : null}
                </td>
                <td>
                  {r.state === 'pending' && r.proposedBy !== me && (
                    <>
                      <button type="button" className="primary" disabled={act.busy} onClick={() => void act.run(() => post(`/api/containment/${enc(r.id)}/approve`))}>
                        Approve
                      </button>{' '}
                      <button type="button" disabled={act.busy} onClick={() => void act.run(() => post(`/api/containment/${enc(r.id)}/reject`))}>
                        Reject
                      </button>
                    </>
                  )}
                  {r.state === 'pending' && r.proposedBy === me && (
                    <>
                      <span className="muted">waiting for another approver</span>{' '}
                      <button type="button" disabled={act.busy} onClick={() => void act.run(() => post(`/api/containment/${enc(r.id)}/reject`, { reason: 'withdrawn by the proposer' }))}>
                        Withdraw
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!missing && !canPropose && <p className="muted">Containment is proposed once the case is escalated.</p>}
      {!missing && canPropose && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            void act.run(() => post(`${base}/containment`, { connector, action, ...(reason.trim() ? { reason: reason.trim() } : {}) }));
          }}
          aria-label={`Propose containment for case ${caseId}`}
        >
          <div>
            <label htmlFor="c-action">Action</label>
            <select id="c-action" value={action} onChange={(e) => setAction(e.target.value)}>
              <option value="revoke-sessions">revoke sessions</option>
              <option value="disable-account">disable account</option>
            </select>
          </div>
          <div>
            <label htmlFor="c-connector">Identity provider</label>
            <select id="c-connector" value={connector} onChange={(e) => setConnector(e.target.value)}>
              <option value="graph">Microsoft Entra (Graph)</option>
              <option value="okta">Okta</option>
            </select>
          </div>
          <div className="grow">
            <label htmlFor="c-reason">Why (optional)</label>
            <input id="c-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
          </div>
          <button type="submit" disabled={act.busy}>
            Propose
          </button>
        </form>
      )}
      <ErrorBox error={act.error} />
    </Section>
  );
}

function Playbook({ detail, base, onDone }: { detail: CaseDetail; base: string; onDone: () => void }) {
  const act = useAction(onDone);
  const closed = detail.case.state === 'closed';
  return (
    <Section title="Playbook" id="playbook">
      <ol className="steps">
        {detail.steps.map((s) => (
          <li key={s.step} className={`step step-${s.status}`}>
            <span className={`status status-${s.status}`}>{s.status}</span> {s.title}
            {s.by && (
              <span className="muted">
                {' '}
                — {s.by}, <When at={s.at} />
                {s.comment ? `: ${s.comment}` : ''}
              </span>
            )}
            {s.status === 'pending' && !closed && (
              <span className="step-actions">
                <button type="button" disabled={act.busy} onClick={() => void act.run(() => post(`${base}/steps/${s.step}`, { status: 'done' }))} aria-label={`Mark done: ${s.title}`}>
                  Done
                </button>
                <button
                  type="button"
                  disabled={act.busy}
                  onClick={() => void act.run(() => post(`${base}/steps/${s.step}`, { status: 'skipped', comment: 'not applicable' }))}
                  aria-label={`Skip: ${s.title}`}
                >
                  Skip
                </button>
              </span>
            )}
          </li>
        ))}
      </ol>
      <ErrorBox error={act.error} />
    </Section>
  );
}

function Notes({ detail, base, onDone }: { detail: CaseDetail; base: string; onDone: () => void }) {
  const [text, setText] = useState('');
  const act = useAction(() => {
    setText('');
    onDone();
  });
  return (
    <Section title={`Notes (${detail.notes.length})`} id="notes">
      <ol className="notes">
        {detail.notes.map((n) => (
          <li key={n.id}>
            <p className="muted">
              {n.author}, <When at={n.at} />
            </p>
            <p className="note-text">{n.text}</p>
          </li>
        ))}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void act.run(() => post(`${base}/notes`, { text }));
        }}
      >
        <label htmlFor="note">Add a note (notes cannot be edited or deleted)</label>
        <textarea id="note" value={text} onChange={(e) => setText(e.target.value)} rows={3} maxLength={20000} required />
        <button type="submit" disabled={act.busy || !text.trim()}>
          Add note
        </button>
      </form>
      <ErrorBox error={act.error} />
    </Section>
  );
}

