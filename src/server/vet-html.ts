// A printable HTML vetting report: one self-contained page (no script, no external resource), one section per
// candidate with the recommendation, Microsoft's checklist and each finding with its evidence. Every value is escaped.
import type { CandidateResult, VettingReport } from '../core/candidate.ts';
import type { Evidence } from '../core/model.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: unknown): string => String(s ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

const STATUS: Record<string, string> = { verified: '✔ verified', failed: '✘ failed', 'not done': '○ not done' };

function evidenceLine(e: Evidence): string {
  const parts = [esc(e.label)];
  if (e.value !== undefined) parts.push(`<b>${esc(e.value)}</b>${e.unit ? ' ' + esc(e.unit) : ''}`);
  if (e.threshold !== undefined) parts.push(`(threshold ${esc(e.threshold)})`);
  if (e.personId) parts.push(`— ${esc(e.personId)}`);
  if (e.time) parts.push(`at ${esc(e.time)}`);
  return `<li>${parts.join(' ')}</li>`;
}

function candidateSection(c: CandidateResult, i: number): string {
  const findings = c.findings
    .map(
      (f) => `<div class="finding sev-${esc(f.severity)}"><h4>[${esc(f.severity)}] ${esc(f.title)} <small>${esc(f.check)}</small></h4>
<p>${esc(f.explanation)}</p><ul>${f.evidence.map(evidenceLine).join('')}</ul></div>`,
    )
    .join('\n');
  const checklist = c.checklist
    .map((e) => `<tr class="st-${esc(e.status.replace(' ', '-'))}"><td>${esc(e.item)}</td><td>${esc(STATUS[e.status] ?? e.status)}</td><td>${esc(e.evidence)}</td></tr>`)
    .join('');
  return `<section class="candidate rec-${esc(c.recommendation)}">
<h2>${i + 1}. ${esc(c.displayName ?? c.candidateId)} <span class="badge">${esc(c.recommendation.toUpperCase())}</span> <span class="risk">risk ${esc(c.risk)} (${esc(c.level)})</span></h2>
<p class="why">${esc(c.recommendationReason)}</p>
<p class="ids">${esc(c.candidateId)} · ${c.identifiers.map(esc).join(' · ')}${c.personId ? ` · hired as ${esc(c.personId)}` : ''}</p>
${c.riskBreakdown ? `<p class="formula">${esc(c.riskBreakdown.formula)}</p>` : ''}
<table class="checklist"><thead><tr><th>Checklist item</th><th>Status</th><th>Evidence</th></tr></thead><tbody>${checklist}</tbody></table>
${findings || '<p>No findings.</p>'}
</section>`;
}

export function vettingHtml(report: VettingReport): string {
  const count = (r: string) => report.candidates.filter((c) => c.recommendation === r).length;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>sleetwatch vetting report</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#111;max-width:60em}
h1{font-size:1.5em}h2{font-size:1.2em;margin-bottom:.2em}h4{margin:.3em 0}
.badge{padding:.1em .5em;border-radius:.3em;color:#fff;font-size:.8em}
.rec-stop .badge{background:#b00020}.rec-verify .badge{background:#8a5a00}.rec-proceed .badge{background:#1b5e20}
.risk,.ids,.formula,small{color:#555}.why{font-weight:600}
table{border-collapse:collapse;width:100%;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .4em;text-align:left;vertical-align:top}
.st-failed td:nth-child(2){color:#b00020;font-weight:600}.st-verified td:nth-child(2){color:#1b5e20}
.finding{border-left:4px solid #999;padding-left:.6em;margin:.6em 0}.sev-critical,.sev-high{border-color:#b00020}.sev-medium{border-color:#8a5a00}
section{page-break-inside:avoid;border-top:2px solid #333;margin-top:1.5em}
@media print{body{margin:0}}
</style></head><body>
<h1>Vetting report</h1>
<p>Generated ${esc(report.generatedAt)} · ${report.candidates.length} candidates: ${count('stop')} stop, ${count('verify')} verify, ${count('proceed')} proceed ·
inputs: ${report.inputs.map((i) => `${esc(i.path)} (${esc(i.format)}: ${i.accepted} accepted, ${i.ignored} ignored, ${i.rejected} rejected)`).join('; ')}</p>
${report.candidates.map(candidateSection).join('\n')}
</body></html>
`;
}
