// farm-tools through the real remote-access catalog and the real pipeline (endpoint records in the model's shape).
import { describe, expect, it } from 'vitest';
import { Config } from '../../core/config.ts';
import type { NormalizedEvent } from '../../core/model.ts';
import { Pipeline } from '../../core/pipeline.ts';
import { findingsFor, parseRecords, scimUser, testIntel } from '../../../test/testkit.ts';
import { enrolment, LOGITECH_MOUSE, PIKVM, software, TOOLS, usb } from '../common/fixtures/endpoint.ts';
import { detector } from './detector.ts';
import { definition } from './definition.ts';

const ID = 'farm-tools';
const D = 86_400_000;
const T0 = Date.parse('2025-05-05T09:00:00Z');
const P = definition.params.parse({});

async function run(users: Parameters<typeof scimUser>[0][], endpoint: NormalizedEvent[], config?: Record<string, unknown>) {
  const pipeline = new Pipeline({ detectors: [detector], intel: await testIntel(), config: Config.parse(config ?? {}) });
  pipeline.addDirectory(parseRecords(users.map(scimUser)).directory);
  for (const ev of endpoint) pipeline.ingest(ev);
  return pipeline.finish();
}

describe('farm-tools', () => {
  it('a PiKVM plugged into the laptop → high, naming the USB identity', async () => {
    const upn = 'farm.laptop@contoso.com';
    const r = await run([{ upn }], [enrolment(upn, 'LT-20', T0), usb('LT-20', T0 + 5 * D, PIKVM), usb('LT-20', T0 + 5 * D, LOGITECH_MOUSE)]);
    const f = findingsFor(r, upn, ID);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ severity: 'high', title: "IP-KVM hardware on the person's device: PiKVM", likelihoodRatio: P.ipKvmLikelihoodRatio });
    expect(f[0].evidence[0].label).toMatch(/USB 1d6b:0104 PiKVM Composite KVM Device; on lt-20/);
  });

  it('Astrill VPN is high, another consumer VPN medium; a keep-awake tool medium', async () => {
    const upn = 'astrill.user@contoso.com';
    const other = 'nord.user@contoso.com';
    const r = await run([{ upn }, { upn: other }], [
      enrolment(upn, 'LT-21', T0), software('LT-21', T0, TOOLS.astrill), software('LT-21', T0 + D, TOOLS.caffeine),
      enrolment(other, 'LT-22', T0), software('LT-22', T0, { name: 'NordVPN', via: 'inventory', publisher: 'nordvpn s.a.', version: '7.30.3.0' }),
    ]);
    expect(findingsFor(r, other, ID)).toMatchObject([{ severity: 'medium', title: 'Consumer VPN client: NordVPN', likelihoodRatio: P.vpnLikelihoodRatio }]);
    const f = findingsFor(r, upn, ID);
    const vpn = f.find((x) => x.title.startsWith('Consumer VPN client'))!;
    expect(vpn).toMatchObject({ severity: 'high', likelihoodRatio: P.watchedVpnLikelihoodRatio });
    expect(vpn.explanation).toContain('Astrill VPN is the VPN most reported in North Korean IT-worker cases');
    expect(f.find((x) => x.title.startsWith('Keep-awake'))).toMatchObject({ severity: 'medium', likelihoodRatio: P.keepAwakeLikelihoodRatio });
  });

  it('a keep-awake tool the whole team uses weighs little; a sanctioned one nothing; ordinary USB devices nothing', async () => {
    const team = ['a', 'b', 'c', 'd'].map((x) => `${x}.build@contoso.com`);
    const users = team.map((upn) => ({ upn, department: 'Build Engineering' }));
    const endpoint = team.flatMap((upn, i) => [enrolment(upn, `BE-${i}`, T0), software(`BE-${i}`, T0 + D, TOOLS.caffeine), usb(`BE-${i}`, T0, LOGITECH_MOUSE)]);
    const r = await run(users, endpoint);
    for (const upn of team) {
      const f = findingsFor(r, upn, ID);
      expect(f).toHaveLength(1);
      expect(f[0]).toMatchObject({ severity: 'low', likelihoodRatio: P.commonLikelihoodRatio });
      expect(f[0].explanation).toContain('3 of the 3 other members of Build Engineering have it too');
    }
    const s = await run(users.slice(0, 1), endpoint.slice(0, 3), { detectors: { [ID]: { params: { sanctioned: ['Caffeine'] } } } });
    expect(findingsFor(s, team[0], ID)).toMatchObject([{ severity: 'info', likelihoodRatio: 1 }]);
  });
});
