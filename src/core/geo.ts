// Great-circle distance, shared by intel (gazetteer), detectors and the synthetic company. Pure.
const R_KM = 6371.0088; // IUGG mean Earth radius
const RAD = Math.PI / 180;

export function haversineKm(aLat: number, aLon: number, bLat: number, bLon: number): number {
  const h = Math.sin(((bLat - aLat) * RAD) / 2) ** 2 + Math.cos(aLat * RAD) * Math.cos(bLat * RAD) * Math.sin(((bLon - aLon) * RAD) / 2) ** 2;
  return 2 * R_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The network an address belongs to for "colleagues on one network" questions: its /24 (IPv4) or /48 (IPv6). */
export function ipPrefix(ip: string): string {
  if (ip.includes(':')) return ip.split(':').slice(0, 3).join(':') + '::/48';
  const i = ip.lastIndexOf('.');
  return i > 0 ? ip.slice(0, i) + '.0/24' : ip;
}
