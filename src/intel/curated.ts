// Hand-curated network classes that no third-party list in shared/data covers. Every ASN below was checked
// against the organisation name the @ip-location-db/asn data (RouteViews/RIR/DB-IP) gives for it; the public
// reference for each vendor is in the comment. Precedence is applied by classify.ts, not here.
import type { NetClass } from '../core/model.ts';

export interface CuratedAsn { asn: number; cls: NetClass; provider: string; ref: string }

/**
 * Corporate SASE / secure-web-gateway egress: the sign-in comes from the employer's security cloud, so the IP
 * says nothing about where the person is and is NOT an anonymiser. Vendors publish per-datacentre egress ranges
 * (links below) but those change weekly; their own ASNs are stable, so we match by ASN.
 */
export const SASE_ASNS: CuratedAsn[] = [
  // Zscaler: https://config.zscaler.com/zscaler.net/cenr (egress ranges are announced from these ASNs)
  { asn: 22616, cls: 'sase', provider: 'Zscaler', ref: 'AS22616 ZSCALER, INC.; config.zscaler.com' },
  { asn: 53813, cls: 'sase', provider: 'Zscaler', ref: 'AS53813 ZSCALER, INC.; config.zscaler.com' },
  { asn: 62044, cls: 'sase', provider: 'Zscaler', ref: 'AS62044 Zscaler Switzerland GmbH; config.zscaler.com' },
  { asn: 62907, cls: 'sase', provider: 'Zscaler', ref: 'AS62907 ZSCALER, INC.; config.zscaler.com' },
  // Netskope: https://docs.netskope.com/en/netskope-help/data-security/netskope-ip-ranges
  { asn: 55256, cls: 'sase', provider: 'Netskope', ref: 'AS55256 Netskope Inc; docs.netskope.com (Netskope IP ranges)' },
  // Palo Alto Networks Prisma Access: https://docs.paloaltonetworks.com/prisma-access (egress IP API); most
  // Prisma Access egress sits in customer-dedicated GCP/AWS addresses, which only the customer knows (see gaps).
  { asn: 54538, cls: 'sase', provider: 'Palo Alto Networks Prisma Access', ref: 'AS54538 PALO ALTO NETWORKS' },
  { asn: 396421, cls: 'sase', provider: 'Palo Alto Networks Prisma Access', ref: 'AS396421 PALO ALTO NETWORKS' },
  // Cisco Umbrella SIG (ex-OpenDNS): https://docs.umbrella.com/umbrella-user-guide/docs/egress-ip-ranges
  { asn: 36692, cls: 'sase', provider: 'Cisco Umbrella', ref: 'AS36692 Cisco OpenDNS, LLC; docs.umbrella.com egress ranges' },
  // iboss: https://www.iboss.com (cloud gateway egress), ASNs registered to iboss
  { asn: 396253, cls: 'sase', provider: 'iboss', ref: 'AS396253 iboss,inc' },
  { asn: 137922, cls: 'sase', provider: 'iboss', ref: 'AS137922 IBOSS Inc.' },
  { asn: 202276, cls: 'sase', provider: 'iboss', ref: 'AS202276 IBOSS, INC' },
  // Menlo Security: https://www.menlosecurity.com (isolation cloud egress)
  { asn: 62654, cls: 'sase', provider: 'Menlo Security', ref: 'AS62654 MENLO SECURITY, INC.' },
  // Cato Networks SASE: https://support.catonetworks.com (PoP egress IPs)
  { asn: 13150, cls: 'sase', provider: 'Cato Networks', ref: 'AS13150 CATO NETWORKS LTD' },
  { asn: 138627, cls: 'sase', provider: 'Cato Networks', ref: 'AS138627 Cato Networks, Inc.' },
  // Forcepoint ONE / Cloud Security Gateway: https://support.forcepoint.com (cloud service IP ranges)
  { asn: 44444, cls: 'sase', provider: 'Forcepoint', ref: 'AS44444 Forcepoint UK Limited' },
  { asn: 13448, cls: 'sase', provider: 'Forcepoint', ref: 'AS13448 Forcepoint LLC' },
  // Versa SASE: https://versa-networks.com
  { asn: 400318, cls: 'sase', provider: 'Versa Networks', ref: 'AS400318 Versa Networks, Inc.' },
  { asn: 133374, cls: 'sase', provider: 'Versa Networks', ref: 'AS133374 Versa Networks Inc' },
  // Cloudflare WARP / Zero Trust Gateway: https://developers.cloudflare.com/cloudflare-one/ (egress IPs).
  // Cloudflare publishes no separate list of WARP egress; a sign-in (a user, not a server) from Cloudflare's
  // own address space is WARP/Zero-Trust egress. Apple Private Relay egress in Cloudflare space is listed by
  // range (apple.txt) and wins by precedence (relay > sase).
  { asn: 13335, cls: 'sase', provider: 'Cloudflare WARP / Zero Trust', ref: 'AS13335 Cloudflare, Inc.' },
  { asn: 209242, cls: 'sase', provider: 'Cloudflare WARP / Zero Trust', ref: 'AS209242 Cloudflare London, LLC' },
];

