import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../core/model.ts';
import { readInputFile } from '../reader.ts';
import { oktaUsers } from './format.ts';

describe('okta-users', () => {
  it("maps Okta's documented users: ids, status, secondEmail as a claim", async () => {
    const out: DirectoryEntry[] = [];
    const s = await readInputFile(new URL('./fixtures/okta-docs-list-users.json', import.meta.url).pathname, { event: () => true, directory: (d) => out.push(d) });
    expect(s).toMatchObject({ format: 'okta-users', accepted: 2, rejected: 0 });
    expect(out[0]).toMatchObject({ id: 'okta:00u1f96ECLNVOKVMUSEA', displayName: 'Easy E', active: true, created: Date.parse('2013-12-12T16:14:22.000Z') });
    expect(out[1].ids).toEqual([
      { kind: 'oktaId', value: '00ub0oNGTSWTBKOLGLNR' },
      { kind: 'upn', value: 'isaac.brock@example.com' },
      { kind: 'email', value: 'isaac.brock@example.com' },
      { kind: 'employeeId', value: '187' },
    ]);
    expect(out[1]).toMatchObject({ active: false, department: 'Engineering', title: 'Director', phones: [{ value: '555-415-1337', type: 'mobile' }] });
    expect(out[1].emails).toContainEqual({ value: 'isaac@example.org', type: 'other' });
  });

  it('rejects a user without login or with a bad time zone', () => {
    expect(oktaUsers.parse({ id: 'x', status: 'ACTIVE', profile: {} }, { file: 'x' })).toMatchObject({ ok: false, field: 'profile.login' });
    expect(oktaUsers.parse({ id: 'x', status: 'ACTIVE', profile: { login: 'a@b.c', timezone: 'Mars/Olympus' } }, { file: 'x' })).toMatchObject({ ok: false, field: 'profile.timezone' });
  });
});
