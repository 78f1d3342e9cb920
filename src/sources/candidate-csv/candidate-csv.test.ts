// Our candidate CSV: every documented column mapped, several e-mails in one cell, the sourcing rule (agency, then
// referrer, then source), bare profile user names; bad rows rejected naming the column; sniffing by header.
import { describe, expect, it } from 'vitest';
import type { CandidateRecord } from '../../core/candidate.ts';
import { readInputFile } from '../reader.ts';
import { hrCsv } from '../hr-csv/format.ts';
import { candidateCsv, columnOf } from './format.ts';

const here = (p: string): string => new URL(p, import.meta.url).pathname;

async function read(name: string) {
  const out: CandidateRecord[] = [];
  const s = await readInputFile(here(`./fixtures/${name}`), { event: () => true, directory: () => {}, candidate: (r) => out.push(r) });
  expect(s.format).toBe('candidate-csv');
  return { s, out };
}

describe('candidate-csv', () => {
  it('maps every column of the documented export', async () => {
    const { s, out } = await read('candidates.csv');
    expect(s).toMatchObject({ records: 4, accepted: 4, rejected: 0 });
    const [dana, jin, alex, marta] = out;
    expect(dana).toMatchObject({
      key: 'candidate-csv:c-1001',
      displayName: 'Dana Whitfield',
      givenName: 'Dana',
      familyName: 'Whitfield',
      emails: [{ value: 'dana.whitfield@example.com' }],
      phones: [{ value: '+1 512 555 0147' }],
      addresses: [{ use: 'home', street: '4100 Speedway', locality: 'Austin', region: 'TX', postalCode: '78751', country: 'US' }],
      sourcing: { channel: 'job-board', name: 'LinkedIn' },
      appliedAt: '2026-10-02T15:04:00.000Z',
      photo: { file: 'photos/dana-whitfield.jpg' },
      attachments: [
        { filename: 'resumes/dana-whitfield.pdf', type: 'resume' },
        { filename: 'photos/dana-whitfield.jpg', type: 'photo' },
      ],
    });
    // a bare user name in the github column is a github.com profile
    expect(dana.profiles).toEqual([
      { url: 'https://www.linkedin.com/in/danawhitfield', network: 'linkedin', username: 'danawhitfield' },
      { url: 'https://github.com/danaw', network: 'github', username: 'danaw' },
      { url: 'https://danawhitfield.example.dev', network: 'website' },
    ]);
    expect(jin.emails.map((e) => e.value)).toEqual(['jin.park.devs@example.net', 'jinpark.work@example.org']);
    expect(jin.sourcing).toEqual({ channel: 'agency', name: 'Apex Talent Staffing' });
    expect(jin.addresses[0].country).toBe('US'); // "United States"
    expect(alex.sourcing).toEqual({ channel: 'referral', referrer: 'Bob Smith' });
    expect(alex.profiles[0]).toEqual({ url: 'https://www.linkedin.com/in/alex-rivera-dev', network: 'linkedin', username: 'alex-rivera-dev' });
    expect(alex.appliedAt).toBe('2026-09-30T00:00:00.000Z');
    expect(marta.sourcing).toEqual({ channel: 'direct', name: 'careers page' });
    expect(marta.appliedAt).toBe('2026-09-28T09:30:00.000Z'); // +02:00 → UTC
    expect(marta.addresses[0]).toMatchObject({ locality: 'Kraków', postalCode: '31-147', country: 'PL' });
  });

  it('rejects bad rows naming the column, and reads the rest', async () => {
    const { s, out } = await read('candidates-bad-rows.csv');
    expect(s).toMatchObject({ records: 5, accepted: 1, rejected: 4 });
    expect(out.map((r) => r.key)).toEqual(['candidate-csv:c-2001']);
    expect(out[0].sourcing).toEqual({ channel: 'job-board', name: 'Indeed' });
    expect(s.errors.map((e) => [e.line, e.field, e.message])).toEqual([
      [3, 'email', 'not an e-mail address: "tom.becker(at)example.com"'],
      [4, 'id', 'no identity: need an id or an e-mail to key the candidate'],
      [5, 'applied_at', 'not an ISO 8601 date-time: "5 October 2026"'],
      [6, 'phone', '81 characters: not a phone number (at most 64)'],
    ]);
  });

  it('sniffs by header: candidate-only columns; an HR export and an interview CSV are not candidates', () => {
    const row = (headers: string[]) => Object.fromEntries(headers.map((h) => [h, 'x']));
    expect(candidateCsv.sniff(row(['ID', 'First Name', 'Last Name', 'Email', 'Applied At', 'Resume File']), 'csv')).toBe(true);
    expect(candidateCsv.sniff(row(['email', 'name', 'agency', 'referrer']), 'csv')).toBe(true);
    // hr-csv's own sample header (Entra inbound provisioning): names, e-mail, address, no candidate column
    const hr = row(['WorkerID', 'WorkerStatus', 'FirstName', 'LastName', 'Email', 'HireDate', 'StreetAddress', 'City', 'Country', 'Mobile']);
    expect(candidateCsv.sniff(hr, 'csv')).toBe(false);
    expect(hrCsv.sniff(hr, 'csv')).toBe(true);
    expect(candidateCsv.sniff(row(['candidate', 'first_name', 'referrer', 'source_channel', 'camera_on']), 'csv')).toBe(false);
    expect(candidateCsv.sniff(row(['id', 'first_name', 'resume_file', 'applied_at']), 'json-array')).toBe(false);
    expect(columnOf('Postal Code')).toBe('postal_code');
    expect(columnOf('x'.repeat(500))).toBeUndefined();
  });
});
