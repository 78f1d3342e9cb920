// interview-process: what the interview and verification record says about camera, ID, document check, recording. Pure.
import { defineCheck, type ChecklistDraft, type VetFindingDraft } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { definition } from './definition.ts';

export const check = defineCheck({
  definition,
  run(c, _ctx, p) {
    const v = c.candidate.verification;
    if (!v) return { findings: [], checklist: [] };
    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    const when = `${v.interviewedAt ? ` on ${v.interviewedAt.slice(0, 10)}` : ''}${v.interviewer ? ` (interviewer ${v.interviewer})` : ''}`;
    const base: Evidence[] = v.interviewedAt ? [{ type: 'event', label: `interview${v.interviewer ? ` by ${v.interviewer}` : ''}`, time: v.interviewedAt }] : [];

    const noCamera = v.cameraOn === false;
    const noId = v.idShownOnCamera === false;
    if (noCamera || noId) {
      const both = noCamera && noId;
      findings.push({
        severity: both ? 'high' : 'medium',
        title: both ? 'Camera refused and no ID shown on camera' : noCamera ? 'Camera refused or off during the interview' : 'No identity document shown on camera',
        explanation:
          `The interview record${when} says ${[noCamera ? 'the camera was refused or off' : '', noId ? 'no identity document was shown on camera' : ''].filter(Boolean).join(' and ')}. ` +
          `Seeing the face and comparing it with an identity document is the first defence against a stolen or invented identity ` +
          `and against a stand-in at the interview. Hold another interview with the camera on and the document shown, or check identity in person.` +
          (v.notes ? ` Interviewer's notes: "${v.notes.slice(0, 300)}".` : ''),
        evidence: [
          ...base,
          ...(v.cameraOn !== undefined ? [{ type: 'measure' as const, label: 'camera on during the interview', value: v.cameraOn }] : []),
          ...(v.idShownOnCamera !== undefined ? [{ type: 'measure' as const, label: 'identity document shown on camera', value: v.idShownOnCamera }] : []),
        ],
        likelihoodRatio: both ? p.bothLikelihoodRatio : noCamera ? p.cameraRefusedLikelihoodRatio : p.idNotShownLikelihoodRatio,
      });
    }
    if (v.documentCheck === 'failed') {
      findings.push({
        severity: 'high',
        title: `Identity document check failed${v.documentCheckProvider ? ` (${v.documentCheckProvider})` : ''}`,
        explanation:
          `The document / identity verification${v.documentCheckProvider ? ` by ${v.documentCheckProvider}` : ''} failed. Read the provider's reason: ` +
          `a forged, altered or borrowed document is how these identities are built; a poor photo or an expired document is not. Do not proceed until it passes.`,
        evidence: [...base, { type: 'measure', label: `document check${v.documentCheckProvider ? ` (${v.documentCheckProvider})` : ''}`, value: 'failed' }],
        likelihoodRatio: p.documentFailedLikelihoodRatio,
      });
    }

    // camera-and-id
    const parts = [
      v.cameraOn === undefined ? 'camera not recorded' : `camera ${v.cameraOn ? 'on' : 'refused/off'}`,
      v.idShownOnCamera === undefined ? 'ID on camera not recorded' : `ID ${v.idShownOnCamera ? 'shown' : 'not shown'} on camera`,
      `document check ${v.documentCheck ?? 'not recorded'}${v.documentCheckProvider ? ` (${v.documentCheckProvider})` : ''}`,
    ].join(', ');
    if (noCamera || noId || v.documentCheck === 'failed') checklist.push({ item: 'camera-and-id', status: 'failed', evidence: parts });
    else if (v.cameraOn === true && v.idShownOnCamera === true) checklist.push({ item: 'camera-and-id', status: 'verified', evidence: parts });
    else checklist.push({ item: 'camera-and-id', status: 'not done', evidence: parts });

    // interview-recorded
    const r = v.recording;
    if (!r) checklist.push({ item: 'interview-recorded', status: 'not done', evidence: 'the verification record names no recording' });
    else if (!r.sha256)
      checklist.push({ item: 'interview-recorded', status: 'failed', evidence: `recording ${r.file} has no SHA-256: not archived in a form that proves what was reviewed` });
    else
      checklist.push({
        item: 'interview-recorded',
        status: 'verified',
        evidence: `recording ${r.file} archived, SHA-256 ${r.sha256.slice(0, 16)}…${r.retainUntil ? `, kept until ${r.retainUntil.slice(0, 10)}` : ''}`,
      });
    return { findings, checklist };
  },
});
