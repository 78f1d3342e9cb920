// Helpers shared by the contact checks (phone-line, throwaway-email, home-address). Pure.
import type { AddressFacts, EnrichedCandidate } from '../../core/check.ts';

/** The claimed home addresses (use 'home'), keyed ones first. */
export function homeAddresses(c: EnrichedCandidate): AddressFacts[] {
  const homes = c.addresses.filter((a) => a.address.use === 'home');
  return [...homes.filter((a) => a.key), ...homes.filter((a) => !a.key)];
}

const ISO2 = /^[A-Za-z]{2}$/;
/**
 * ISO-2 of the claimed home: a home address's geocoded place, else its country field, else the last part of its
 * formatted text, when that is a 2-letter code (names are resolved by the geocoder upstream).
 */
export function claimedHomeCountry(c: EnrichedCandidate): string | undefined {
  for (const a of homeAddresses(c)) {
    const last = a.address.formatted?.slice(-40).split(/[,\n]/).pop()?.trim();
    const cc = a.place?.country ?? [a.address.country, last].find((x) => x !== undefined && ISO2.test(x))?.toUpperCase();
    if (cc) return cc;
  }
  return undefined;
}

/** "US" → "US"; undefined → "an unknown country". (Names are the report's job; codes are unambiguous.) */
export const countryLabel = (cc: string | undefined): string => cc ?? 'an unknown country';

/** One line for an address, as given. */
export function addressLabel(a: AddressFacts): string {
  const x = a.address;
  const text = x.formatted ?? [x.street, x.locality, [x.region, x.postalCode].filter(Boolean).join(' '), x.country].filter(Boolean).join(', ');
  return text.slice(0, 200);
}
