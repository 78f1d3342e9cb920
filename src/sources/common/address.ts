// A directory's postal address object (SCIM 2.0 `addresses[]`, Google Directory `addresses[]`: the same field names)
// as our Address; the country given as read (the formats differ on where it is), mapped to ISO alpha-2 when known.
import type { Address } from '../../core/model.ts';
import { countryIso2 } from './country.ts';
import { str, type Obj } from '../okta-systemlog/values.ts';

/** The address, or undefined when it has no field at all. */
export function postalAddress(a: Obj, country: string | undefined): Address | undefined {
  const addr: Address = {
    street: str(a.streetAddress),
    locality: str(a.locality),
    region: str(a.region),
    postalCode: str(a.postalCode),
    country: country === undefined ? undefined : (countryIso2(country) ?? country),
    formatted: str(a.formatted),
  };
  return Object.values(addr).some((v) => v !== undefined) ? addr : undefined;
}
