// Routing and the record envelope of the scale-out mode.
import { describe, expect, it } from 'vitest';
import { NormalizedEvent, type DirectoryEntry } from '../core/model.ts';
import { decodeRecord, directoryRecord, eventRecord, MAX_RECORD_BYTES, Router } from './stream-records.ts';

const signin = (id: string, ids: { kind: 'upn' | 'entraId' | 'oktaId' | 'email'; value: string }[]): NormalizedEvent =>
  NormalizedEvent.parse({ id, source: 'entra-signin', kind: 'signin', type: 'Sign-in activity', time: Date.UTC(2026, 0, 5, 9), actor: { ids }, outcome: 'success', ip: '203.0.113.7' });

const adele: DirectoryEntry = {
  id: 'scim:2819c223',
  source: 'scim-users',
  ids: [
    { kind: 'upn', value: 'AdeleV@contoso.com' },
    { kind: 'entraId', value: '87d349ed-44d7-43e1-9a83-5f2406dee5bd' },
  ],
  displayName: 'Adele Vance',
  emails: [],
  phones: [],
};

describe('Router', () => {
  it("sends a sign-in carrying only the Entra object id to the partition of the person's directory entry", () => {
    const withMail = signin('entra:1', [{ kind: 'upn', value: 'adelev@contoso.com' }, { kind: 'entraId', value: '87d349ed-44d7-43e1-9a83-5f2406dee5bd' }]);
    const idOnly = signin('entra:2', [{ kind: 'entraId', value: '87D349ED-44D7-43E1-9A83-5F2406DEE5BD' }]);
    const r = new Router(64);
    // before the directory is known the object id is its own key (most likely another partition)
    expect(r.key(idOnly.actor.ids)).toBe('entraId:87d349ed-44d7-43e1-9a83-5f2406dee5bd');
    r.learn([adele]);
    expect(r.key(idOnly.actor.ids)).toBe('mail:adelev@contoso.com');
    expect(r.partitionOf(idOnly)).toBe(r.partitionOf(withMail));
    // an actor nobody claimed keeps its own key
    expect(r.key([{ kind: 'oktaId', value: '00u1abcd' }])).toBe('oktaId:00u1abcd');
  });
});

describe('record envelope', () => {
  it('round-trips events and directory entries; the message id is the event id, or the entry content hash', () => {
    const e = signin('entra:cfb68155', [{ kind: 'upn', value: 'adelev@contoso.com' }]);
    const rec = eventRecord(e, 17, 1000);
    expect(rec.id).toBe('entra:cfb68155');
    const back = decodeRecord(rec.data);
    expect(back).toEqual({ ok: true, env: { v: 1, t: 'e', at: 1000, dir: 17, e } });
    const d1 = directoryRecord(adele);
    const d2 = directoryRecord({ ...adele, department: 'Retail' });
    expect(d1.id).not.toBe(d2.id); // a changed entry is published again
    expect(directoryRecord(adele).id).toBe(d1.id); // an unchanged one is a duplicate
    expect(decodeRecord(d1.data)).toMatchObject({ ok: true, env: { t: 'd', d: { id: 'scim:2819c223' } } });
  });

  it('refuses what is not a record, with a reason (the stream is an input like any other)', () => {
    const enc = (x: unknown) => new TextEncoder().encode(typeof x === 'string' ? x : JSON.stringify(x));
    expect(decodeRecord(enc('{"v":1,'))).toEqual({ ok: false, reason: 'not JSON' });
    expect(decodeRecord(enc({ v: 2, t: 'e' }))).toMatchObject({ ok: false });
    expect(decodeRecord(enc({ v: 1, t: 'x' }))).toEqual({ ok: false, reason: 'unknown record type' });
    expect(decodeRecord(enc({ v: 1, t: 'e', at: 1, dir: 0, e: { id: 'x' } }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid event/) });
    expect(decodeRecord(enc({ v: 1, t: 'd', at: 1, d: { id: 'd', source: 's', ids: [] } }))).toMatchObject({ ok: false, reason: expect.stringMatching(/^invalid directory entry/) });
    expect(decodeRecord(new Uint8Array(MAX_RECORD_BYTES + 1))).toMatchObject({ ok: false, reason: expect.stringMatching(/bytes/) });
    // a negative or fractional directory mark is treated as none
    const e = signin('entra:9', [{ kind: 'upn', value: 'a@b.c' }]);
    expect(decodeRecord(enc({ v: 1, t: 'e', at: 1, dir: -5, e }))).toMatchObject({ ok: true, env: { dir: 0 } });
  });
});
