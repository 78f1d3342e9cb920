import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../core/model.ts';
import { readInputFile } from '../reader.ts';
import { gworkspaceUsers } from './format.ts';

describe('gworkspace-users', () => {
  it('maps Directory API users: home address, employee id, suspended accounts', async () => {
    const out: DirectoryEntry[] = [];
    const s = await readInputFile(new URL('./fixtures/directory-users-list.json', import.meta.url).pathname, { event: () => true, directory: (d) => out.push(d) });
    expect(s).toMatchObject({ format: 'gworkspace-users', accepted: 2, rejected: 0 });
    expect(out[0]).toMatchObject({
      id: 'gws:103256789012345678901',
      ids: [
        { kind: 'googleId', value: '103256789012345678901' },
        { kind: 'email', value: 'liz@example.com' },
        { kind: 'employeeId', value: '1042' },
      ],
      homeAddress: { locality: 'Mountain View', region: 'CA', country: 'US' },
      department: 'Engineering',
      title: 'Software Engineer',
      manager: 'mgr@example.com',
      created: Date.parse('2026-11-02T09:00:00.000Z'),
      active: true,
    });
    expect(out[0].emails).toContainEqual({ value: 'liz.smith@example.org', type: 'home' });
    expect(out[1].active).toBe(false);
  });

  it('rejects a user without primaryEmail', () => {
    expect(gworkspaceUsers.parse({ id: '1', name: {} }, { file: 'x' })).toMatchObject({ ok: false, field: 'primaryEmail' });
  });
});
