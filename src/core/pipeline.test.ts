import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineDetector, eventEvidence } from './detector.ts';
import { Config } from './config.ts';
import type { DirectoryEntry, IpIntel, NormalizedEvent } from './model.ts';
import { Finding, NormalizedEvent as EventSchema } from './model.ts';
import { Pipeline, personIdFor, type IntelPort } from './pipeline.ts';
import { scorePerson } from './scoring.ts';

// A minimal intel port: one KP address, everything else residential US.
const intel: IntelPort = {
  lookupIp: (ip): IpIntel =>
    ip.startsWith('175.45.176.')
      ? { ip, netClass: 'business', asn: 131279, asOrg: 'Ryugyong-dong', risks: [{ tag: 'kp', reason: 'AS131279 (North Korea)' }], geo: { country: 'KP', source: 'geolite2', lat: 40, lon: 127 } }
      : { ip, netClass: 'residential', risks: [], geo: { country: 'US', region: 'Texas', source: 'geolite2', lat: 30.3, lon: -97.7 } },
  geocode: (a) => (a.region ? { country: 'US', region: a.region, source: 'directory' } : undefined),
};

// Counts sign-ins from KP; throws for a poisoned event to prove errors are results.
const kpCounter = defineDetector({
  definition: {
    id: 'test-kp',
    title: 'KP sign-ins',
    description: 'test',
    stage: 'monitor',
    indicator: { text: 'test', reference: 'test' },
    needs: ['signin', 'ip-intel'],
    severity: 'critical',
    params: z.object({ min: z.number().default(1) }),
  },
  init: () => ({ n: 0, first: 0, ev: null as null | ReturnType<typeof eventEvidence>, order: [] as number[] }),
  observe(s, ev) {
    if (ev.ip === '6.6.6.6') throw new Error('poisoned');
    s.order.push(ev.time);
    if (ev.intel?.risks.some((r) => r.tag === 'kp')) {
      s.n++;
      if (!s.first) s.first = ev.time;
      s.ev ??= eventEvidence(ev, 'KP sign-in');
    }
  },
  evaluate(s, _ctx, p) {
    if (s.n < p.min) return [];
    return [{ severity: 'critical', title: 'KP', explanation: `${s.n} sign-ins from KP; threshold ${p.min}`, firstSeen: new Date(s.first).toISOString(), lastSeen: new Date(s.first).toISOString(), evidence: [s.ev!] }];
  },
});

const ev = (over: Partial<NormalizedEvent> & { upn: string; t: number }): NormalizedEvent => ({
  id: `entra:${over.upn}:${over.t}`,
  source: 'entra-signin',
  kind: 'signin',
  type: 'Sign-in activity',
  time: over.t,
  actor: { ids: [{ kind: 'upn', value: over.upn }] },
  outcome: 'success',
  ip: over.ip ?? '73.1.1.1',
  ...over,
});

const dir: DirectoryEntry = {
  id: 'scim:1',
  source: 'scim-users',
  ids: [
    { kind: 'upn', value: 'Ann@Contoso.com' },
    { kind: 'entraId', value: 'aaaa-1111' },
  ],
  displayName: 'Ann',
  emails: [{ value: 'ann.personal@gmail.com', type: 'home' }],
  phones: [],
  homeAddress: { region: 'Texas', country: 'US' },
};

