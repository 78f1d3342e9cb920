// phone-line: see README.md. Pure.
import type { ChecklistDraft, EnrichedCandidate, PhoneFacts, VetFindingDraft } from '../../../core/check.ts';
import type { Evidence, Severity } from '../../../core/model.ts';
import { defineCheck } from '../../../core/check.ts';
import { definition } from './definition.ts';
import { claimedHomeCountry, countryLabel } from '../../common/contact.ts';

type Params = ReturnType<typeof definition.params.parse>;

const RANGE_NAME: Record<string, string> = {
  VOIP: 'a VoIP range', PERSONAL_NUMBER: 'a personal ("follow-me") number range', PREMIUM_RATE: 'a premium-rate range',
  TOLL_FREE: 'a toll-free range', UAN: 'a universal access number (UAN) range', SHARED_COST: 'a shared-cost range',
  PAGER: 'a pager range', VOICEMAIL: 'a voicemail-only range',
};
const CARRIER_NAME: Record<string, string> = {
  nonFixedVoip: 'non-fixed VoIP (an internet number not tied to an address: app and virtual numbers)',
  fixedVoip: 'fixed VoIP (an internet line tied to an address)', personal: 'a personal number', premium: 'premium rate',
  tollFree: 'toll-free', sharedCost: 'shared cost', uan: 'a UAN', pager: 'a pager', voicemail: 'voicemail only',
};
/** Carrier line types that are a subscriber's own line. */
const GOOD_LINES = new Set(['mobile', 'landline']);

/** Severity from a likelihood ratio (the same bands as the people's scoring defaults). */
export function severityOf(lr: number): Severity {
  return lr >= 20 ? 'high' : lr >= 6 ? 'medium' : lr > 1 ? 'low' : 'info';
}

