// The committed remote-access catalog (data/remote-access/catalog.json, built by
// scripts/build-remote-access-catalog.mjs): its shape, and loading it once.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type RemoteAccessCategory =
  | 'rmm' // unattended remote monitoring & management agent
  | 'remote-desktop' // interactive remote control / screen sharing
  | 'built-in' // ships with the operating system (mstsc, Quick Assist)
  | 'tunnel' // exposes the machine or a port through a relay (ngrok, Cloudflare Tunnel, Tailscale...)
  | 'admin-tool' // SSH/RDP/terminal clients and remote-execution tools (PuTTY, PsExec, RDCMan...)
  | 'file-sync' // cloud file sync / transfer listed by LOLRMM (MEGAsync, Syncthing...)
  | 'employee-monitoring'
  | 'monitoring' // inventory / monitoring agents without interactive control
  | 'rat' // malware remote-access trojan
  | 'vpn' // consumer VPN client (curated)
  | 'keep-awake' // keep-awake / mouse-jiggler (curated)
  | 'ip-kvm' // IP-KVM hardware seen as a USB device (curated)
  | 'other';

/** A USB identity of an IP-KVM: the Linux gadget defaults of its software. */
export interface UsbIdentity {
  /** 4 lower-case hex digits. */
  vendorId: string;
  productId: string;
  /** Default manufacturer strings (distinctive: one alone identifies the device). */
  manufacturers: string[];
  products: string[];
  /** true when a product string alone identifies the device; false when it counts only with vendorId:productId. */
  distinctiveProducts: boolean;
  /** Default serial numbers (count only with vendorId:productId). */
  serials?: string[];
}

export interface RemoteAccessTool {
  /** Stable slug ("anydesk", "screenconnect", "astrill-vpn"). */
  id: string;
  name: string;
  category: RemoteAccessCategory;
  /** What each source called it ("lolrmm:RAT", "splunk:RMM", "splunk:Built-in"). */
  sourceCategories?: string[];
  /** lolrmm, jischell, splunk, curated. */
  sources: string[];
  /** Other names (other sources' spellings, former names). */
  names?: string[];
  /** Lower-case file names; may hold '*' globs ("teamviewer*.exe"). */
  executables?: string[];
  originalFileNames?: string[];
  /** PE ProductName / FileDescription values (LOLRMM). */
  products?: string[];
  descriptions?: string[];
  /** PE CompanyName / publishers. */
  companies?: string[];
  /** Authenticode signer names. */
  signers?: string[];
  /** Splunk remote_utility_fileinfo: lower-case globs over product, description or company ("teamviewer*"). */
  fileInfo?: string[];
  /** Canonical path patterns (see normalize.ts pathKey), '*' = any characters. */
  installPaths?: string[];
  /** Host patterns: "host.example.com", "*.example.com" (any sub-domain), "relay-*.example.com" (one label). */
  domains?: string[];
  ports?: number[];
  usb?: UsbIdentity[];
  supportedOs?: string[];
  websites?: string[];
  references?: string[];
  note?: string;
}

export interface CatalogSourceInfo {
  name: string;
  repo: string;
  commit: string;
  date?: string;
  licence: string;
  licenceFile: string;
  url: string;
  files: { file: string; sha256: string; rows: number }[];
}

export interface RemoteAccessCatalog {
  format: 1;
  about: string;
  sources: Record<string, CatalogSourceInfo>;
  curated: { file: string; sha256: string; tools: number };
  stats: { tools: number; toolsPerSource: Record<string, number>; executables: number; domains: number; installPaths: number; signers: number };
  dropped: { domains: { tool: string; source: string; value: string; reason: string }[]; paths: { tool: string; source: string; value: string; reason: string }[] };
  tools: RemoteAccessTool[];
}

/** data/remote-access/catalog.json, relative to this module (src/intel/remote-access/ or dist/intel/remote-access/). */
export const defaultCatalogFile = (): string => fileURLToPath(new URL('../../../data/remote-access/catalog.json', import.meta.url));

export function readRemoteAccessCatalog(file = defaultCatalogFile()): RemoteAccessCatalog {
  const c = JSON.parse(readFileSync(file, 'utf8')) as RemoteAccessCatalog;
  if (c.format !== 1 || !Array.isArray(c.tools)) throw new Error(`${file}: not a remote-access catalog (format ${String(c.format)})`);
  return c;
}