/**
 * Networks run for Tor exit relays. There is no Tor exit list in shared/data and no network access, so Tor is
 * only recognised by these operator ASNs (a small share of exits) and by user-imported 'tor' indicators.
 */
export const TOR_ASNS: CuratedAsn[] = [
  // x4bnet input/vpn/ASN.txt: "AS60729 # Tor Servers (Tor exit nodes)" (torservers.net / Stiftung Erneuerbare Freiheit)
  { asn: 60729, cls: 'tor', provider: 'Tor exit (torservers.net)', ref: 'AS60729 Stiftung Erneuerbare Freiheit; x4bnet ASN.txt "Tor exit nodes"' },
  // Emerald Onion, a non-profit Tor exit operator: https://emeraldonion.org
  { asn: 396507, cls: 'tor', provider: 'Tor exit (Emerald Onion)', ref: 'AS396507 Emerald Onion; emeraldonion.org' },
  // F3 Netze e.V., Tor exit operator: https://f3netze.de
  { asn: 205100, cls: 'tor', provider: 'Tor exit (F3 Netze)', ref: 'AS205100 F3 Netze e.V.; f3netze.de' },
];

/** Mobile carriers whose ASN organisation name in the data does not say so (US carriers show the parent). */
export const MOBILE_ASNS: CuratedAsn[] = [
  { asn: 21928, cls: 'mobile', provider: 'T-Mobile US', ref: 'AS21928 T-Mobile USA, Inc.' },
  { asn: 22394, cls: 'mobile', provider: 'Verizon Wireless', ref: 'AS22394 Cellco Partnership DBA Verizon Wireless (ARIN)' },
  { asn: 6167, cls: 'mobile', provider: 'Verizon Wireless', ref: 'AS6167 Cellco Partnership DBA Verizon Wireless (ARIN)' },
  { asn: 20057, cls: 'mobile', provider: 'AT&T Mobility', ref: 'AS20057 AT&T Mobility LLC (ARIN)' },
  { asn: 9644, cls: 'mobile', provider: 'SK Telecom', ref: 'AS9644 SK Telecom' },
  { asn: 9605, cls: 'mobile', provider: 'NTT DOCOMO', ref: 'AS9605 NTT DOCOMO, INC.' },
  { asn: 45609, cls: 'mobile', provider: 'Bharti Airtel (mobile)', ref: 'AS45609 Bharti Airtel Ltd. AS for GPRS Service (APNIC)' },
  { asn: 55836, cls: 'mobile', provider: 'Reliance Jio', ref: 'AS55836 Reliance Jio Infocomm Limited' },
  { asn: 12430, cls: 'mobile', provider: 'Vodafone Spain', ref: 'AS12430 VODAFONE ESPANA S.A.U.' },
  { asn: 25135, cls: 'mobile', provider: 'Vodafone UK', ref: 'AS25135 Vodafone Limited' },
];

