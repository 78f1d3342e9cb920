import { describe, expect, it } from 'vitest';
import { addressKey, addressParts, buildingKey, ForwardingListError, loadForwardingList, normalisePostal, normaliseStreet } from './address.ts';

describe('addressKey', () => {
  it('case, punctuation, USPS suffixes and directionals do not matter', () => {
    const a = addressKey({ street: '1600 Pennsylvania Avenue North-West', locality: 'Washington', region: 'DC', postalCode: '20500-0003', country: 'US' });
    const b = addressKey({ street: '1600 PENNSYLVANIA AVE. NW', locality: 'Washington', region: 'District of Columbia', postalCode: '20500', country: 'United States' });
    expect(a).toBe('US|20500|1600 pennsylvania ave nw|');
    expect(b).toBe(a);
    expect(addressKey({ street: '12 North Main Street', postalCode: '10001', country: 'US' })).toBe(addressKey({ street: '12 N. Main St.', postalCode: '10001', country: 'US' }));
  });

  it('the unit is part of the key, whatever designator names it', () => {
    const base = { locality: 'Austin', region: 'TX', postalCode: '78701', country: 'US' };
    const apt = addressKey({ ...base, street: '500 Congress Ave Apt 4B' });
    expect(apt).toBe('US|78701|500 congress ave|# 4b');
    expect(addressKey({ ...base, street: '500 Congress Avenue #4b' })).toBe(apt);
    expect(addressKey({ ...base, street: '500 Congress Avenue, Unit 4B' })).toBe(apt);
    expect(addressKey({ ...base, street: '500 Congress Ave Suite # 4B' })).toBe(apt);
    // another flat in the same building: another key, same building
    const other = addressKey({ ...base, street: '500 Congress Ave Apt 5' });
    expect(other).not.toBe(apt);
    expect(buildingKey({ ...base, street: '500 Congress Ave Apt 5' })).toBe(buildingKey({ ...base, street: '500 Congress Ave Apt 4B' }));
    expect(addressKey({ ...base, street: '500 Congress Ave Floor 3' })).toBe('US|78701|500 congress ave|fl 3');
  });

  it('street-name words that are also designators are not taken for a unit', () => {
    expect(normaliseStreet('12 Flat Rock Road')).toMatchObject({ street: '12 flat rock rd', unit: '' });
    expect(normaliseStreet('7 Lower Key Drive')).toMatchObject({ street: '7 lower key dr', unit: '' });
    expect(normaliseStreet('12 Main St Flat 3')).toMatchObject({ street: '12 main st', unit: '# 3' });
  });

  it('US postal codes compare on the 5-digit ZIP; others without spaces', () => {
    expect(normalisePostal('94103-1234', 'US')).toBe('94103');
    expect(normalisePostal('sw1a 1aa', 'GB')).toBe('SW1A1AA');
    expect(normalisePostal('06236', 'KR')).toBe('06236');
  });

  it('without a postal code the city stands in', () => {
    expect(addressKey({ street: '221B Baker Street', locality: 'London', country: 'GB' })).toBe('GB|london|221b baker st|');
  });

  it('a formatted one-line address is split', () => {
    expect(addressKey({ formatted: '500 Congress Ave, Apt 4B, Austin, TX 78701, US' })).toBe('US|78701|500 congress ave|# 4b');
    // "IL" here is Illinois, not Israel
    expect(addressParts({ formatted: '12 Elm St, Springfield, IL 62704' })).toMatchObject({ key: '|62704|12 elm st|', country: '' });
    // unit first, as in the UK
    expect(addressKey({ formatted: 'Flat 2, 10 Downing Street, London SW1A 2AA, United Kingdom' })).toBe('GB|SW1A2AA|10 downing st|# 2');
  });

  it("'' when too vague to verify, with the reason", () => {
    expect(addressParts({ locality: 'Austin', region: 'TX', country: 'US' })).toMatchObject({ key: '', vague: 'no street line' });
    expect(addressParts({ street: 'Main Street', locality: 'Austin', country: 'US' })).toMatchObject({ key: '', vague: 'no house number in the street line' });
    expect(addressParts({ street: '12 Main Street', country: 'US' })).toMatchObject({ key: '', vague: 'no postal code or city' });
    expect(addressParts({ formatted: 'Seoul, KR' }).key).toBe('');
  });

  it('PO boxes are recognised', () => {
    const p = addressParts({ street: 'P.O. Box 1234', locality: 'Dover', postalCode: '19901', country: 'US' });
    expect(p).toMatchObject({ key: 'US|19901|po box 1234|', poBox: true });
    expect(addressParts({ street: 'Post Office Box 1234', postalCode: '19901', country: 'US' }).key).toBe(p.key);
  });

  it('accents fold', () => {
    expect(addressKey({ street: '5 Rue de la Paix', locality: 'Paris', postalCode: '75002', country: 'FR' }))
      .toBe(addressKey({ street: '5 rue de la paix', locality: 'París', postalCode: '75 002', country: 'France' }));
  });

  it('hostile input stays linear', () => {
    const t0 = performance.now();
    addressKey({ street: `1 ${'#'.repeat(100_000)}`, formatted: ','.repeat(100_000), postalCode: '9'.repeat(10_000), country: 'US' });
    addressKey({ formatted: `1${' a'.repeat(100_000)}, ${'x '.repeat(100_000)}` });
    expect(performance.now() - t0).toBeLessThan(200);
  });
});

