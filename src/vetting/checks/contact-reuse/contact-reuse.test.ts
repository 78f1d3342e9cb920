// contact-reuse over real index lookups (MemoryCandidateIndex): positives (one phone behind several names, one
// mailbox across names, an employee's phone, a ring address, a handle at two providers) and hard negatives (a
// household, the same person twice, common names, no data).
import { describe, expect, it } from 'vitest';
import { DirectoryEntry } from '../../../core/model.ts';
import { vetAgainst } from '../../index/fixtures/context.ts';
import { partyFromDirectory } from '../../index/keys.ts';
import { check } from './check.ts';
import { definition } from './definition.ts';

const P = definition.params.parse({});
const run = async (...args: Parameters<typeof vetAgainst>) => {
  const { c, ctx } = await vetAgainst(...args);
  return check.run(c, ctx, P);
};

describe('contact-reuse: positives', () => {
  it('one phone behind three names → high, the others named, checklist failed', async () => {
    const r = await run({ id: 'c1', given: 'Alex', family: 'Turner', phones: ['+12025550143'] }, [
      { id: 'c2', given: 'Brian', family: 'Cole', phones: ['+12025550143'] },
      { id: 'c3', given: 'Chris', family: 'Moreno', phones: ['+12025550143'], emails: ['cm@x.example'] },
    ]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: 'One phone number behind several names', likelihoodRatio: P.highLikelihoodRatio });
    expect(r.findings[0].explanation).toBe('Phone number +12025550143 is also given by 2 others under another name: candidate Brian Cole (c2); candidate Chris Moreno (c3).');
    expect(r.findings[0].evidence[0]).toMatchObject({ type: 'measure', value: 2 });
    expect(r.checklist).toEqual([{ item: 'contact-reuse', status: 'failed', evidence: r.findings[0].explanation }]);
  });

  it('one mailbox (dots and +tag folded) across two names → high', async () => {
    const r = await run({ id: 'm1', given: 'Dana', family: 'Ives', emails: ['dev.star+apply@gmail.com'] }, [{ id: 'm2', given: 'Eli', family: 'Park', emails: ['devstar@gmail.com'] }]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['high', 'One mailbox across several names']]);
  });

  it("an employee's phone given by an applicant under another name → high, employee likelihood ratio", async () => {
    const emp = DirectoryEntry.parse({ id: 'scim:77', source: 'scim', ids: [{ kind: 'upn', value: 'f.liu@contoso.com' }], givenName: 'Fang', familyName: 'Liu', displayName: 'Fang Liu', phones: [{ value: '+1 312 555 0188' }] });
    const r = await run({ id: 'e1', given: 'George', family: 'Hall', phones: ['+13125550188'] }, [], [partyFromDirectory(emp)]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'high', title: "An employee's phone number given by this applicant", likelihoodRatio: P.employeeLikelihoodRatio });
    expect(r.findings[0].explanation).toContain('is in the directory for employee Fang Liu (scim:77), under another name');
    expect(r.findings[0].evidence[1]).toMatchObject({ type: 'directory', personId: 'scim:77' });
  });

  it('three unrelated names at one address → high ring', async () => {
    const addr = '12 oak st apt 3|austin|tx|us';
    const r = await run({ id: 'a1', given: 'Hana', family: 'Ito', addresses: [addr] }, [
      { id: 'a2', given: 'Ivan', family: 'Petrov', addresses: [addr] },
      { id: 'a3', given: 'Jon', family: 'Quist', addresses: [addr] },
    ]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['high', 'Several unrelated names at one address']]);
    expect(r.findings[0].explanation).toMatch(/under 2 other family name\(s\)/);
  });

  it('the same distinctive handle at another provider under another name → medium', async () => {
    const r = await run({ id: 'l1', given: 'Kim', family: 'Lowry', emails: ['nightcoder88@proton.me'] }, [{ id: 'l2', given: 'Lee', family: 'Moss', emails: ['nightcoder88@gmail.com'] }]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['medium', 'The same distinctive e-mail name at another provider under another name']]);
    expect(r.checklist[0].status).toBe('failed');
  });

  it('a phone shared by more parties than the index returns reports the full count', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ id: `h${i}`, given: `Given${i}`, family: `Family${i}`, phones: ['+18885550000'] }));
    const { c, ctx } = await vetAgainst({ id: 'hx', given: 'Xena', family: 'Yates', phones: ['+18885550000'] }, many, [], { maxPerKey: 5 });
    const r = check.run(c, ctx, P);
    expect(r.findings[0].explanation).toMatch(/^Phone number \+18885550000 is also given by 40 others under another name/);
    expect(r.findings[0].evidence[0].value).toBe(40);
  });
});

describe('contact-reuse: hard negatives', () => {
  it('a family at one address (same family name, nothing else shared) → info "a household", checklist verified', async () => {
    const addr = '5 pine rd|fort lee|nj|us';
    const r = await run({ id: 'k1', given: 'Min-jun', family: 'Kim', addresses: [addr], phones: ['+12015550101'] }, [
      { id: 'k2', given: 'Seo-yeon', family: 'Gim', addresses: [addr], phones: ['+12015550102'] },
      { id: 'k3', given: 'Ji-ho', family: 'Kim', addresses: [addr] },
    ]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ severity: 'info', title: 'A household: address shared with the same family name', likelihoodRatio: 1 });
    expect(r.findings[0].explanation).toMatch(/all with the family name "kim" and nothing else in common, 3 people in all \(≤ 6\): a household, not a ring/);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('one unrelated roommate → low, not a ring; checklist still verified', async () => {
    const addr = '9 elm ct|boston|ma|us';
    const r = await run({ id: 'r1', given: 'Nia', family: 'Owens', addresses: [addr] }, [{ id: 'r2', given: 'Omar', family: 'Price', addresses: [addr] }]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['low', 'Address shared with one other name']]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('the same person recorded twice (same name and phone) → info duplicate', async () => {
    const r = await run({ id: 'd1', given: 'Priya', family: 'Rao', phones: ['+14085550177'] }, [{ id: 'd2', display: 'Rao Priya', phones: ['+14085550177'] }]);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['info', 'Recorded twice: the same name and phone number']]);
    expect(r.checklist[0].status).toBe('verified');
  });

  it('a common name shared with many, nothing else → no finding', async () => {
    const smiths = Array.from({ length: 12 }, (_, i) => ({ id: `s${i}`, given: 'John', family: 'Smith', phones: [`+1202555${String(1000 + i)}`] }));
    const r = await run({ id: 'sx', given: 'John', family: 'Smith', phones: ['+12025559999'] }, smiths);
    expect(r.findings).toEqual([]);
    expect(r.checklist).toEqual([expect.objectContaining({ item: 'contact-reuse', status: 'verified' })]);
  });

  it('no contact data → nothing judged', async () => {
    const r = await run({ id: 'n1', given: 'Quinn', family: 'Ross' }, []);
    expect(r).toEqual({ findings: [], checklist: [] });
  });

  it('a large family beyond the household size is flagged as many people at one address', async () => {
    const addr = '1 big house|x|y|us';
    const fam = Array.from({ length: 7 }, (_, i) => ({ id: `f${i}`, given: `Kid${i}`, family: 'Nguyen', addresses: [addr] }));
    const r = await run({ id: 'fx', given: 'Ba', family: 'Nguyen', addresses: [addr] }, fam);
    expect(r.findings.map((f) => [f.severity, f.title])).toEqual([['high', '8 people at one address']]);
  });
});
