// One candidate's printable page for GET /api/candidates/:id/report.html: the vetting report's HTML with one section.
import type { CandidateResult } from '../core/candidate.ts';
import { vettingHtml } from './vet-html.ts';

export function vettingHtmlOne(result: CandidateResult, updatedAt: string): string {
  return vettingHtml({ schema: 'sleetwatch.vetting/v1', generatedAt: updatedAt, inputs: [], candidates: [result], checkErrors: [] });
}