const show = (p: PhoneFacts) => p.e164 ?? JSON.stringify(p.raw.slice(0, 40));

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, _ctx, params: Params) {
    const findings: VetFindingDraft[] = [];
    const phones = c.phones;
    const home = claimedHomeCountry(c);
    const failed: string[] = [];
    const good: string[] = [];
    const inHome = home ? phones.filter((p) => p.valid && p.country === home) : [];

    for (const p of phones) {
      const label = p.type ? ` (${p.type})` : '';
      const ev: Evidence[] = [{ type: 'directory', label: `phone${label} as given: ${JSON.stringify(p.raw.slice(0, 60))}`, value: p.e164 ?? p.raw.slice(0, 60) }];
      let bad = false;
      if (!p.possible) {
        const lr = params.impossibleLikelihoodRatio;
        findings.push({
          severity: severityOf(lr),
          title: 'Phone number is not a possible number',
          explanation: `The phone ${show(p)}${label} cannot be a phone number (${p.error ?? 'wrong length'}), by the numbering-plan metadata of libphonenumber. A typing mistake is possible: ask for the number again and call it.`,
          evidence: [...ev, { type: 'measure', label: 'numbering plan (libphonenumber-js max): possible length', value: false }],
          likelihoodRatio: lr,
        });
        failed.push(`${show(p)} is not a possible number`);
        continue;
      }
      if (!p.valid) {
        const lr = params.unassignedLikelihoodRatio;
        findings.push({
          severity: severityOf(lr),
          title: 'Phone number is in no assigned range',
          explanation: `The phone ${show(p)}${label} has a possible length but lies in no range the numbering plan assigns (${p.error ?? 'unassigned or reserved'}): no carrier can have given it to a subscriber.`,
          evidence: [...ev, { type: 'measure', label: 'numbering plan (libphonenumber-js max): in an assigned range', value: false }],
          likelihoodRatio: lr,
        });
        failed.push(`${show(p)} is in no assigned range`);
        continue;
      }
      const rangeLr = p.numberType ? params.rangeLikelihoodRatios[p.numberType] : undefined;
      if (rangeLr !== undefined) {
        findings.push({
          severity: severityOf(rangeLr),
          title: `Phone number in ${RANGE_NAME[p.numberType!] ?? p.numberType}`,
          explanation: `The phone ${show(p)}${label} lies in ${RANGE_NAME[p.numberType!] ?? p.numberType} of ${countryLabel(p.country)} by the numbering plan: not a subscriber line at an address. Ask for a mobile or landline and call it.`,
          evidence: [...ev, { type: 'intel', label: 'numbering plan number type (libphonenumber-js max)', value: p.numberType }],
          likelihoodRatio: rangeLr,
        });
        failed.push(`${show(p)} is ${RANGE_NAME[p.numberType!] ?? p.numberType}`);
        bad = true;
      }
      const line = p.carrier?.lineType;
      const carrierLr = line ? params.carrierLikelihoodRatios[line] : undefined;
      if (line && carrierLr !== undefined) {
        findings.push({
          severity: severityOf(carrierLr),
          title: `Carrier says the phone is ${line === 'nonFixedVoip' ? 'a non-fixed VoIP number' : CARRIER_NAME[line] ?? line}`,
          explanation: `The carrier lookup (${p.carrier!.provider}) says ${show(p)}${label} is ${CARRIER_NAME[line] ?? line}${p.carrier!.name ? `, carrier ${p.carrier!.name}` : ''}.` +
            (line === 'nonFixedVoip' ? ' Such numbers are created online in minutes and are not tied to a person or an address.' : ''),
          evidence: [...ev, { type: 'intel', label: `carrier lookup ${p.carrier!.provider}: line type${p.carrier!.name ? `, carrier ${p.carrier!.name}` : ''}`, value: line }],
          likelihoodRatio: carrierLr,
        });
        if (carrierLr >= 6) { failed.push(`${show(p)}: carrier says ${line}`); bad = true; }
      }
      if (p.country && params.sanctionedCountries.includes(p.country) && p.country !== home) {
        const lr = params.sanctionedLikelihoodRatio;
        findings.push({
          severity: severityOf(lr),
          title: `Phone number of ${p.country}`,
          explanation: `The phone ${show(p)}${label} is a number of ${countryLabel(p.country)} (sanctionedCountries), whatever home the candidate claims${home ? ` (${countryLabel(home)})` : ''}.`,
          evidence: [...ev, { type: 'measure', label: 'phone country (numbering plan)', value: p.country, threshold: params.sanctionedCountries.join(', ') }],
          likelihoodRatio: lr,
        });
        failed.push(`${show(p)} is a number of ${countryLabel(p.country)}`);
        continue;
      }
      if (home && p.country && p.country !== home) {
        const besides = inHome.length > 0;
        const risky = params.highRiskCountries.includes(p.country);
        const lr = (besides ? params.foreignBesideHomeLikelihoodRatio : params.foreignLikelihoodRatio) * (risky ? params.highRiskFactor : 1);
        findings.push({
          severity: severityOf(lr),
          title: besides ? 'A second phone from another country' : 'Phone country does not match the claimed home',
          explanation:
            `The phone ${show(p)}${label} is a number of ${countryLabel(p.country)}, but the candidate claims a home in ${countryLabel(home)}` +
            (besides ? `; another phone (${inHome.map(show).join(', ')}) is in ${countryLabel(home)}, so this weighs little.` : ' and gave no phone there.') +
            (risky ? ` ${countryLabel(p.country)} is on the list of countries weighed higher (highRiskCountries).` : ''),
          evidence: [...ev, { type: 'measure', label: 'phone country vs claimed home country', value: p.country, threshold: home }],
          likelihoodRatio: lr,
        });
        if (!besides) { failed.push(`${show(p)} is in ${countryLabel(p.country)}, the claimed home is ${countryLabel(home)}`); bad = true; }
      }
      if (!bad) good.push(`${show(p)}${label} is ${p.numberType ? p.numberType.toLowerCase().replace(/_/g, ' ') : 'a valid number'}${p.country ? ` in ${countryLabel(p.country)}` : ''}` +
        (line && GOOD_LINES.has(line) ? ` (carrier ${p.carrier!.provider}: ${line})` : p.carrier?.error ? ` (carrier lookup failed: ${p.carrier.error})` : ''));
    }

    const checklist: ChecklistDraft[] = [];
    if (phones.length === 0) checklist.push({ item: 'phone', status: 'not done', evidence: 'no phone number given' });
    else if (failed.length) checklist.push({ item: 'phone', status: 'failed', evidence: failed.join('; ') });
    else if (!home) checklist.push({ item: 'phone', status: 'not done', evidence: `${good.join('; ')}; no claimed home country to compare with` });
    else checklist.push({ item: 'phone', status: 'verified', evidence: `${good.join('; ')}; candidate claims ${countryLabel(home)} (libphonenumber)` });
    return { findings, checklist };
  },
});
