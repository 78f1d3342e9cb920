// Subdivision codes people write in addresses ("TX", "NSW", "KA" for Karnataka) → the subdivision's name as
// GeoLite2 City spells it (its `state1`, which the gazetteer uses; geocode.test.ts checks every name below exists
// there). Source of the codes: ISO 3166-2 (ISO 3166-2:US, :CA, :AU, :IN, :DE, :KR), the part after the
// "XX-" country prefix. Codes ISO has since replaced are still accepted (FORMER_CODES): IN CT→CG, OR→OD, TG→TS,
// UT→UK (2023), DN/DD→DH (2020); KR 42→51 Gangwon (2023), 45→52 Jeonbuk (2024).
// `also` lists other names written for the same subdivision (ISO's own name where GeoLite2 uses another one,
// local and English forms) so they resolve too.

export interface RegionEntry {
  /** GeoLite2 state1 spelling. */
  name: string;
  also?: string[];
}

type Table = Record<string, string | RegionEntry>;

const US: Table = {
  AL: 'Alabama', AK: 'Alaska', AZ: 'Arizona', AR: 'Arkansas', CA: 'California', CO: 'Colorado', CT: 'Connecticut',
  DE: 'Delaware', FL: 'Florida', GA: 'Georgia', HI: 'Hawaii', ID: 'Idaho', IL: 'Illinois', IN: 'Indiana', IA: 'Iowa',
  KS: 'Kansas', KY: 'Kentucky', LA: 'Louisiana', ME: 'Maine', MD: 'Maryland', MA: 'Massachusetts', MI: 'Michigan',
  MN: 'Minnesota', MS: 'Mississippi', MO: 'Missouri', MT: 'Montana', NE: 'Nebraska', NV: 'Nevada',
  NH: 'New Hampshire', NJ: 'New Jersey', NM: 'New Mexico', NY: 'New York', NC: 'North Carolina',
  ND: 'North Dakota', OH: 'Ohio', OK: 'Oklahoma', OR: 'Oregon', PA: 'Pennsylvania', RI: 'Rhode Island',
  SC: 'South Carolina', SD: 'South Dakota', TN: 'Tennessee', TX: 'Texas', UT: 'Utah', VT: 'Vermont',
  VA: 'Virginia', WA: 'Washington', WV: 'West Virginia', WI: 'Wisconsin', WY: 'Wyoming',
  DC: { name: 'District of Columbia', also: ['Washington DC', 'Washington D.C.'] },
};

/**
 * ISO 3166-2:US outlying areas (US-AS, US-GU, US-MP, US-PR, US-UM, US-VI) also have their own ISO 3166-1 codes,
 * which GeoLite2 uses as the country: "San Juan, PR, US" is geocoded in country PR.
 */
export const US_OUTLYING: Record<string, { country: string; names: string[] }> = {
  AS: { country: 'AS', names: ['American Samoa'] },
  GU: { country: 'GU', names: ['Guam'] },
  MP: { country: 'MP', names: ['Northern Mariana Islands'] },
  PR: { country: 'PR', names: ['Puerto Rico'] },
  UM: { country: 'UM', names: ['United States Minor Outlying Islands'] },
  VI: { country: 'VI', names: ['Virgin Islands', 'US Virgin Islands', 'U.S. Virgin Islands'] },
};

const CA: Table = {
  AB: 'Alberta', BC: 'British Columbia', MB: 'Manitoba', NB: 'New Brunswick', NL: { name: 'Newfoundland and Labrador', also: ['Newfoundland'] },
  NS: 'Nova Scotia', NT: 'Northwest Territories', NU: 'Nunavut', ON: 'Ontario', PE: 'Prince Edward Island',
  QC: 'Quebec', SK: 'Saskatchewan', YT: { name: 'Yukon', also: ['Yukon Territory'] },
};

const AU: Table = {
  ACT: 'Australian Capital Territory', NSW: 'New South Wales', NT: 'Northern Territory', QLD: 'Queensland',
  SA: 'South Australia', TAS: 'Tasmania', VIC: 'Victoria', WA: 'Western Australia',
};

