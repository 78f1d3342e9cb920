// Country name / code → ISO 3166-1 alpha-2. Shared by the Okta, SCIM and HR formats (vendors write "United States",
// SCIM samples write "USA", HR exports write "UK" or "US"). Pure; tables are built once, lookups are cached.
//
// Names come from country-state-city's Country list and from the runtime's CLDR English region names
// (Intl.DisplayNames), plus a few aliases neither has (GeoIP / ISO-official spellings). ISO alpha-3 codes are
// listed below because no installed package carries them (i18n-iso-countries would; see the folder README).
import { createRequire } from 'node:module';

interface CscCountry {
  name: string;
  isoCode: string;
}
const require = createRequire(import.meta.url);

/** ISO 3166-1 alpha-2 + alpha-3 pairs (5 characters each), from the ISO 3166-1 list. */
const ALPHA3 =
  'AFAFG ALALB DZDZA ASASM ADAND AOAGO AIAIA AQATA AGATG ARARG AMARM AWABW AUAUS ATAUT AZAZE BSBHS BHBHR BDBGD BBBRB ' +
  'BYBLR BEBEL BZBLZ BJBEN BMBMU BTBTN BOBOL BABIH BWBWA BVBVT BRBRA IOIOT BNBRN BGBGR BFBFA BIBDI KHKHM CMCMR CACAN ' +
  'CVCPV KYCYM CFCAF TDTCD CLCHL CNCHN CXCXR CCCCK COCOL KMCOM CGCOG CDCOD CKCOK CRCRI CICIV HRHRV CUCUB CYCYP CZCZE ' +
  'DKDNK DJDJI DMDMA DODOM ECECU EGEGY SVSLV GQGNQ ERERI EEEST ETETH FKFLK FOFRO FJFJI FIFIN FRFRA GFGUF PFPYF TFATF ' +
  'GAGAB GMGMB GEGEO DEDEU GHGHA GIGIB GRGRC GLGRL GDGRD GPGLP GUGUM GTGTM GNGIN GWGNB GYGUY HTHTI HMHMD VAVAT HNHND ' +
  'HKHKG HUHUN ISISL ININD IDIDN IRIRN IQIRQ IEIRL ILISR ITITA JMJAM JPJPN JOJOR KZKAZ KEKEN KIKIR KPPRK KRKOR KWKWT ' +
  'KGKGZ LALAO LVLVA LBLBN LSLSO LRLBR LYLBY LILIE LTLTU LULUX MOMAC MGMDG MWMWI MYMYS MVMDV MLMLI MTMLT MHMHL MQMTQ ' +
  'MRMRT MUMUS YTMYT MXMEX FMFSM MDMDA MCMCO MNMNG MSMSR MAMAR MZMOZ MMMMR NANAM NRNRU NPNPL NLNLD NCNCL NZNZL NINIC ' +
  'NENER NGNGA NUNIU NFNFK MPMNP MKMKD NONOR OMOMN PKPAK PWPLW PSPSE PAPAN PGPNG PYPRY PEPER PHPHL PNPCN PLPOL PTPRT ' +
  'PRPRI QAQAT REREU ROROU RURUS RWRWA SHSHN KNKNA LCLCA PMSPM VCVCT WSWSM SMSMR STSTP SASAU SNSEN SCSYC SLSLE SGSGP ' +
  'SKSVK SISVN SBSLB SOSOM ZAZAF GSSGS ESESP LKLKA SDSDN SRSUR SJSJM SZSWZ SESWE CHCHE SYSYR TWTWN TJTJK TZTZA THTHA ' +
  'TLTLS TGTGO TKTKL TOTON TTTTO TNTUN TRTUR TMTKM TCTCA TVTUV UGUGA UAUKR AEARE GBGBR USUSA UMUMI UYURY UZUZB VUVUT ' +
  'VEVEN VNVNM VGVGB VIVIR WFWLF EHESH YEYEM ZMZMB ZWZWE AXALA BQBES CWCUW GGGGY IMIMN JEJEY MEMNE BLBLM MFMAF RSSRB ' +
  'SXSXM SSSSD XKXKX';