describe('Pipeline', () => {
  it('resolves UPN, Entra id and case variants onto the directory person; unknown actors become people', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel });
    p.addDirectory([dir]);
    const a = p.ingest(ev({ upn: 'ann@contoso.com', t: 1 }));
    const b = p.ingest({ ...ev({ upn: 'x', t: 2 }), actor: { ids: [{ kind: 'entraId', value: 'AAAA-1111' }] } });
    const c = p.ingest(ev({ upn: 'stranger@contoso.com', t: 3 }));
    expect(a.personId).toBe(personIdFor(dir.ids));
    expect(b.personId).toBe(a.personId);
    expect(c.personId).not.toBe(a.personId);
    const r = p.finish();
    expect(r.people).toHaveLength(2);
    const ann = r.people.find((x) => x.personId === a.personId)!;
    expect(ann.events).toBe(2);
    expect(ann.directory?.homeAddress?.region).toBe('Texas');
    // a personal e-mail is a claim, not an identifier: it must not pull anyone into Ann's record
    expect(p.resolve([{ kind: 'email', value: 'ann.personal@gmail.com' }])).not.toBe(a.personId);
  });

  it('never merges two entries of one directory that share an identifier; merges across directories', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel });
    const a: DirectoryEntry = { ...dir, id: 'scim:a', ids: [{ kind: 'upn', value: 'john.davis@contoso.com' }, { kind: 'externalId', value: 'john.davis' }] };
    const b: DirectoryEntry = { ...dir, id: 'scim:b', ids: [{ kind: 'upn', value: 'john.davis@fabrikam.com' }, { kind: 'externalId', value: 'john.davis' }] };
    const hr: DirectoryEntry = { ...dir, id: 'hr:77', source: 'hr-csv', ids: [{ kind: 'upn', value: 'JOHN.DAVIS@contoso.com' }, { kind: 'employeeId', value: '77' }] };
    p.addDirectory([a, b, hr]);
    const ea = p.ingest(ev({ upn: 'john.davis@contoso.com', t: 1 }));
    const eb = p.ingest(ev({ upn: 'john.davis@fabrikam.com', t: 2 }));
    expect(ea.personId).not.toBe(eb.personId);
    expect(p.personIds()).toHaveLength(2); // the HR row joined the contoso person
    expect(p.resolve([{ kind: 'employeeId', value: '77' }])).toBe(ea.personId);
  });

  it('feeds detectors each person’s events in time order, once per event id, and scores a critical finding as high', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel });
    for (const t of [5000, 1000, 3000]) p.ingest(ev({ upn: 'bob@contoso.com', t, ip: t === 3000 ? '175.45.176.99' : '73.1.1.1' }));
    p.ingest(ev({ upn: 'bob@contoso.com', t: 3000, ip: '175.45.176.99' })); // the same record again
    const r = p.finish();
    const bob = r.people[0];
    expect((p.exportState(bob.personId)!['test-kp'] as { order: number[] }).order).toEqual([1000, 3000, 5000]);
    expect(bob.findings).toHaveLength(1);
    expect(Finding.parse(bob.findings[0]).detector).toBe('test-kp');
    expect(bob.findings[0].explanation).toContain('1 sign-ins from KP');
    expect(bob.level).toBe('high');
    expect(r.window).toEqual({ from: 1000, to: 5000 });
  });

  it('reports a throwing detector as an error result and keeps going', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel });
    p.ingest(ev({ upn: 'eve@contoso.com', t: 1, ip: '6.6.6.6' }));
    p.ingest(ev({ upn: 'kim@contoso.com', t: 1, ip: '175.45.176.1' }));
    const r = p.finish();
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ detector: 'test-kp', message: expect.stringContaining('poisoned') });
    expect(r.people.find((x) => x.identifiers.includes('kim@contoso.com'))!.findings).toHaveLength(1);
    expect(r.timings[0].errors).toBe(1);
  });

  it('applies config: params overrides, disabled detectors and suppressions by identifier', () => {
    const base = () => {
      const p = new Pipeline({ detectors: [kpCounter], intel, config: cfg });
      p.ingest(ev({ upn: 'kim@contoso.com', t: 1, ip: '175.45.176.1' }));
      return p.finish().people[0].findings.length;
    };
    let cfg = Config.parse({ detectors: { 'test-kp': { params: { min: 2 } } } });
    expect(base()).toBe(0);
    cfg = Config.parse({ detectors: { 'test-kp': { enabled: false } } });
    expect(base()).toBe(0);
    cfg = Config.parse({ suppressions: [{ detector: 'test-kp', person: 'KIM@contoso.com', reason: 'approved travel' }] });
    expect(base()).toBe(0);
    cfg = Config.parse({ suppressions: [{ detector: 'test-kp', person: 'kim@contoso.com', until: '2000-01-01', reason: 'lapsed' }] });
    expect(base()).toBe(1);
    expect(() => new Pipeline({ detectors: [kpCounter], intel, config: Config.parse({ detectors: { 'test-kp': { params: { min: 'x' } } } }) })).toThrow();
  });

  it('stream mode observes each event on arrival; a late event waits for a replay in (time, id) order', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel, mode: 'stream' });
    const a = p.ingest(ev({ upn: 'kim@contoso.com', t: 5, ip: '175.45.176.1' }));
    expect((p.exportState(a.personId)!['test-kp'] as { n: number }).n).toBe(1);
    const late = ev({ upn: 'kim@contoso.com', t: 2 });
    p.ingest(late); // older than what was observed: not observed out of order
    expect((p.exportState(a.personId)!['test-kp'] as { order: number[] }).order).toEqual([5]);
    expect(p.takeDirty()).toEqual([a.personId]);
    p.replay(a.personId, [ev({ upn: 'kim@contoso.com', t: 5, ip: '175.45.176.1' }), late]);
    expect(p.takeDirty()).toEqual([]);
    expect((p.exportState(a.personId)!['test-kp'] as { order: number[] }).order).toEqual([2, 5]);
    const r = p.evaluate();
    expect(r.people[0]).toMatchObject({ level: 'high', events: 2, firstEvent: new Date(2).toISOString() });
  });

  it('stream mode: a changed directory entry or a state of another version makes a person wait for a replay', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel, mode: 'stream' });
    const a = p.ingest(ev({ upn: 'ann@contoso.com', t: 1 }));
    expect(p.takeDirty()).toEqual([]);
    p.addDirectory([dir]);
    expect(p.takeDirty()).toEqual([a.personId]);
    const snap = JSON.parse(JSON.stringify(p.exportSnapshot(a.personId)));
    const q = new Pipeline({ detectors: [kpCounter], intel, mode: 'stream' });
    q.importSnapshot(a.personId, { ...snap, v: 'other' });
    expect(q.takeDirty()).toEqual([a.personId]);
    expect(q.exportState(a.personId)).toEqual({}); // never read
    q.importSnapshot(a.personId, snap);
    expect(q.takeDirty()).toEqual([]);
  });

  it('takeAffected names the people observed, those not evaluated since they changed, and those whose evaluation read what changed', () => {
    // Reads the people on the person's network prefixes (like corporate-egress checks) and the department index.
    const peers = defineDetector({
      definition: { ...kpCounter.definition, id: 'test-peers', severity: 'low' },
      init: () => ({ ips: [] as string[] }),
      observe(s, e) {
        if (e.ip && !s.ips.includes(e.ip)) s.ips.push(e.ip);
      },
      evaluate(s, ctx, _p, pop) {
        for (const ip of s.ips) pop.peopleOnPrefix(ip);
        if (ctx.directory?.department === 'night') pop.index('test/dept', (c) => (c.directory?.department ? [[c.directory.department, { pid: c.personId, n: c.events }] as const] : [])).get('night');
        return [];
      },
    });
    const p = new Pipeline({ detectors: [peers], intel, mode: 'stream' });
    const a = p.ingest(ev({ upn: 'a@contoso.com', t: 1, ip: '73.9.9.1' }));
    const b = p.ingest(ev({ upn: 'b@contoso.com', t: 1, ip: '73.9.9.2' }));
    const c = p.ingest(ev({ upn: 'c@contoso.com', t: 1, ip: '99.1.1.1', deviceId: 'dev-1' }));
    // Never evaluated: everyone.
    expect(p.takeAffected().people.sort()).toEqual([a.personId, b.personId, c.personId].sort());
    p.evaluate();
    // Nothing happened: nobody.
    expect(p.takeAffected().people).toEqual([]);
    // a's repeated IP changes nobody else's reads: a alone.
    p.ingest(ev({ upn: 'a@contoso.com', t: 2, ip: '73.9.9.1' }));
    let x = p.takeAffected();
    expect(x.observed).toEqual([a.personId]);
    expect(x.people).toEqual([a.personId]);
    p.evaluate(x.people);
    // A new person on b's /24: who is on the prefix changed, so a and b (who read it) are affected, c is not.
    const d = p.ingest(ev({ upn: 'd@contoso.com', t: 3, ip: '73.9.9.7' }));
    x = p.takeAffected();
    expect(x.people.sort()).toEqual([a.personId, b.personId, d.personId].sort());
    p.evaluate(x.people);
    // Department reads: e and f in 'night' read the group; g in 'day' does not; f's new event changes the group.
    p.addDirectory(['e', 'f', 'g'].map((n, i) => ({ ...dir, id: `scim:${n}`, ids: [{ kind: 'upn', value: `${n}@contoso.com` }], emails: [], phones: [], department: i < 2 ? 'night' : 'day' })));
    const e = p.ingest(ev({ upn: 'e@contoso.com', t: 4, ip: '50.1.1.1' }));
    const f = p.ingest(ev({ upn: 'f@contoso.com', t: 4, ip: '51.1.1.1' }));
    const g = p.ingest(ev({ upn: 'g@contoso.com', t: 4, ip: '52.1.1.1' }));
    p.evaluate(p.takeAffected().people); // directory entries came: everyone
    p.ingest(ev({ upn: 'f@contoso.com', t: 5, ip: '51.1.1.1' }));
    p.ingest(ev({ upn: 'g@contoso.com', t: 5, ip: '52.1.1.1' }));
    x = p.takeAffected();
    expect(x.people.sort()).toEqual([e.personId, f.personId, g.personId].sort());
    p.evaluate(x.people);
    p.ingest(ev({ upn: 'g@contoso.com', t: 6, ip: '52.1.1.1' }));
    expect(p.takeAffected().people).toEqual([g.personId]);
  });

  it('a JSON snapshot resumes a person in another pipeline with detector state and event counters', () => {
    const p = new Pipeline({ detectors: [kpCounter], intel, mode: 'stream' });
    const a = p.ingest(ev({ upn: 'kim@contoso.com', t: 1000, ip: '175.45.176.1' }));
    p.ingest(ev({ upn: 'kim@contoso.com', t: 5000 }));
    const snap = JSON.parse(JSON.stringify(p.exportSnapshot(a.personId)));
    const q = new Pipeline({ detectors: [kpCounter], intel, mode: 'stream' });
    q.importSnapshot(a.personId, snap);
    q.ingest(ev({ upn: 'kim@contoso.com', t: 9000 }));
    const kim = q.evaluate().people[0];
    expect(kim).toMatchObject({ events: 3, firstEvent: new Date(1000).toISOString(), lastEvent: new Date(9000).toISOString(), level: 'high' });
  });

  it('events built by the test conform to the zod model', () => {
    expect(() => EventSchema.parse(ev({ upn: 'a@b.c', t: 1 }))).not.toThrow();
  });
});