// Ladakh (IN-LA) is left out: this GeoLite2 build places its towns in Jammu and Kashmir and has no Ladakh region.
const IN: Table = {
  AN: { name: 'Andaman and Nicobar', also: ['Andaman and Nicobar Islands'] }, AP: 'Andhra Pradesh',
  AR: 'Arunachal Pradesh', AS: 'Assam', BR: 'Bihar', CH: 'Chandigarh', CG: 'Chhattisgarh',
  DH: { name: 'Dadra and Nagar Haveli and Daman and Diu', also: ['Dadra and Nagar Haveli', 'Daman and Diu'] }, DL: { name: 'National Capital Territory of Delhi', also: ['Delhi', 'NCT of Delhi', 'New Delhi'] },
  GA: 'Goa', GJ: 'Gujarat', HR: 'Haryana', HP: 'Himachal Pradesh', JK: 'Jammu and Kashmir', JH: 'Jharkhand',
  KA: 'Karnataka', KL: 'Kerala', LD: 'Lakshadweep', MP: 'Madhya Pradesh', MH: 'Maharashtra', MN: 'Manipur',
  ML: 'Meghalaya', MZ: 'Mizoram', NL: 'Nagaland', OD: { name: 'Odisha', also: ['Orissa'] },
  PY: { name: 'Union Territory of Puducherry', also: ['Puducherry', 'Pondicherry'] }, PB: 'Punjab', RJ: 'Rajasthan',
  SK: 'Sikkim', TN: 'Tamil Nadu', TS: 'Telangana', TR: 'Tripura', UP: 'Uttar Pradesh',
  UK: { name: 'Uttarakhand', also: ['Uttaranchal'] }, WB: 'West Bengal',
};

const DE: Table = {
  BW: { name: 'Baden-Wurttemberg', also: ['Baden-Württemberg'] }, BY: { name: 'Bavaria', also: ['Bayern'] },
  BE: { name: 'State of Berlin', also: ['Berlin'] }, BB: 'Brandenburg', HB: { name: 'Bremen', also: ['Free Hanseatic City of Bremen'] },
  HH: { name: 'Free and Hanseatic City of Hamburg', also: ['Hamburg'] }, HE: { name: 'Hesse', also: ['Hessen'] },
  MV: { name: 'Mecklenburg-Vorpommern', also: ['Mecklenburg-Western Pomerania'] },
  NI: { name: 'Lower Saxony', also: ['Niedersachsen'] }, NW: { name: 'North Rhine-Westphalia', also: ['Nordrhein-Westfalen'] },
  RP: { name: 'Rheinland-Pfalz', also: ['Rhineland-Palatinate'] }, SL: 'Saarland', SN: { name: 'Saxony', also: ['Sachsen'] },
  ST: { name: 'Saxony-Anhalt', also: ['Sachsen-Anhalt'] }, SH: 'Schleswig-Holstein', TH: { name: 'Thuringia', also: ['Thüringen'] },
};

const KR: Table = {
  '11': { name: 'Seoul', also: ['Seoul-teukbyeolsi'] }, '26': { name: 'Busan', also: ['Busan-gwangyeoksi'] },
  '27': { name: 'Daegu', also: ['Daegu-gwangyeoksi'] }, '28': { name: 'Incheon', also: ['Incheon-gwangyeoksi'] },
  '29': { name: 'Gwangju', also: ['Gwangju-gwangyeoksi'] }, '30': { name: 'Daejeon', also: ['Daejeon-gwangyeoksi'] },
  '31': { name: 'Ulsan', also: ['Ulsan-gwangyeoksi'] }, '41': 'Gyeonggi-do',
  '51': { name: 'Gangwon-do', also: ['Gangwon-teukbyeoljachido', 'Gangwon'] },
  '43': { name: 'North Chungcheong', also: ['Chungcheongbuk-do', 'Chungbuk'] },
  '44': { name: 'Chungcheongnam-do', also: ['South Chungcheong', 'Chungnam'] },
  '52': { name: 'Jeollabuk-do', also: ['Jeonbuk-teukbyeoljachido', 'Jeonbuk', 'North Jeolla'] },
  '46': { name: 'Jeollanam-do', also: ['South Jeolla', 'Jeonnam'] },
  '47': { name: 'Gyeongsangbuk-do', also: ['North Gyeongsang', 'Gyeongbuk'] },
  '48': { name: 'Gyeongsangnam-do', also: ['South Gyeongsang', 'Gyeongnam'] },
  '49': { name: 'Jeju-do', also: ['Jeju-teukbyeoljachido', 'Jeju'] }, '50': { name: 'Sejong-si', also: ['Sejong'] },
};

/** Replaced ISO 3166-2 codes → the current code, per country. */
export const FORMER_CODES: Record<string, Record<string, string>> = {
  IN: { CT: 'CG', OR: 'OD', TG: 'TS', UT: 'UK', DN: 'DH', DD: 'DH' },
  KR: { '42': '51', '45': '52' },
};

/** Country (ISO 3166-1 alpha-2) → current subdivision code → entry. */
export const REGION_CODES: Record<string, Record<string, RegionEntry>> = Object.fromEntries(
  Object.entries({ US, CA, AU, IN, DE, KR }).map(([cc, t]) => [
    cc,
    Object.fromEntries(Object.entries(t).map(([code, e]) => [code, typeof e === 'string' ? { name: e } : e])),
  ]),
);
