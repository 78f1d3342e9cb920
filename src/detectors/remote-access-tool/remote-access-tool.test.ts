// remote-access-tool through the real remote-access catalog (src/intel/remote-access), the real offline intel and
// the real pipeline. Endpoint records are in the model's shape (../common/fixtures/endpoint.ts).
import { describe, expect, it } from 'vitest';
import { Config } from '../../core/config.ts';
import type { NormalizedEvent } from '../../core/model.ts';
import { Pipeline } from '../../core/pipeline.ts';
import { findingsFor, graphSignIn, parseRecords, scimUser, testIntel } from '../../../test/testkit.ts';
import { enrolment, software, TOOLS } from '../common/fixtures/endpoint.ts';
import { IP } from '../common/fixtures/net.ts';
import { detector } from './detector.ts';
import { definition } from './definition.ts';

const ID = 'remote-access-tool';
const D = 86_400_000;
const T0 = Date.parse('2025-05-05T09:00:00Z');
const P = definition.params.parse({});

async function run(users: Parameters<typeof scimUser>[0][], records: Record<string, unknown>[], endpoint: NormalizedEvent[], config?: Record<string, unknown>) {
  const pipeline = new Pipeline({ detectors: [detector], intel: await testIntel(), config: Config.parse(config ?? {}) });
  pipeline.addDirectory(parseRecords(users.map(scimUser)).directory);
  for (const ev of [...endpoint, ...parseRecords(records).events]) pipeline.ingest(ev);
  return pipeline.finish();
}

describe('remote-access-tool', () => {
  it('AnyDesk three days after a new hire\'s laptop arrived, with VPN sign-ins the same days → high, and critical combined', async () => {
    const upn = 'new.dev@contoso.com';
    const signins = [0, 1, 2, 3, 4].map((d) => graphSignIn({ upn, time: T0 + d * D + 3_600_000, ip: IP.mullvad }));
    const r = await run([{ upn, created: new Date(T0 - 10 * D).toISOString() }], signins, [enrolment(upn, 'CONTOSO-LT-0412', T0), software('contoso-lt-0412.contoso.com', T0 + 3 * D, TOOLS.anydesk)]);
    const f = findingsFor(r, upn, ID);
    expect(f.map((x) => x.severity).sort()).toEqual(['critical', 'high']);
    const [tool, combined] = [f.find((x) => x.severity === 'high')!, f.find((x) => x.severity === 'critical')!];
    f.splice(0, 2, tool, combined);
    expect(f[0]).toMatchObject({ title: 'Remote-access tool on the person\'s device: AnyDesk', likelihoodRatio: P.highLikelihoodRatio });
    expect(f[0].explanation).toContain('AnyDesk arrived 3.0 days after contoso-lt-0412 was enrolled (2025-05-05');
    const ev = f[0].evidence.find((e) => e.type === 'event')!;
    expect(ev.label).toMatch(/file AnyDesk\.exe; .*publisher AnyDesk Software GmbH; version 8\.0\.14; on contoso-lt-0412/);
    expect(ev.label).toMatch(/matched name "AnyDesk" to catalog exact "AnyDesk"/);
    expect(f[0].evidence.find((e) => e.type === 'measure')).toMatchObject({ value: 3, threshold: P.earlyDays, unit: 'days' });
    expect(f[1].title).toBe('Remote-access tool together with VPN/hosting sign-ins in the same days');
    expect(f[1].explanation).toMatch(/AnyDesk arrived within 3 days of successful sign-ins through VPN, hosting or Tor networks on 5 day\(s\)/);
    expect(r.people.find((p) => p.identifiers.includes(upn))!.level).toBe('high');
  });

  it('weighs by time since enrolment: a tool two hundred days later on an established employee is low', async () => {
    const upn = 'old.hand@contoso.com';
    const r = await run([{ upn, created: '2022-01-03T09:00:00Z' }], [], [enrolment(upn, 'LT-7', T0), software('LT-7', T0 + 200 * D, TOOLS.teamviewer)]);
    const f = findingsFor(r, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: P.lowLikelihoodRatio });
    expect(f[0].explanation).toContain('TeamViewer arrived 200.0 days after lt-7 was enrolled');
  });

  it('two different tools are stronger and named together', async () => {
    const upn = 'two.tools@contoso.com';
    const r = await run([{ upn, created: '2022-01-03T09:00:00Z' }], [], [
      enrolment(upn, 'LT-9', T0), software('LT-9', T0 + 30 * D, TOOLS.anydesk), software('LT-9', T0 + 31 * D, TOOLS.teamviewer),
    ]);
    const f = findingsFor(r, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'medium', title: '2 remote-access tools on the person\'s device', likelihoodRatio: P.mediumLikelihoodRatio * P.severalFactor });
    expect(f[0].explanation).toContain('2 different remote-access tools (AnyDesk, TeamViewer)');
  });

  it('an IT support team\'s ScreenConnect weighs little and says why; a sanctioned tool weighs nothing', async () => {
    const team = ['a', 'b', 'c', 'd', 'e'].map((x) => `${x}.support@contoso.com`);
    const users = team.map((upn) => ({ upn, department: 'IT Support', created: '2023-03-01T09:00:00Z' }));
    const endpoint = team.flatMap((upn, i) => [enrolment(upn, `IT-${i}`, T0), software(`IT-${i}`, T0 + 2 * D, TOOLS.screenconnect)]);
    const r = await run(users, [], endpoint);
    for (const upn of team) {
      const f = findingsFor(r, upn, ID);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: P.commonLikelihoodRatio });
      expect(f[0].title).toMatch(/^Remote-access tool common in IT Support: ScreenConnect/);
      expect(f[0].explanation).toContain('4 of the 4 other members of IT Support run it too');
    }
    const s = await run(users.slice(0, 1), [], endpoint.slice(0, 2), { detectors: { [ID]: { params: { sanctioned: ['screenconnect'] } } } });
    const f = findingsFor(s, team[0], ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'info', likelihoodRatio: 1 });
    expect(f[0].explanation).toContain('sanctioned by policy');
  });

  it('ordinary software finds nothing, and a device with no catalogued tool is quiet', async () => {
    const upn = 'plain@contoso.com';
    const r = await run([{ upn }], [graphSignIn({ upn, time: T0, ip: IP.charterAustin })], [enrolment(upn, 'LT-1', T0), software('LT-1', T0 + D, TOOLS.chrome), software('LT-1', T0 + D, TOOLS.slack)]);
    expect(findingsFor(r, upn, ID)).toEqual([]);
  });
});
