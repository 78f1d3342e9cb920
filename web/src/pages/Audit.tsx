// The audit log (paged by seq) and its verification: the hash chain is recomputed by the server, the answer is OK
// with the head to write down, or the first bad row.
import { useState } from 'react';
import { get, qs } from '../api.ts';
import { useApi, useTitle } from '../hooks.ts';
import { navigate, useLocation } from '../router.tsx';
import { ErrorBox, Loading, When } from '../components/ui.tsx';
import type { AuditRow, AuditVerification } from '../types.ts';

const PAGE = 50;

export function AuditPage() {
  useTitle('Audit log');
  const { search } = useLocation();
  const after = Math.max(0, Number(search.get('after')) || 0);
  const page = useApi<{ rows: AuditRow[]; next?: number }>(`/api/audit${qs({ after, limit: PAGE })}`);
  const [check, setCheck] = useState<AuditVerification>();
  const [checkError, setCheckError] = useState<Error>();
  const [busy, setBusy] = useState(false);
  const verify = async () => {
    setBusy(true);
    setCheckError(undefined);
    try {
      setCheck(await get<AuditVerification>('/api/audit/verify'));
    } catch (e) {
      setCheckError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <h1>Audit log</h1>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => void verify()} disabled={busy}>
          {busy ? 'Verifying…' : 'Verify the chain'}
        </button>
        <div aria-live="polite" data-testid="audit-verify">
          {check?.ok && (
            <span className="ok">
              OK: {check.rows} rows, head {check.head ? `${check.head.seq}:${check.head.hash.slice(0, 16)}…` : '—'}
            </span>
          )}
          {check && !check.ok && (
            <span className="error">
              Broken at row {check.firstBad?.seq} ({check.firstBad?.kind}): {check.firstBad?.message}
            </span>
          )}
        </div>
      </div>
      <ErrorBox error={checkError} what="Verification" />
      <ErrorBox error={page.error} what="Audit log" />
      {page.loading && !page.data && <Loading what="the audit log" />}
      {page.data && (
        <>
          <table className="grid" aria-label="Audit rows">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Actor</th>
                <th scope="col">Action</th>
                <th scope="col">Subject</th>
                <th scope="col">Detail</th>
              </tr>
            </thead>
            <tbody>
              {page.data.rows.map((r) => (
                <tr key={r.seq} className={check?.firstBad?.seq === r.seq ? 'bad' : undefined}>
                  <td className="num">{r.seq}</td>
                  <td>
                    <When at={r.at} />
                  </td>
                  <td>{r.actor}</td>
                  <td>{r.action}</td>
                  <td>{r.subject}</td>
                  <td>
                    <code className="detail">{r.detail.length > 160 ? `${r.detail.slice(0, 160)}…` : r.detail}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <nav className="pager" aria-label="Audit pages">
            <button type="button" disabled={after === 0} onClick={() => navigate(`/audit${qs({ after: Math.max(0, after - PAGE) })}`)}>
              Previous
            </button>
            <span role="status">{page.data.rows.length ? `rows ${page.data.rows[0].seq}–${page.data.rows[page.data.rows.length - 1].seq}` : 'no rows'}</span>
            <button type="button" disabled={page.data.next === undefined} onClick={() => navigate(`/audit${qs({ after: page.data!.next })}`)}>
              Next
            </button>
          </nav>
        </>
      )}
    </>
  );
}
