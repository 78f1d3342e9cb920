// The catalogued tools an endpoint record shows (IntelPort.tools): a normalised software / network / USB record as
// an observation for the remote-access matcher (./remote-access), each matched tool once, with its strongest evidence.
import type { NormalizedEvent, ToolHit } from '../core/model.ts';
import { matchRemoteAccess, type RemoteAccessObservation } from './remote-access/index.ts';

function observation(ev: NormalizedEvent): RemoteAccessObservation | undefined {
  const obs: RemoteAccessObservation = {};
  const sw = ev.software;
  if (sw) {
    obs.name = sw.name;
    if (sw.publisher !== undefined) obs.publisher = sw.publisher;
    if (sw.file !== undefined) obs.executable = sw.file;
    if (sw.originalFile !== undefined) obs.originalFileName = sw.originalFile;
    if (sw.path !== undefined) obs.path = sw.path;
    if (sw.signer !== undefined) obs.signer = sw.signer;
  }
  const net = ev.network;
  if (net) {
    const host = net.domain ?? net.remoteIp;
    if (host !== undefined) obs.domain = net.remotePort !== undefined && net.domain !== undefined ? `${host}:${net.remotePort}` : host;
  }
  const usb = ev.usb;
  if (usb) obs.usb = { vendorId: usb.vendorId, productId: usb.productId, manufacturer: usb.vendor, product: usb.product, serial: usb.serial };
  return sw || net || usb ? obs : undefined;
}

/** Tools the record shows, strongest evidence first per tool; [] when none. */
export function toolHitsOf(ev: NormalizedEvent): ToolHit[] {
  const obs = observation(ev);
  if (!obs) return [];
  const out: ToolHit[] = [];
  const matches = matchRemoteAccess(obs);
  // A publisher or signer names a vendor, not a product: when another tool matched the record by what it is (name,
  // file, path, domain, USB), a tool matched only by the vendor (ConnectWise Automate for ScreenConnect) is dropped.
  const byVendorOnly = (m: (typeof matches)[number]) => m.evidence.every((e) => e.field === 'publisher' || e.field === 'signer');
  const identified = matches.some((m) => !byVendorOnly(m));
  for (const m of matches) {
    if (identified && byVendorOnly(m)) continue;
    const e = m.evidence.find((x) => x.confidence === 'high') ?? m.evidence[0];
    if (!e) continue;
    out.push({
      tool: m.tool.id,
      name: m.tool.name,
      category: m.tool.category,
      confidence: m.confidence,
      field: e.field,
      observed: e.observed,
      matched: e.catalogValue,
      how: e.how,
      ...(e.reason !== undefined ? { reason: e.reason } : {}),
    });
  }
  return out;
}
