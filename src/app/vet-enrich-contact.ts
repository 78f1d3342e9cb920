// Contact enrichment of one candidate for the vetting checks: every phone parsed with full numbering-plan metadata
// (and, when a carrier lookup is configured, its line type), every e-mail classified, every address keyed,
// geocoded and matched against the forwarding list. The laptop shipping address from the verification record is
// included as an address with use 'shipping' (the home-address check compares it with the home).
import type { Address, Place } from '../core/model.ts';
import type { AddressFacts, EmailFacts, PhoneFacts } from '../core/check.ts';
import type { Candidate, CandidateAddress } from '../core/candidate.ts';
import { addressParts, type ForwardingList } from '../intel/address.ts';
import { classifyEmail } from '../intel/email.ts';
import { analysePhone } from '../intel/phone.ts';
import type { CarrierLookup } from '../intel/phone-lookup.ts';
import { countryCode } from '../intel/country.ts';

export interface ContactDeps {
  /** Carrier / line-type lookup (absent: provider none, no network call). */
  lookup?: CarrierLookup;
  forwarding?: ForwardingList;
  /** Address → place (the offline gazetteer: IntelService.geocode). */
  geocode?: (a: Address) => Place | undefined;
}

export interface ContactFacts {
  phones: PhoneFacts[];
  emails: EmailFacts[];
  addresses: AddressFacts[];
}

/** At most this many of each per candidate (a hostile record cannot make thousands of lookups). */
export const MAX_CONTACTS = 50;

/** ISO-2 of the candidate's claimed home: the first home address with a country (or the first address's). */
export function homeCountry(c: Pick<Candidate, 'addresses'>): string | undefined {
  const homes = c.addresses.filter((a) => a.use === 'home');
  for (const a of [...homes, ...c.addresses]) {
    const cc = countryCode(a.country) ?? (a.formatted ? countryCode(a.formatted.split(/[,\n]/).pop()?.trim()) : undefined);
    if (cc) return cc;
  }
  return undefined;
}

export async function enrichContact(c: Candidate, deps: ContactDeps = {}): Promise<ContactFacts> {
  const country = homeCountry(c);
  const phones = uniqueBy(c.phones, (p) => p.value.trim()).slice(0, MAX_CONTACTS).map((p) => analysePhone(p.value, country, p.type));
  if (deps.lookup) {
    const lookup = deps.lookup;
    await Promise.all(
      phones.map(async (p) => {
        if (p.valid && p.e164) p.carrier = await lookup.lookup(p.e164);
      }),
    );
  }
  const emails = uniqueBy(c.emails, (e) => e.value.trim().toLowerCase()).slice(0, MAX_CONTACTS).map((e) => classifyEmail(e.value.trim()));

  const all: CandidateAddress[] = c.addresses.slice(0, MAX_CONTACTS);
  const ship = c.verification?.shippingAddress;
  if (ship) all.push({ ...ship, use: 'shipping' });
  const seen = new Set<string>();
  const addresses: AddressFacts[] = [];
  for (const address of all) {
    const p = addressParts(address);
    const dedupe = `${address.use}|${p.key || JSON.stringify(address)}`;
    if (seen.has(dedupe)) continue;
    seen.add(dedupe);
    const f: AddressFacts = { address, key: p.key };
    const place = deps.geocode?.(address);
    if (place) f.place = place;
    const fw = deps.forwarding?.match(address);
    if (fw) f.forwarding = { name: fw.building ? `${fw.name} (same building, other suite/unit)` : fw.name, source: `${fw.source} (${fw.at})` };
    addresses.push(f);
  }
  return { phones, emails, addresses };
}

function uniqueBy<T>(xs: readonly T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