describe('scoring', () => {
  const f = (detector: string, severity: Finding['severity'], lr?: number): Finding => ({
    detector, severity, title: detector, explanation: '', firstSeen: '2026-01-01T00:00:00Z', lastSeen: '2026-01-01T00:00:00Z', evidence: [], likelihoodRatio: lr,
  });
  const cfg = Config.parse({}).scoring;
  it('one weak or one high signal never makes high; several independent ones do', () => {
    expect(scorePerson([f('a', 'low')], cfg).level).toBe('none');
    expect(scorePerson([f('a', 'high')], cfg).level).not.toBe('high');
    expect(scorePerson([f('a', 'high'), f('b', 'high')], cfg).level).toBe('high');
  });
  it('counts further findings of one detector dampened (LR^0.5), and only the strongest when dampening is 0', () => {
    const r = scorePerson([f('a', 'high', 20), f('a', 'medium', 4), f('a', 'low', 1)], cfg);
    expect(r.contributions).toEqual([{ detector: 'a', likelihoodRatio: 40 }]);
    const strongestOnly = scorePerson([f('a', 'high', 20), f('a', 'medium', 4)], { ...cfg, sameDetectorDampening: 0 });
    expect(strongestOnly.contributions[0].likelihoodRatio).toBe(20);
  });
  it('boosts new hires in their first days and makes critical findings high at once', () => {
    const hired = Date.parse('2026-09-01');
    const fresh = scorePerson([f('a', 'high'), f('b', 'medium')], cfg, { hired, firstEvent: hired + 86_400_000 });
    const old = scorePerson([f('a', 'high'), f('b', 'medium')], cfg, { hired, firstEvent: hired + 400 * 86_400_000 });
    expect(fresh.newHire).toBe(true);
    expect(fresh.risk).toBeGreaterThan(old.risk);
    expect(scorePerson([f('kp', 'critical', 1.5)], cfg).level).toBe('high');
  });
  it('explains the arithmetic: contributions multiply the prior odds', () => {
    const r = scorePerson([f('a', 'medium', 6), f('b', 'low', 2)], cfg);
    const odds = r.priorOdds * 12;
    expect(r.risk).toBe(Math.round((100 * odds) / (1 + odds)));
    expect(r.contributions).toEqual([{ detector: 'a', likelihoodRatio: 6 }, { detector: 'b', likelihoodRatio: 2 }]);
  });
});
