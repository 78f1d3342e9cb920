import { describe, expect, it } from 'vitest';
import { DirectoryEntry } from '../../core/model.ts';
import { enriched } from './fixtures/enriched.ts';
import { githubLogins, localKey, lookupKeys, partyFromCandidate, partyFromDirectory, referrerKey } from './keys.ts';
import { minhash } from '../similarity/minhash.ts';
import { honestResume } from '../similarity/fixtures/resumes.ts';

describe('index keys', () => {
  it('local parts: distinctive ones only (≥ 6 characters, not generic), dots/+tags folded', () => {
    expect(localKey('Jane.Doe.Dev+jobs')).toBe('janedoedev');
    expect(localKey('jdoe')).toBeUndefined();
    expect(localKey('careers')).toBeUndefined();
    expect(localKey('contact')).toBeUndefined();
    expect(localKey('x'.repeat(65))).toBeUndefined();
  });

  it('GitHub logins from the facts and from profiles (username or github.com URL), lower case', () => {
    const c = enriched({ id: 'g', github: 'OctoCat' }).candidate;
    c.profiles = [
      { url: 'https://github.com/Other-Login', network: 'GitHub' },
      { url: 'https://gitlab.com/nope', network: 'gitlab', username: 'nope' },
      { url: 'https://github.com/a/b' },
    ];
    expect(githubLogins(c).sort()).toEqual(['octocat', 'other-login']);
  });

  it('a candidate: every kind of key, once; photo bands stored, probe keys looked up', () => {
    const text = honestResume(1);
    const e = enriched({
      id: 'k1', given: 'Min-jun', family: 'Kim', phones: ['+12025550100', '+12025550100'], emails: ['min.jun.kim@gmail.com'],
      addresses: ['1 a st|b|us'], photoHash: '0123456789abcdef', resumeText: text, resumeSignature: minhash(text), github: 'mjk', referrer: ' Bob  Smith ',
    });
    const p = partyFromCandidate(e);
    const count = (k: string) => p.keys.filter((x) => x.kind === k).length;
    expect(p.party).toEqual({ kind: 'candidate', id: 'k1', displayName: 'Min-jun Kim' });
    expect(p.familyName).toBe('kim');
    expect([count('phone'), count('mailbox'), count('emailLocal'), count('address'), count('name'), count('photo'), count('resume'), count('github'), count('referrer')]).toEqual([1, 1, 1, 1, 1, 4, 32, 1, 1]);
    expect(p.keys.find((k) => k.kind === 'referrer')?.key).toBe(referrerKey('bob smith'));
    expect(p.resumeShingles).toBeGreaterThan(100);
    const look = lookupKeys(p);
    expect(look.filter((k) => k.kind === 'photo')).toHaveLength(548);
    expect(look.filter((k) => k.kind === 'resume')).toHaveLength(32);
    expect(lookupKeys(p, 1).filter((k) => k.kind === 'photo')).toHaveLength(68);
  });

  it('an employee: phones as written when E.164-like, personal and work mailboxes, name keys; caller-normalised values win', () => {
    const d = DirectoryEntry.parse({
      id: 'scim:1', source: 'scim', ids: [{ kind: 'upn', value: 'A.Person@Contoso.com' }], displayName: 'Ana Person',
      emails: [{ value: 'ana.person.home@proton.me', type: 'home' }], phones: [{ value: '+44 20 7946 0958' }, { value: 'ext. 4411' }],
    });
    const p = partyFromDirectory(d);
    expect(p.keys).toEqual([
      { kind: 'phone', key: '+442079460958' },
      { kind: 'mailbox', key: 'ana.person.home@proton.me' },
      { kind: 'emailLocal', key: 'anapersonhome' },
      { kind: 'mailbox', key: 'a.person@contoso.com' },
      { kind: 'name', key: 'ana|person' },
      { kind: 'name', key: 'person|ana' },
    ]);
    const q = partyFromDirectory(d, { phones: ['+442079460000'], mailboxes: ['anapersonhome@proton.me'], addressKeys: ['1 x st|london|gb'] });
    expect(q.keys.filter((k) => k.kind !== 'name')).toEqual([
      { kind: 'phone', key: '+442079460000' },
      { kind: 'mailbox', key: 'anapersonhome@proton.me' },
      { kind: 'emailLocal', key: 'anapersonhome' },
      { kind: 'mailbox', key: 'a.person@contoso.com' },
      { kind: 'address', key: '1 x st|london|gb' },
    ]);
  });

  it('bounds keys per kind on hostile input', () => {
    const e = enriched({ id: 'h', phones: Array.from({ length: 500 }, (_, i) => `+1202555${String(i).padStart(4, '0')}`) });
    expect(partyFromCandidate(e).keys.filter((k) => k.kind === 'phone')).toHaveLength(20);
  });
});