/** Spellings found in GeoIP, ISO-official and HR data that neither list above carries. */
const ALIASES: Record<string, string> = {
  'usa': 'US', 'u s': 'US', 'u s a': 'US', 'united states of america': 'US', 'america': 'US',
  'uk': 'GB', 'u k': 'GB', 'great britain': 'GB', 'britain': 'GB', 'england': 'GB', 'scotland': 'GB', 'wales': 'GB',
  'northern ireland': 'GB',
  'south korea': 'KR', 'republic of korea': 'KR', 'korea republic of': 'KR', 'korea south': 'KR',
  'north korea': 'KP', 'dprk': 'KP', 'democratic people s republic of korea': 'KP',
  'korea democratic people s republic of': 'KP', 'korea north': 'KP',
  'russian federation': 'RU', 'iran islamic republic of': 'IR', 'viet nam': 'VN', 'czech republic': 'CZ',
  'ivory coast': 'CI', 'dr congo': 'CD', 'congo kinshasa': 'CD', 'congo democratic republic of the': 'CD',
  'congo republic': 'CG', 'republic of the congo': 'CG', 'congo brazzaville': 'CG',
  'holland': 'NL', 'turkey': 'TR', 'turkiye': 'TR', 'macao': 'MO', 'macau': 'MO', 'hong kong': 'HK', 'burma': 'MM',
  'swaziland': 'SZ', 'eswatini': 'SZ', 'cabo verde': 'CV', 'cape verde': 'CV', 'palestine': 'PS',
  'state of palestine': 'PS', 'vatican': 'VA', 'vatican city': 'VA', 'holy see': 'VA', 'timor leste': 'TL',
  'bosnia': 'BA', 'federated states of micronesia': 'FM', 'micronesia federated states of': 'FM', 'uae': 'AE',
  'taiwan province of china': 'TW', 'lao people s democratic republic': 'LA', 'syrian arab republic': 'SY',
  'moldova republic of': 'MD', 'republic of moldova': 'MD', 'tanzania united republic of': 'TZ',
  'venezuela bolivarian republic of': 'VE', 'bolivia plurinational state of': 'BO', 'brunei darussalam': 'BN',
  'north macedonia': 'MK', 'us virgin islands': 'VI', 'u s virgin islands': 'VI', 'british virgin islands': 'VG',
  'st kitts and nevis': 'KN', 'st lucia': 'LC', 'st vincent and grenadines': 'VC', 'saint martin': 'MF',
};

const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^a-z0-9]+/g;
const PARENS = /\s*\([^)]*\)\s*/g;
const ALPHA3_CODE = /^[A-Za-z]{3}$/;

/** Lower-case, accents and punctuation removed, "the " dropped, "st " spelled out: "Côte d’Ivoire" → "cote d ivoire". */
function norm(s: string): string {
  let n = s.normalize('NFD').replace(COMBINING, '').toLowerCase().replace(/&/g, ' and ').replace(NON_ALNUM, ' ').trim();
  if (n.startsWith('the ')) n = n.slice(4);
  if (n.startsWith('st ')) n = 'saint ' + n.slice(3);
  return n;
}

interface Tables {
  byName: Map<string, string>;
  alpha2: Set<string>;
  alpha3: Map<string, string>;
}
let tables: Tables | undefined;

function build(): Tables {
  const list = require('country-state-city/lib/assets/country.json') as CscCountry[];
  const byName = new Map<string, string>();
  const alpha2 = new Set<string>();
  const add = (name: string, code: string): void => {
    const n = norm(name);
    if (n.length >= 4 && !byName.has(n)) byName.set(n, code);
  };
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const c of list) {
    alpha2.add(c.isoCode);
    add(c.name, c.isoCode);
    add(c.name.replace(PARENS, ' '), c.isoCode); // "Virgin Islands (US)" → "virgin islands" is skipped below
    const cldr = display.of(c.isoCode);
    if (cldr) {
      add(cldr, c.isoCode);
      add(cldr.replace(PARENS, ' '), c.isoCode); // "Myanmar (Burma)" → "myanmar"
    }
  }
  // A name left ambiguous by dropping a parenthesis ("virgin islands") must not resolve.
  byName.delete('virgin islands');
  for (const [alias, code] of Object.entries(ALIASES)) byName.set(norm(alias), code);
  const alpha3 = new Map<string, string>();
  for (const pair of ALPHA3.split(' ')) alpha3.set(pair.slice(2), pair.slice(0, 2));
  return { byName, alpha2, alpha3 };
}

const cache = new Map<string, string | null>();
const CACHE_MAX = 4096;

/**
 * ISO 3166-1 alpha-2 (upper case) for a country given as an alpha-2 or alpha-3 code or an English name, or
 * undefined when it is not a country we know ("Narnia", "Europe"). "UK" → GB, "USA" → US, "United States" → US.
 */
export function countryIso2(value: string): string | undefined {
  const hit = cache.get(value);
  if (hit !== undefined) return hit ?? undefined;
  const t = (tables ??= build());
  const v = value.trim();
  let code: string | undefined;
  if (v.length === 2) {
    const up = v.toUpperCase();
    code = t.alpha2.has(up) ? up : ALIASES[up.toLowerCase()];
  } else if (ALPHA3_CODE.test(v)) {
    code = t.alpha3.get(v.toUpperCase());
  }
  if (code === undefined && v.length > 2) code = t.byName.get(norm(v));
  if (cache.size >= CACHE_MAX) cache.clear();
  cache.set(value, code ?? null);
  return code;
}
