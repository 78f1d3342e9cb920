import { describe, expect, it } from 'vitest';
import type { DirectoryEntry } from '../../core/model.ts';
import { readInputFile } from '../reader.ts';
import { graphUsers } from './format.ts';

const read = async (): Promise<DirectoryEntry[]> => {
  const out: DirectoryEntry[] = [];
  await readInputFile(new URL('./fixtures/graph-users-select-page.json', import.meta.url).pathname, { event: () => true, directory: (d) => out.push(d) });
  return out;
};

describe('graph-users', () => {
  it('maps the employee fields: hire date, department, employee id; otherMails are claims', async () => {
    const [adele, room] = await read();
    expect(adele).toMatchObject({
      id: 'graph:87d349ed-44d7-43e1-9a83-5f2406dee5bd',
      source: 'graph-users',
      ids: [
        { kind: 'entraId', value: '87d349ed-44d7-43e1-9a83-5f2406dee5bd' },
        { kind: 'upn', value: 'AdeleV@contoso.com' },
        { kind: 'email', value: 'AdeleV@contoso.com' },
        { kind: 'employeeId', value: '1000042' },
      ],
      displayName: 'Adele Vance',
      department: 'Retail',
      title: 'Retail Manager',
      organization: 'Contoso',
      userType: 'Employee',
      created: Date.parse('2021-03-01T00:00:00Z'),
      active: true,
    });
    // No hire date: the account's creation stands for the arrival.
    expect(room.created).toBe(Date.parse('2017-07-31T17:24:41Z'));
    expect(room.department).toBeUndefined();
  });

  it('rejects a malformed hire date and a user with no id, naming the field', () => {
    const origin = { file: 'x' };
    expect(graphUsers.parse({ id: 'a', userPrincipalName: 'a@b.c', employeeHireDate: 'soon' }, origin)).toMatchObject({ ok: false, field: 'employeeHireDate' });
    expect(graphUsers.parse({ displayName: 'x' }, origin)).toMatchObject({ ok: false, field: 'id' });
    const other = graphUsers.parse({ id: 'a', userPrincipalName: 'a@b.c', otherMails: ['home@example.org'] }, origin);
    expect(other.ok === true && other.items[0].ids.map((i) => i.value)).toEqual(['a', 'a@b.c']);
  });
});
