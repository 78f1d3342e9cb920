// home-address: see README.md. Pure.
import type { AddressFacts, ChecklistDraft, EnrichedCandidate, VetFindingDraft } from '../../../core/check.ts';
import type { Evidence, Severity } from '../../../core/model.ts';
import { defineCheck } from '../../../core/check.ts';
import { haversineKm } from '../../../core/geo.ts';
import { addressLabel, homeAddresses } from '../../common/contact.ts';
import { definition } from './definition.ts';

type Params = ReturnType<typeof definition.params.parse>;

const severityOf = (lr: number): Severity => (lr >= 80 ? 'critical' : lr >= 20 ? 'high' : lr >= 6 ? 'medium' : lr > 1 ? 'low' : 'info');
/** addressKey = country|postal or city|street|unit (src/intel/address.ts). */
const parts = (key: string) => key.split('|');
const buildingOf = (key: string) => parts(key).slice(0, 3).join('|');
const isPoBox = (key: string) => (parts(key)[2] ?? '').startsWith('po box');
const countryOf = (a: AddressFacts) => a.place?.country ?? (parts(a.key)[0] || undefined);
/** The enrichment marks a forwarding match on the building only (another suite/unit) in the name. */
const buildingOnly = (a: AddressFacts) => /\(same building, other suite\/unit\)$/.test(a.forwarding?.name ?? '');

const addrEvidence = (label: string, a: AddressFacts): Evidence => ({
  type: 'directory',
  label: `${label}: ${addressLabel(a)}`,
  value: a.key || '(too vague to compare)',
  ...(a.place ? { place: a.place } : {}),
});

