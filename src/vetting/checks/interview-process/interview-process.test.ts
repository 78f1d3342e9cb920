import { describe, expect, it } from 'vitest';
import { context, enriched } from '../overlapping-jobs/fixtures/make.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const p = definition.params.parse({});
const run = (verification?: Record<string, unknown>) => check.run(enriched(verification ? { verification } : {}), context(), p);
const item = (r: ReturnType<typeof run>, i: string) => r.checklist.find((e) => e.item === i);
const SHA = 'a'.repeat(64);

describe('interview-process', () => {
  it('camera refused and no ID: high, both checklist facts as evidence', () => {
    const r = run({ interviewedAt: '2026-11-20T15:00:00Z', interviewer: 'R. Lee', cameraOn: false, idShownOnCamera: false, notes: 'said the webcam was broken' });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'Camera refused and no ID shown on camera', likelihoodRatio: 20 });
    expect(r.findings[0].explanation).toContain('said the webcam was broken');
    expect(r.findings[0].evidence).toEqual([
      expect.objectContaining({ type: 'event', time: '2026-11-20T15:00:00Z' }),
      expect.objectContaining({ label: 'camera on during the interview', value: false }),
      expect.objectContaining({ label: 'identity document shown on camera', value: false }),
    ]);
    expect(item(r, 'camera-and-id')).toMatchObject({ status: 'failed', evidence: 'camera refused/off, ID not shown on camera, document check not recorded' });
  });

  it('camera on but ID not shown is medium', () => {
    const r = run({ cameraOn: true, idShownOnCamera: false });
    expect(r.findings[0]).toMatchObject({ severity: 'medium', title: 'No identity document shown on camera' });
  });

  it('a failed document check is high and names the provider', () => {
    const r = run({ cameraOn: true, idShownOnCamera: true, documentCheck: 'failed', documentCheckProvider: 'Onfido' });
    expect(r.findings).toEqual([expect.objectContaining({ severity: 'high', title: 'Identity document check failed (Onfido)' })]);
    expect(item(r, 'camera-and-id')?.status).toBe('failed');
  });

  it('a recording without SHA-256 fails interview-recorded; with it, verified', () => {
    expect(item(run({ recording: { file: 'int-42.mp4' } }), 'interview-recorded')).toMatchObject({ status: 'failed' });
    expect(item(run({ recording: { file: 'int-42.mp4', sha256: SHA, retainUntil: '2027-12-01' } }), 'interview-recorded')).toMatchObject({
      status: 'verified',
      evidence: `recording int-42.mp4 archived, SHA-256 ${'a'.repeat(16)}…, kept until 2027-12-01`,
    });
  });

  it('hard negative: a clean interview verifies both items with no finding', () => {
    const r = run({ cameraOn: true, idShownOnCamera: true, documentCheck: 'passed', recording: { file: 'x.mp4', sha256: SHA } });
    expect(r.findings).toEqual([]);
    expect(r.checklist.map((e) => e.status)).toEqual(['verified', 'verified']);
  });

  it('absent data is "not done", never a failure', () => {
    expect(run()).toEqual({ findings: [], checklist: [] });
    const r = run({ interviewer: 'R. Lee' });
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([
      { item: 'camera-and-id', status: 'not done', evidence: 'camera not recorded, ID on camera not recorded, document check not recorded' },
      { item: 'interview-recorded', status: 'not done', evidence: 'the verification record names no recording' },
    ]);
    expect(item(run({ cameraOn: true }), 'camera-and-id')?.status).toBe('not done');
  });
});