// A forwarding list in the documented format. The Miami address is the "tax free address" the Saint Lucia Postal
// Service's US parcel-forwarding service (SkyShop Logistics) publishes for its customers
// (stluciapost.puntomio.com/eng/FAQ/you-shop: "2992 NW 75th Ave, Suite …, Miami, Florida 33106-4803").
const CSV = `# mail-forwarding and freight-forwarding addresses
name,street,city,region,postal_code,country,source
Saint Lucia Postal Service (SkyShop Logistics),2992 NW 75th Ave,Miami,FL,33106-4803,US,stluciapost.puntomio.com/eng/FAQ/you-shop

"Example Reshipper, Inc.",100 Harbor Blvd Ste 12,Carson,CA,90745,US,"internal case 2025-114 (laptop returned from this suite)"
`;

describe('loadForwardingList', () => {
  const list = loadForwardingList(CSV, 'forwarding.csv');

  it('reads the documented CSV with line numbers', () => {
    expect(list.size).toBe(2);
    expect(list.entries[0]).toMatchObject({ name: 'Saint Lucia Postal Service (SkyShop Logistics)', key: 'US|33106|2992 nw 75th ave|', at: 'forwarding.csv:3' });
    expect(list.entries[1]).toMatchObject({ name: 'Example Reshipper, Inc.', key: 'US|90745|100 harbor blvd|# 12', at: 'forwarding.csv:5' });
  });

  it('matches by key, and by building when the suite differs or is absent (marked)', () => {
    expect(list.match({ street: '100 Harbor Boulevard, Suite 12', locality: 'Carson', postalCode: '90745', country: 'US' }))
      .toEqual({ name: 'Example Reshipper, Inc.', source: 'internal case 2025-114 (laptop returned from this suite)', building: false, at: 'forwarding.csv:5' });
    // every customer gets their own suite at the forwarder's warehouse
    expect(list.match({ formatted: '2992 NW 75th Avenue, Suite SLU-4411, Miami, FL 33106, USA' }))
      .toMatchObject({ name: 'Saint Lucia Postal Service (SkyShop Logistics)', building: true });
    // no country given: the same postal code and street still match the listed building
    expect(list.match({ street: '2992 Northwest 75th Avenue', postalCode: '33106' })).toMatchObject({ name: 'Saint Lucia Postal Service (SkyShop Logistics)', building: true });
  });

  it('does not match other addresses', () => {
    expect(list.match({ street: '2990 NW 75th Ave', postalCode: '33106', country: 'US' })).toBeUndefined();
    expect(list.match({ street: '100 Harbor Blvd', postalCode: '90746', country: 'US' })).toBeUndefined();
    expect(list.match({ locality: 'Miami', country: 'US' })).toBeUndefined();
  });

  it('errors name the file, line and field', () => {
    const err = (text: string) => { try { loadForwardingList(text, 'f.csv'); } catch (e) { expect(e).toBeInstanceOf(ForwardingListError); return (e as Error).message; } return 'no error'; };
    expect(err('name,street,city\nA,1 Main St,X\n')).toBe('f.csv:1: header lacks region, postal_code, country, source (expected name,street,city,region,postal_code,country,source)');
    expect(err('name,street,city,region,postal_code,country,source\n# c\nA,1 Main St,X,,1,US,s\n,2 Main St,X,,1,US,s\n')).toBe('f.csv:4: name is empty');
    expect(err('name,street,city,region,postal_code,country,source\nA,Main St,X,,1,US,s\n')).toMatch(/^f\.csv:2: street "Main St" is too vague to match \(no house number/);
    expect(err('name,street,city,region,postal_code,country,source\nA,1 Main St,X,,1,Atlantis,s\n')).toBe('f.csv:2: country "Atlantis" is not a country code or name');
    expect(err('name,street,city,region,postal_code,country,source\nA,1 Main St,X,,1,US\n')).toMatch(/^f\.csv:2: not a valid CSV/);
    expect(err('')).toMatch(/f\.csv: empty/);
  });
});