/** Distance between two geocoded addresses when both are placed at least as precisely as `maxAccuracyKm`. */
function distanceKm(a: AddressFacts, b: AddressFacts, maxAccuracyKm: number): number | undefined {
  const p = a.place, q = b.place;
  if (p?.lat === undefined || p.lon === undefined || q?.lat === undefined || q.lon === undefined) return undefined;
  if ((p.accuracyKm ?? Infinity) > maxAccuracyKm || (q.accuracyKm ?? Infinity) > maxAccuracyKm) return undefined;
  return haversineKm(p.lat, p.lon, q.lat, q.lon);
}

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, _ctx, params: Params) {
    const findings: VetFindingDraft[] = [];
    const failed: string[] = [];
    const homes = homeAddresses(c);
    const home = homes[0];
    const ships: AddressFacts[] = [];
    for (const a of c.addresses) if (a.address.use === 'shipping' && !ships.some((s) => s.key && s.key === a.key)) ships.push(a);

    const forwarding = (a: AddressFacts, role: 'home' | 'shipping') => {
      const lr = (role === 'shipping' ? params.forwardingShippingLikelihoodRatio : params.forwardingHomeLikelihoodRatio) * (buildingOnly(a) ? params.buildingOnlyFactor : 1);
      findings.push({
        severity: severityOf(lr),
        title: role === 'shipping' ? 'Laptop shipping address is a mail-forwarding address' : 'Home address is a mail-forwarding address',
        explanation:
          `The ${role === 'shipping' ? 'laptop shipping' : 'home'} address ${addressLabel(a)} is on the forwarding list as ${a.forwarding!.name} ` +
          `(source: ${a.forwarding!.source}). ${role === 'shipping' ? 'A laptop sent there is passed on, often abroad.' : 'Nobody lives at a forwarding address.'}` +
          (buildingOnly(a) ? ' Only the building matched (another suite or unit), so this weighs less.' : ''),
        evidence: [addrEvidence(`${role} address`, a), { type: 'intel', label: `forwarding list: ${a.forwarding!.name}`, value: a.forwarding!.source }],
        likelihoodRatio: lr,
      });
      failed.push(`the ${role} address is a forwarding address (${a.forwarding!.name})`);
    };

    if (home?.forwarding) forwarding(home, 'home');
    for (const s of ships) if (s.forwarding) forwarding(s, 'shipping');

    if (home?.key && isPoBox(home.key)) {
      findings.push({
        severity: severityOf(params.poBoxLikelihoodRatio),
        title: 'Home address is a PO box',
        explanation: `The home address ${addressLabel(home)} is a post-office box: nobody lives there, and a laptop cannot be verified as delivered to a home.`,
        evidence: [addrEvidence('home address', home)],
        likelihoodRatio: params.poBoxLikelihoodRatio,
      });
      failed.push('the home address is a PO box');
    }

    let shippedHome = false;
    const notDone: string[] = [];
    if (home?.key) {
      for (const s of ships) {
        if (s.key === home.key) { shippedHome = true; continue; }
        if (s.forwarding) continue; // said above, stronger
        if (!s.key) {
          findings.push({
            severity: severityOf(params.vagueShippingLikelihoodRatio),
            title: 'Laptop shipping address too vague to compare with the home',
            explanation: `The laptop shipping address ${addressLabel(s)} has no numbered street and postal code or city, so it cannot be shown to be the home ${addressLabel(home)}.`,
            evidence: [addrEvidence('shipping address', s), addrEvidence('home address', home)],
            likelihoodRatio: params.vagueShippingLikelihoodRatio,
          });
          notDone.push('the shipping address is too vague to compare');
          continue;
        }
        const hc = countryOf(home), sc = countryOf(s);
        const d = distanceKm(home, s, params.farKm);
        let lr: number;
        let how: string;
        const evidence: Evidence[] = [addrEvidence('home address', home), addrEvidence('laptop shipping address', s)];
        if (buildingOf(s.key) === buildingOf(home.key)) {
          lr = params.sameBuildingLikelihoodRatio;
          how = `another unit of the same building (${parts(s.key)[3] || 'no unit'} instead of ${parts(home.key)[3] || 'no unit'})`;
        } else if (hc && sc && hc !== sc) {
          lr = params.otherCountryLikelihoodRatio;
          how = `another country (${sc}; the home is in ${hc})`;
          evidence.push({ type: 'measure', label: 'shipping country vs home country', value: sc, threshold: hc });
        } else if (d !== undefined) {
          lr = d >= params.farKm ? params.elsewhereLikelihoodRatio : params.nearLikelihoodRatio;
          how = `${Math.round(d)} km from the home${d >= params.farKm ? '' : ` (within ${params.farKm} km: the same area)`}`;
          evidence.push({ type: 'measure', label: 'distance between the geocoded home and shipping addresses', value: Math.round(d), threshold: params.farKm, unit: 'km' });
        } else {
          lr = params.elsewhereLikelihoodRatio;
          how = 'another address (distance unknown: not both geocoded to a city)';
        }
        findings.push({
          severity: severityOf(lr),
          title: 'Laptop to be shipped to an address other than the home',
          explanation:
            `The laptop is to be shipped to ${addressLabel(s)}, ${how}, while the candidate's home is ${addressLabel(home)}. ` +
            'Company laptops sent to someone else\'s address are how laptop farms operate: the device is kept and run remotely for a worker abroad.',
          evidence,
          likelihoodRatio: lr,
        });
        if (lr >= 6) failed.push(`the laptop ships to ${addressLabel(s)}, ${how}`);
        else notDone.push(`the laptop ships to ${how}`);
      }
    }

    const checklist: ChecklistDraft[] = [];
    if (failed.length) checklist.push({ item: 'home-address', status: 'failed', evidence: failed.join('; ') });
    else if (!home) checklist.push({ item: 'home-address', status: 'not done', evidence: 'no home address given' });
    else if (!home.key)
      checklist.push({ item: 'home-address', status: 'not done', evidence: `home address too vague to verify: ${addressLabel(home) || '(empty)'} (needs a numbered street and a postal code or city)` });
    else if (notDone.length) checklist.push({ item: 'home-address', status: 'not done', evidence: `home ${addressLabel(home)}; ${notDone.join('; ')}` });
    else if (shippedHome)
      checklist.push({ item: 'home-address', status: 'verified', evidence: `the laptop ships to the home address ${addressLabel(home)}, which is not on the forwarding list` });
    else
      checklist.push({ item: 'home-address', status: 'not done', evidence: `home ${addressLabel(home)} is not on the forwarding list; the laptop shipping address is not recorded yet` });
    return { findings, checklist };
  },
});