/** A class decided by the ASN organisation's name. Tested in order; first match wins within a class. */
export interface OrgPattern { cls: NetClass; re: RegExp; label: string }

export const ORG_PATTERNS: OrgPattern[] = [
  { cls: 'sase', re: /zscaler|netskope|\biboss\b|menlo security|cato networks/i, label: 'SASE vendor name' },
  { cls: 'tor', re: /torservers|tor exit|emerald onion/i, label: 'Tor operator name' },
  // Astrill VPN: no public list of its addresses exists (shared/data/PROVENANCE.md). It rents servers from
  // hosting companies, so it is at best 'hosting' unless an ASN name says Astrill or the user imports indicators.
  { cls: 'vpn', re: /\bastrill\b/i, label: 'Astrill VPN name' },
  { cls: 'vpn', re: /\bvpn\b|nordvpn|expressvpn|surfshark|mullvad|privado|windscribe|purevpn|cyberghost/i, label: 'VPN provider name' },
  { cls: 'hosting', re: /\bhosting\b|\bhost(ing)? ?(ltd|llc|inc)|data ?cent(er|re)|\bidc\b|\bcolo(cation)?\b|\bvps\b|dedicated server|\bcloud (computing|services|hosting|server)/i, label: 'hosting/datacentre name' },
  {
    cls: 'mobile',
    re: /t-mobile|\bmobile\b|(?<!cable & )wireless|cellular|\bmobility\b|vodafone|cellco|telcel|docomo|\bsk telecom\b|viettel|megafon|vimpelcom|beeline|\btele2\b|telkomsel|\bglobe telecom/i,
    label: 'mobile carrier name',
  },
  {
    cls: 'residential',
    re: new RegExp(
      [
        'comcast', 'charter comm', 'spectrum', '\\bcox comm', 'centurylink', '\\blumen\\b', 'frontier comm', 'windstream',
        'mediacom', 'cablevision', 'optimum', 'altice', 'verizon', 'at&t', 'deutsche telekom', 'british telecom',
        'virgin media', 'sky uk', 'talktalk', 'korea telecom', '\\bkt corp', 'sk broadband', 'lg dacom', 'lg powercomm',
        'lg hellovision', 'bharti airtel', 'reliance jio', 'china unicom', 'chinanet', 'china telecom', 'rostelecom',
        '\\borange\\b', 'telefonica', 'rogers comm', 'bell canada', 'shaw comm', 'videotron', '\\btelus\\b', '\\bfree sas',
        'bouygues', '\\bsfr\\b', 'liberty global', 'ziggo', 'telstra', 'optus', 'space exploration', 'starlink', 'kddi',
        'softbank', 'uninet', 'telmex', '\\bclaro\\b', '\\bvnpt\\b', 'fpt telecom', '\\bpldt\\b', 'proximus', 'swisscom',
        '\\bkpn\\b', '\\btelia\\b', 'telenor', 'movistar', 'cable & wireless', 'kabel deutschland', 'hathway', 'act fibernet',
        'bharat sanchar', 'mahanagar telephone', 'pakistan telecom', 'telecom italia', 'turk telekom', 'vietnam posts',
        'telekom\\b', 'spark new zealand', 'bigpond', 'tpg telecom', 'chunghwa telecom', 'pccw', 'hkt limited',
      ].join('|'),
      'i',
    ),
    label: 'consumer ISP name',
  },
];

/** North Korea's public address space and AS (shared/data/PROVENANCE.md). */
export const KP_RANGES = ['175.45.176.0/22'];
export const KP_ASNS = new Map<number, string>([[131279, 'Star JV (Ryugyong-dong, Pyongyang)']]);
