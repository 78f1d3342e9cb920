// Company laptops and what runs on them, in the vendors' formats:
//   intune/managedDevices-NNNN.json       Microsoft Graph GET /deviceManagement/managedDevices pages (managedDevice)
//   defender/<Table>-YYYY-MM-DD.csv        Defender advanced hunting portal exports, one file per table and week, for the
//                                          Windows laptops: DeviceInfo, DeviceTvmSoftwareInventory (with the
//                                          documented `| extend Timestamp = now()`: the table has no time column),
//                                          DeviceProcessEvents, DeviceEvents (PnpDeviceConnected)
//   osquery/osqueryd.results-YYYY-MM-DD.log osquery differential results (event format) of the Macs, one file per week:
//                                          apps, processes, usb_devices
// Every person has one laptop (devices.ts: Windows or Mac); its Entra device id is the one the sign-ins carry.
// Activity follows the person's sign-ins: a laptop is used on the days it signs in, from the first sign-in on.
// What is planted and which hard negatives are added is decided from the people's story tags, never from the
// product's catalog (real tools simply carry their real names).
import type { Rng } from './prng.ts';
import type { Person } from './roster.ts';
import { DAY, HOUR, MINUTE } from './tz.ts';

/** What the sign-ins say about one person's laptop use: first successful laptop sign-in of each UTC day. */
export interface LaptopUse {
  /** day index → epoch ms of the day's first successful sign-in from the laptop (else any computer) */
  days: Map<number, number>;
}

export interface EndpointFiles {
  /** relative path → file content */
  files: Map<string, string>;
  counts: { devices: number; defenderRows: number; osqueryRows: number };
  /** per person: enrolment and the planted / notable tools, for truth.json */
  devices: DeviceTruth[];
}

export interface DeviceTruth {
  upn: string;
  deviceName: string;
  os: 'Windows' | 'macOS';
  enrolled: string;
  /** tools the story put on the laptop (not the ordinary software), with the day they arrived */
  tools: { tool: string; first: string }[];
  usb: string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** Defender API style timestamp: 7 fraction digits. */
const mdeTime = (ms: number, rng: Rng): string => `${new Date(ms).toISOString().slice(0, 19)}.${String(ms % 1000).padStart(3, '0')}${String(rng.int(0, 9999)).padStart(4, '0')}Z`;

function csvCell(v: unknown): string {
  if (v === undefined || v === null) return '';
  const s = typeof v === 'string' ? v : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csv(header: readonly string[], rows: Record<string, unknown>[]): string {
  const out = [header.join(',')];
  for (const r of rows) out.push(header.map((h) => csvCell(r[h])).join(','));
  return out.join('\r\n') + '\r\n';
}

// ---------------------------------------------------------------------------------------------------------------
// Software: real names, publishers, executables and paths, with versions released through the window.

interface WinProc {
  file: string;
  folder: string;
  company: string;
  product: string;
  original?: string;
  description?: string;
  cmd?: string;
  parent?: string;
}

interface MacApp {
  bundleName: string;
  bundleId: string;
  exe: string;
  path: string;
  /** a command-line tool's binary (no .app bundle) */
  bin?: string;
}

interface App {
  key: string;
  /** DeviceTvmSoftwareInventory SoftwareVendor, SoftwareName (lower case with underscores, as TVM writes them); none: portable, not inventoried */
  tvm?: [string, string];
  /** version after `n` releases since the window began (n may be negative: before it) */
  version: (n: number) => string;
  /** days between releases, and the release day offset */
  every: number;
  phase: number;
  win?: WinProc;
  mac?: MacApp;
}

const APPS: Record<string, App> = {
  edge: {
    key: 'edge', tvm: ['microsoft', 'edge'], every: 28, phase: 9, version: (n) => `${130 + n}.0.${2849 + n * 54}.${52 + (n & 3) * 11}`,
    win: { file: 'msedge.exe', folder: 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application', company: 'Microsoft Corporation', product: 'Microsoft Edge', description: 'Microsoft Edge', parent: 'explorer.exe' },
  },
  chrome: {
    key: 'chrome', tvm: ['google', 'chrome'], every: 28, phase: 5, version: (n) => `${129 + n}.0.${6668 + n * 55}.${70 + (n & 3) * 19}`,
    win: { file: 'chrome.exe', folder: 'C:\\Program Files\\Google\\Chrome\\Application', company: 'Google LLC', product: 'Google Chrome', description: 'Google Chrome', parent: 'explorer.exe' },
    mac: { bundleName: 'Google Chrome', bundleId: 'com.google.Chrome', exe: 'Google Chrome', path: '/Applications/Google Chrome.app' },
  },
  teams: {
    key: 'teams', tvm: ['microsoft', 'teams'], every: 21, phase: 3, version: (n) => `24${String(243 + n * 20).padStart(3, '0')}.${1400 + n * 5}.${3100 + n * 41}.${9000 + n * 7}`,
    win: { file: 'ms-teams.exe', folder: 'C:\\Program Files\\WindowsApps\\MSTeams_24243.1309.3132.617_x64__8wekyb3d8bbwe', company: 'Microsoft Corporation', product: 'Microsoft Teams', description: 'Microsoft Teams', parent: 'svchost.exe' },
    mac: { bundleName: 'Microsoft Teams', bundleId: 'com.microsoft.teams2', exe: 'MSTeams', path: '/Applications/Microsoft Teams.app' },
  },
  outlook: {
    key: 'outlook', tvm: ['microsoft', '365_apps_for_enterprise'], every: 30, phase: 12, version: (n) => `16.0.${17928 + n * 103}.${20156 + n * 60}`,
    win: { file: 'OUTLOOK.EXE', folder: 'C:\\Program Files\\Microsoft Office\\root\\Office16', company: 'Microsoft Corporation', product: 'Microsoft Outlook', original: 'Outlook.exe', description: 'Microsoft Outlook', parent: 'explorer.exe' },
    mac: { bundleName: 'Microsoft Outlook', bundleId: 'com.microsoft.Outlook', exe: 'Microsoft Outlook', path: '/Applications/Microsoft Outlook.app' },
  },
  onedrive: {
    key: 'onedrive', tvm: ['microsoft', 'onedrive'], every: 14, phase: 1, version: (n) => `24.${180 + n * 10}.${905 + n}.0001`,
    win: { file: 'OneDrive.exe', folder: 'C:\\Program Files\\Microsoft OneDrive', company: 'Microsoft Corporation', product: 'Microsoft OneDrive', description: 'Microsoft OneDrive', parent: 'explorer.exe' },
    mac: { bundleName: 'OneDrive', bundleId: 'com.microsoft.OneDrive', exe: 'OneDrive', path: '/Applications/OneDrive.app' },
  },
  zoom: {
    key: 'zoom', tvm: ['zoom', 'zoom'], every: 35, phase: 17, version: (n) => `6.${2 + Math.floor((n + 4) / 3)}.${((n + 4) % 3) * 5}.${40000 + n * 417}`,
    win: { file: 'Zoom.exe', folder: 'C:\\Users\\%USER%\\AppData\\Roaming\\Zoom\\bin', company: 'Zoom Video Communications, Inc.', product: 'Zoom', description: 'Zoom Meetings', parent: 'explorer.exe' },
    mac: { bundleName: 'zoom.us', bundleId: 'us.zoom.xos', exe: 'zoom.us', path: '/Applications/zoom.us.app' },
  },
  slack: {
    key: 'slack', tvm: ['slack_technologies', 'slack'], every: 21, phase: 8, version: (n) => `4.${41 + n}.${90 + (n & 1) * 15}`,
    win: { file: 'slack.exe', folder: 'C:\\Users\\%USER%\\AppData\\Local\\slack\\app-4.41.97', company: 'Slack Technologies, Inc.', product: 'Slack', description: 'Slack', parent: 'explorer.exe' },
    mac: { bundleName: 'Slack', bundleId: 'com.tinyspeck.slackmacgap', exe: 'Slack', path: '/Applications/Slack.app' },
  },
  sevenzip: { key: 'sevenzip', tvm: ['7-zip', '7-zip'], every: 120, phase: 60, version: (n) => `24.0${8 + Math.max(0, n)}` },
  acrobat: { key: 'acrobat', tvm: ['adobe', 'acrobat_reader_dc'], every: 30, phase: 10, version: (n) => `24.${3 + Math.floor((n + 1) / 2)}.${20112 + n * 60}` },
  onepassword: { key: 'onepassword', every: 30, phase: 4, version: (n) => `8.10.${44 + n * 2}`, mac: { bundleName: '1Password', bundleId: 'com.1password.1password', exe: '1Password', path: '/Applications/1Password.app' } },
  vscode: {
    key: 'vscode', tvm: ['microsoft', 'visual_studio_code'], every: 30, phase: 2, version: (n) => `1.${94 + n}.${n & 1 ? 0 : 2}`,
    win: { file: 'Code.exe', folder: 'C:\\Users\\%USER%\\AppData\\Local\\Programs\\Microsoft VS Code', company: 'Microsoft Corporation', product: 'Visual Studio Code', description: 'Visual Studio Code', parent: 'explorer.exe' },
    mac: { bundleName: 'Code', bundleId: 'com.microsoft.VSCode', exe: 'Electron', path: '/Applications/Visual Studio Code.app' },
  },
  git: { key: 'git', tvm: ['git-scm', 'git'], every: 45, phase: 20, version: (n) => `2.${46 + Math.max(0, n)}.${n & 1}` },
  docker: {
    key: 'docker', tvm: ['docker', 'docker_desktop'], every: 30, phase: 14, version: (n) => `4.${34 + n}.${n & 1}`,
    win: { file: 'Docker Desktop.exe', folder: 'C:\\Program Files\\Docker\\Docker', company: 'Docker Inc.', product: 'Docker Desktop', description: 'Docker Desktop', parent: 'explorer.exe' },
    mac: { bundleName: 'Docker', bundleId: 'com.docker.docker', exe: 'Docker', path: '/Applications/Docker.app' },
  },
  node: { key: 'node', tvm: ['nodejs', 'node.js'], every: 30, phase: 25, version: (n) => `20.${18 + Math.max(0, n)}.0` },
  python: { key: 'python', tvm: ['python', 'python'], every: 60, phase: 7, version: (n) => `3.12.${6 + Math.max(0, n)}150.1013` },
  iterm: { key: 'iterm', every: 60, phase: 30, version: (n) => `3.5.${4 + Math.max(0, n)}`, mac: { bundleName: 'iTerm2', bundleId: 'com.googlecode.iterm2', exe: 'iTerm2', path: '/Applications/iTerm.app' } },
  postman: {
    key: 'postman', tvm: ['postman', 'postman'], every: 14, phase: 6, version: (n) => `11.${12 + n}.0`,
    win: { file: 'Postman.exe', folder: 'C:\\Users\\%USER%\\AppData\\Local\\Postman\\app-11.12.0', company: 'Postman, Inc.', product: 'Postman', description: 'Postman', parent: 'explorer.exe' },
    mac: { bundleName: 'Postman', bundleId: 'com.postmanlabs.mac', exe: 'Postman', path: '/Applications/Postman.app' },
  },

  // Tools the stories put on some laptops.
  ngrok: {
    key: 'ngrok', every: 60, phase: 33, version: () => '3.18.4',
    // installed with winget / Homebrew, run from a terminal: not in the software inventory
    win: { file: 'ngrok.exe', folder: 'C:\\Users\\%USER%\\AppData\\Local\\Microsoft\\WinGet\\Packages\\Ngrok.Ngrok_Microsoft.Winget.Source_8wekyb3d8bbwe', company: 'ngrok LLC', product: 'ngrok', description: 'ngrok agent', cmd: 'ngrok http 3000', parent: 'WindowsTerminal.exe' },
    mac: { bundleName: 'ngrok', bundleId: '', exe: 'ngrok', path: '/opt/homebrew/bin', bin: '/opt/homebrew/bin/ngrok' },
  },
  screenconnect: {
    key: 'screenconnect', tvm: ['connectwise', 'screenconnect'], every: 90, phase: 40, version: () => '24.2.5.8953',
    win: { file: 'ScreenConnect.WindowsClient.exe', folder: 'C:\\Program Files (x86)\\ScreenConnect Client (4c1a7e2b9d3f6a05)', company: 'ConnectWise, LLC.', product: 'ScreenConnect', original: 'ScreenConnect.WindowsClient.exe', description: 'ScreenConnect Client', parent: 'ScreenConnect.ClientService.exe' },
    mac: { bundleName: 'ScreenConnect Client', bundleId: 'com.screenconnect.client', exe: 'ScreenConnect Client', path: '/Applications/ScreenConnect Client (4c1a7e2b9d3f6a05).app' },
  },
  anydesk: {
    key: 'anydesk', tvm: ['anydesk', 'anydesk'], every: 60, phase: 50, version: () => '9.0.4',
    win: { file: 'AnyDesk.exe', folder: 'C:\\Program Files (x86)\\AnyDesk', company: 'AnyDesk Software GmbH', product: 'AnyDesk', original: 'AnyDesk.exe', description: 'AnyDesk', cmd: '"C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe" --service', parent: 'services.exe' },
    mac: { bundleName: 'AnyDesk', bundleId: 'com.philandro.anydesk', exe: 'AnyDesk', path: '/Applications/AnyDesk.app' },
  },
  teamviewer: {
    key: 'teamviewer', tvm: ['teamviewer', 'teamviewer'], every: 60, phase: 45, version: () => '15.59.5',
    win: { file: 'TeamViewer.exe', folder: 'C:\\Program Files\\TeamViewer', company: 'TeamViewer Germany GmbH', product: 'TeamViewer', original: 'TeamViewer.exe', description: 'TeamViewer', parent: 'TeamViewer_Service.exe' },
    mac: { bundleName: 'TeamViewer', bundleId: 'com.teamviewer.TeamViewer', exe: 'TeamViewer', path: '/Applications/TeamViewer.app' },
  },
  astrill: {
    key: 'astrill', tvm: ['astrill', 'astrill'], every: 90, phase: 70, version: () => '3.10.0.2693',
    win: { file: 'astrill.exe', folder: 'C:\\Program Files (x86)\\Astrill', company: 'Astrill Systems Corp.', product: 'Astrill', description: 'Astrill VPN', parent: 'explorer.exe' },
    mac: { bundleName: 'Astrill', bundleId: 'com.astrill.Astrill', exe: 'Astrill', path: '/Applications/Astrill.app' },
  },
  caffeine: {
    key: 'caffeine', every: 365, phase: 300, version: () => '1.97',
    // portable: run from the Downloads folder, never in the software inventory
    win: { file: 'caffeine64.exe', folder: 'C:\\Users\\%USER%\\Downloads\\caffeine', company: 'Zhorn Software', product: 'Caffeine', description: 'Caffeine', parent: 'explorer.exe' },
    mac: { bundleName: 'Caffeine', bundleId: 'com.intelliscapesolutions.caffeine', exe: 'Caffeine', path: '/Applications/Caffeine.app' },
  },
  mullvad: {
    key: 'mullvad', tvm: ['mullvad', 'mullvad_vpn'], every: 45, phase: 15, version: (n) => `2024.${6 + Math.max(0, n)}`,
    win: { file: 'Mullvad VPN.exe', folder: 'C:\\Program Files\\Mullvad VPN', company: 'Mullvad VPN AB', product: 'Mullvad VPN', description: 'Mullvad VPN', parent: 'explorer.exe' },
    mac: { bundleName: 'Mullvad VPN', bundleId: 'net.mullvad.vpn', exe: 'Mullvad VPN', path: '/Applications/Mullvad VPN.app' },
  },
  protonvpn: {
    key: 'protonvpn', tvm: ['proton', 'protonvpn'], every: 30, phase: 11, version: (n) => `3.${3 + Math.max(0, n)}.1`,
    win: { file: 'ProtonVPN.Client.exe', folder: 'C:\\Program Files\\Proton\\VPN\\v3.3.1', company: 'Proton AG', product: 'ProtonVPN', description: 'Proton VPN', parent: 'explorer.exe' },
    mac: { bundleName: 'Proton VPN', bundleId: 'ch.protonvpn.mac', exe: 'Proton VPN', path: '/Applications/Proton VPN.app' },
  },
};

/** Release index in effect on `day` for a laptop that installs updates `lag` days after release. */
const releaseOn = (a: App, day: number, lag: number): number => Math.floor((day - lag - a.phase) / a.every);

const DEV_DEPARTMENTS = new Set(['Engineering', 'Data', 'Security']);

interface USB {
  vendorId: string;
  productId: string;
  manufacturer: string;
  product: string;
  /** Windows DeviceDescription of the parent device node */
  winDescription: string;
  serial?: string;
  label: string;
}

const PIKVM: USB = { vendorId: '1d6b', productId: '0104', manufacturer: 'PiKVM', product: 'Composite KVM Device', winDescription: 'USB Composite Device', serial: 'CAFEBABE', label: 'PiKVM' };
const ORDINARY_USB: USB[] = [
  { vendorId: '046d', productId: 'c52b', manufacturer: 'Logitech', product: 'USB Receiver', winDescription: 'USB Composite Device', label: 'Logitech Unifying receiver' },
  { vendorId: '1050', productId: '0407', manufacturer: 'Yubico', product: 'YubiKey OTP+FIDO+CCID', winDescription: 'USB Composite Device', label: 'YubiKey 5' },
  { vendorId: '0bda', productId: '8153', manufacturer: 'Realtek', product: 'USB 10/100/1000 LAN', winDescription: 'Realtek USB GbE Family Controller', serial: '000001', label: 'USB Ethernet adapter' },
  { vendorId: '0781', productId: '5581', manufacturer: 'SanDisk', product: 'Ultra', winDescription: 'USB Mass Storage Device', label: 'SanDisk USB drive' },
  { vendorId: '05ac', productId: '024f', manufacturer: 'Apple Inc.', product: 'Magic Keyboard', winDescription: 'USB Input Device', label: 'Magic Keyboard' },
];

interface ToolPlan {
  app: App;
  /** first day it is there (installed / first run) */
  fromDay: number;
  /** chance it runs on an active day after that */
  runP: number;
  /** in the inventory (TVM / osquery apps) from fromDay */
  inventory: boolean;
}

interface Laptop {
  p: Person;
  mac: boolean;
  name: string;
  hostLower: string;
  intuneId: string;
  mdeId: string;
  hostUuid: string;
  serial: string;
  model: string;
  manufacturer: string;
  osVersion: string;
  enrolledMs: number;
  enrolledDay: number;
  localUser: string;
  sid: string;
  apps: { app: App; lag: number }[];
  tools: ToolPlan[];
  usb: { dev: USB; fromDay: number; p: number }[];
  use: LaptopUse;
}

const WIN_MODELS: [string, string][] = [['Dell Inc.', 'Latitude 7440'], ['Dell Inc.', 'Latitude 5450'], ['LENOVO', '21F8CTO1WW'], ['HP', 'HP EliteBook 840 14 inch G10 Notebook PC'], ['Microsoft Corporation', 'Surface Laptop 5']];
const MAC_MODELS = ['MacBookPro18,3', 'Mac15,6', 'Mac14,9', 'Mac15,3'];
const ALNUM = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function serialFor(rng: Rng, mac: boolean, manufacturer: string): string {
  if (mac) return rng.chars(10, 'CDFGHJKLMNPQRTVWXY0123456789');
  if (manufacturer === 'Dell Inc.') return rng.chars(7, ALNUM);
  if (manufacturer === 'LENOVO') return `PF${rng.chars(6, ALNUM)}`;
  if (manufacturer === 'HP') return `5CG${rng.int(3300, 3499)}${rng.chars(3, ALNUM)}`;
  return String(rng.int(10 ** 11, 10 ** 12 - 1));
}

export interface EndpointInput {
  rng: Rng;
  people: Person[];
  use: Map<Person, LaptopUse>;
  startMs: number;
  days: number;
}

/** Plan every laptop: identity, enrolment, software, the stories' tools and USB devices. */
function planLaptops(inp: EndpointInput): Laptop[] {
  const { rng, startMs, days } = inp;
  const out: Laptop[] = [];
  for (const p of inp.people) {
    const d = p.devices.laptop;
    const mac = d.operatingSystem === 'MacOs';
    const use = inp.use.get(p) ?? { days: new Map() };
    const [manufacturer, model] = mac ? ['Apple', rng.pick(MAC_MODELS)] : rng.pick(WIN_MODELS);
    // Enrolment: a new hire's laptop is enrolled when it is first switched on (Autopilot / Automated Device
    // Enrollment), shortly before its first sign-in (else a few days after the hire: shipping); everyone else's before
    // the window (a laptop refresh at most three years back).
    let enrolledMs: number;
    const first = [...use.days.values()].sort((a, b) => a - b)[0];
    if (p.hireDay !== undefined) enrolledMs = first !== undefined ? first - rng.int(12, 80) * MINUTE : p.hiredMs + rng.int(1, 4) * DAY;
    else {
      const lo = Math.max(p.hiredMs + DAY, startMs - 3 * 365 * DAY);
      const hi = startMs - 10 * DAY;
      enrolledMs = lo < hi ? rng.int(Math.floor(lo / MINUTE), Math.floor(hi / MINUTE)) * MINUTE : p.hiredMs + 2 * HOUR;
    }
    const enrolledDay = Math.floor((enrolledMs - startMs) / DAY);
    const dev = DEV_DEPARTMENTS.has(p.department);
    const appKeys = mac ? ['chrome', 'teams', 'outlook', 'onedrive'] : ['edge', 'teams', 'outlook', 'onedrive'];
    if (!mac && rng.chance(0.7)) appKeys.push('chrome');
    if (rng.chance(0.45)) appKeys.push('zoom');
    if (rng.chance(0.35)) appKeys.push('slack');
    if (!mac && rng.chance(0.3)) appKeys.push('sevenzip');
    if (!mac && rng.chance(0.5)) appKeys.push('acrobat');
    if (mac && rng.chance(0.4)) appKeys.push('onepassword');
    if (dev) {
      appKeys.push('vscode');
      if (!mac) appKeys.push('git');
      if (rng.chance(0.6)) appKeys.push('docker');
      if (!mac && rng.chance(0.6)) appKeys.push('node', 'python');
      if (mac && rng.chance(0.7)) appKeys.push('iterm');
      if (rng.chance(0.3)) appKeys.push('postman');
    }
    const localUser = `${p.given}${p.family}`.normalize('NFD').replace(/[^A-Za-z0-9]/g, '').slice(0, 20);
    out.push({
      p,
      mac,
      name: d.displayName,
      hostLower: d.displayName.toLowerCase(),
      intuneId: rng.uuid(),
      mdeId: rng.hex(40),
      hostUuid: rng.uuid().toUpperCase(),
      serial: serialFor(rng, mac, manufacturer),
      model,
      manufacturer,
      osVersion: mac ? rng.pick(['15.1.1', '15.1', '14.7.1']) : rng.pick(['10.0.22631.4460', '10.0.22631.4391', '10.0.26100.2314']),
      enrolledMs,
      enrolledDay,
      localUser,
      sid: `S-1-12-1-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}`,
      apps: appKeys.map((k) => ({ app: APPS[k], lag: rng.int(0, 9) })),
      tools: [],
      usb: rng.chance(0.3) ? [{ dev: rng.pick(ORDINARY_USB), fromDay: 0, p: rng.range(0.05, 0.3) }] : [],
      use,
    });
  }
  return out;
}

/** The stories' tools and devices, by tag (see README.md: planted patterns and hard negatives). */
function plantTools(rng: Rng, laptops: Laptop[]): void {
  const tool = (l: Laptop, key: string, afterEnrolDays: number, runP: number, inventory = true) => {
    // afterEnrolDays < 0: installed with the laptop's image, before the window; else that many days after enrolment
    // (whether or not the laptop signs in that day: the operator connects anyway)
    const fromDay = afterEnrolDays < 0 ? Math.min(0, l.enrolledDay) : Math.max(0, l.enrolledDay + afterEnrolDays);
    l.tools.push({ app: APPS[key], fromDay, runP, inventory });
  };
  for (const l of laptops) {
    const tags = l.p.tags;
    if (tags.includes('planted:vpn-with-cn-leaks')) {
      tool(l, 'astrill', 0, 0.95);
      tool(l, 'anydesk', 1, 0.9);
    }
    if (tags.includes('planted:concurrent-operators')) {
      tool(l, 'anydesk', 1, 0.85);
      tool(l, 'teamviewer', 3, 0.6);
    }
    if (tags.includes('planted:rmm-after-enrolment')) tool(l, 'anydesk', 2, 1);
    if (tags.includes('planted:laptop-farm')) {
      tool(l, 'caffeine', 1, 1, l.mac);
      l.usb.push({ dev: PIKVM, fromDay: Math.max(0, l.enrolledDay + rng.int(0, 1)), p: 0.35 });
    }
    if (tags.includes('it-support-rmm')) tool(l, 'screenconnect', l.p.hireDay !== undefined ? 1 : -9999, 0.7);
    if (tags.includes('developer-tunnel')) tool(l, 'ngrok', -9999, 0.25, false);
    if (tags.includes('personal-vpn-client')) tool(l, rng.chance(0.5) ? 'mullvad' : 'protonvpn', -9999, 0.12);
  }
}

function hourMs(dayStartMs: number, firstMs: number | undefined, rng: Rng): number {
  return (firstMs ?? dayStartMs + 14 * HOUR) + rng.int(1, 40) * MINUTE + rng.int(0, 59_999);
}

// ---------------------------------------------------------------------------------------------------------------
// Intune

/** "9/3/2026 2:11 PM" (UTC), as Intune writes the enrolment into managedDeviceName; no Intl (its output varies by ICU). */
function usDateTime(ms: number): string {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'AM' : 'PM'}`;
}

function managedDevice(l: Laptop, endMs: number, rng: Rng): Record<string, unknown> {
  const p = l.p;
  const winEnrol = l.mac ? 'appleBulkWithUser' : 'windowsAzureADJoin';
  return {
    '@odata.type': '#microsoft.graph.managedDevice',
    id: l.intuneId,
    userId: p.entraUserId,
    deviceName: l.name,
    managedDeviceOwnerType: 'company',
    enrolledDateTime: iso(l.enrolledMs).replace('.000Z', 'Z'),
    lastSyncDateTime: iso(endMs - rng.int(10, 600) * MINUTE).replace('.000Z', 'Z'),
    operatingSystem: l.mac ? 'macOS' : 'Windows',
    complianceState: 'compliant',
    jailBroken: l.mac ? 'False' : 'Unknown',
    managementAgent: 'mdm',
    osVersion: l.osVersion,
    easActivated: false,
    easDeviceId: '',
    easActivationDateTime: '0001-01-01T00:00:00Z',
    azureADRegistered: true,
    deviceEnrollmentType: winEnrol,
    activationLockBypassCode: null,
    emailAddress: p.upn,
    azureADDeviceId: p.devices.laptop.entraDeviceId,
    deviceRegistrationState: 'registered',
    deviceCategoryDisplayName: 'Unknown Category',
    isSupervised: l.mac,
    exchangeLastSuccessfulSyncDateTime: '0001-01-01T00:00:00Z',
    exchangeAccessState: 'none',
    exchangeAccessStateReason: 'none',
    remoteAssistanceSessionUrl: null,
    remoteAssistanceSessionErrorDetails: null,
    isEncrypted: true,
    userPrincipalName: p.upn,
    model: l.model,
    manufacturer: l.manufacturer,
    imei: '',
    complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
    serialNumber: l.serial,
    phoneNumber: '',
    androidSecurityPatchLevel: '',
    userDisplayName: p.displayName,
    configurationManagerClientEnabledFeatures: null,
    wiFiMacAddress: rng.hex(12).toUpperCase(),
    deviceHealthAttestationState: null,
    subscriberCarrier: '',
    meid: '',
    totalStorageSpaceInBytes: l.mac ? 494384795648 : 510770802688,
    freeStorageSpaceInBytes: rng.int(60, 380) * 1_073_741_824,
    managedDeviceName: `${p.upn.split('@')[0]}_${l.mac ? 'MacOS' : 'Windows'}_${usDateTime(l.enrolledMs)}`,
    partnerReportedThreatState: 'unknown',
    iccid: null,
    udid: null,
    notes: null,
    ethernetMacAddress: null,
    physicalMemoryInBytes: 0,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Defender advanced hunting (portal CSV export)

const DEVICE_INFO_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'ClientVersion', 'PublicIP', 'OSArchitecture', 'OSPlatform', 'OSBuild', 'IsAzureADJoined', 'JoinType', 'AadDeviceId', 'LoggedOnUsers', 'RegistryDeviceTag', 'OSVersion', 'MachineGroup', 'ReportId', 'OnboardingStatus', 'DeviceCategory', 'DeviceType', 'OSDistribution', 'OSVersionInfo', 'Vendor', 'Model', 'SensorHealthState', 'ExposureLevel'] as const;
const TVM_COLUMNS = ['DeviceId', 'DeviceName', 'OSPlatform', 'OSVersion', 'OSArchitecture', 'SoftwareVendor', 'SoftwareName', 'SoftwareVersion', 'EndOfSupportStatus', 'EndOfSupportDate', 'Timestamp'] as const;
const PROCESS_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'SHA256', 'ProcessId', 'ProcessCommandLine', 'ProcessCreationTime', 'AccountDomain', 'AccountName', 'ProcessVersionInfoCompanyName', 'ProcessVersionInfoProductName', 'ProcessVersionInfoProductVersion', 'ProcessVersionInfoInternalFileName', 'ProcessVersionInfoOriginalFileName', 'ProcessVersionInfoFileDescription', 'InitiatingProcessFileName', 'InitiatingProcessId', 'ReportId'] as const;
const DEVICE_EVENTS_COLUMNS = ['Timestamp', 'DeviceId', 'DeviceName', 'ActionType', 'FileName', 'FolderPath', 'AccountName', 'AdditionalFields', 'InitiatingProcessFileName', 'ReportId'] as const;

const winPath = (s: string, l: Laptop): string => s.replace('%USER%', l.localUser);

class Hashes {
  private readonly m = new Map<string, string>();
  constructor(private readonly rng: Rng) {}
  of(key: string): string {
    let h = this.m.get(key);
    if (!h) this.m.set(key, (h = this.rng.hex(64)));
    return h;
  }
}

interface Row {
  t: number;
  rec: Record<string, unknown>;
}

/** Week index of a day (weeks start on the window's first day). */
const weekOf = (day: number): number => Math.floor(day / 7);

export function generateEndpoints(inp: EndpointInput): EndpointFiles {
  const { rng, startMs, days } = inp;
  const endMs = startMs + days * DAY;
  const laptops = planLaptops(inp);
  plantTools(rng, laptops);
  const hashes = new Hashes(rng.fork('hashes'));
  const files = new Map<string, string>();
  const dayIso = (day: number) => iso(startMs + day * DAY).slice(0, 10);
  const weeks = Math.ceil(days / 7);

  // Intune: every laptop, Graph pages of ≤ 1000, ordered by id as the service returns them.
  const md = laptops.map((l) => managedDevice(l, endMs, rng)).sort((a, b) => String(a.id).localeCompare(String(b.id)));
  const pages = Math.max(1, Math.ceil(md.length / 1000));
  for (let i = 0; i < pages; i++) {
    const page: Record<string, unknown> = { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices', value: md.slice(i * 1000, (i + 1) * 1000) };
    if (i + 1 < pages) page['@odata.nextLink'] = `https://graph.microsoft.com/v1.0/deviceManagement/managedDevices?$skiptoken=${rng.hex(32)}`;
    files.set(`intune/managedDevices-${String(i + 1).padStart(4, '0')}.json`, JSON.stringify(page, null, 1) + '\n');
  }

  const info: Row[][] = Array.from({ length: weeks }, () => []);
  const tvm: Row[][] = Array.from({ length: weeks }, () => []);
  const proc: Row[][] = Array.from({ length: weeks }, () => []);
  const devEv: Row[][] = Array.from({ length: weeks }, () => []);
  const osq: Row[][] = Array.from({ length: weeks }, () => []);
  let reportId = 10_000 + rng.int(0, 5000);
  const tvmExportAt = Array.from({ length: weeks }, (_, w) => startMs + w * 7 * DAY + 6 * HOUR + rng.int(0, 3599) * 1000);
  const truthDevices: DeviceTruth[] = [];

  for (const l of laptops) {
    const p = l.p;
    truthDevices.push({
      upn: p.upn,
      deviceName: l.name,
      os: l.mac ? 'macOS' : 'Windows',
      enrolled: iso(l.enrolledMs),
      tools: l.tools.map((t) => ({ tool: t.app.win?.product ?? t.app.mac?.bundleName ?? t.app.key, first: dayIso(t.fromDay) })),
      usb: l.usb.filter((u) => u.dev === PIKVM).map((u) => `${u.dev.label} ${u.dev.vendorId}:${u.dev.productId} "${u.dev.manufacturer}" "${u.dev.product}" ${u.dev.serial ?? ''}`.trim()),
    });
    const firstDay = Math.max(0, l.enrolledDay);
    if (firstDay >= days) continue;
    const installed = (day: number): { app: App; version: string; tool?: ToolPlan }[] => {
      const list: { app: App; version: string; tool?: ToolPlan }[] = l.apps.map(({ app, lag }) => ({ app, version: app.version(releaseOn(app, day, lag)) }));
      for (const t of l.tools) if (t.inventory && t.fromDay <= day) list.push({ app: t.app, version: t.app.version(releaseOn(t.app, day, 0)), tool: t });
      return list;
    };

    if (!l.mac) {
      // DeviceInfo and the software inventory: a weekly scheduled export, from the first week the laptop is enrolled.
      for (let w = weekOf(firstDay); w < weeks; w++) {
        const day = Math.max(w * 7, firstDay);
        const t = Math.max(startMs + day * DAY + 6 * HOUR + rng.int(0, 3600) * 1000, l.enrolledMs + 2 * HOUR);
        if (t >= endMs) continue;
        info[w].push({
          t,
          rec: {
            Timestamp: mdeTime(t, rng), DeviceId: l.mdeId, DeviceName: l.hostLower, ClientVersion: '10.8760.22631.1023', PublicIP: '', OSArchitecture: '64-bit',
            OSPlatform: l.osVersion.startsWith('10.0.26') || l.osVersion.startsWith('10.0.22') ? 'Windows11' : 'Windows10', OSBuild: l.osVersion.split('.')[2], IsAzureADJoined: 'true', JoinType: 'AAD Joined',
            AadDeviceId: p.devices.laptop.entraDeviceId, LoggedOnUsers: JSON.stringify([{ UserName: l.localUser, DomainName: 'AzureAD', Sid: l.sid }]), RegistryDeviceTag: '',
            OSVersion: '10.0', MachineGroup: 'UnassignedGroup', ReportId: String(639199803770000000 + rng.int(0, 999999) * 100 + rng.int(0, 99)), OnboardingStatus: 'Onboarded',
            DeviceCategory: 'Endpoint', DeviceType: 'Workstation', OSDistribution: '', OSVersionInfo: l.osVersion.startsWith('10.0.26') ? '24H2' : '23H2', Vendor: l.manufacturer, Model: l.model,
            SensorHealthState: 'Active', ExposureLevel: 'Low',
          },
        });
        // The inventory is exported once a week (`| extend Timestamp = now()`: one value for the whole export); a laptop
        // enrolled since the last export is in the next one.
        const tExport = tvmExportAt[w];
        if (tExport <= l.enrolledMs || tExport >= endMs) continue;
        const now = mdeTime(tExport, rng);
        for (const s of installed(Math.floor((tExport - startMs) / DAY))) {
          if (!s.app.tvm) continue;
          tvm[w].push({
            t: tExport,
            rec: {
              DeviceId: l.mdeId, DeviceName: l.hostLower, OSPlatform: 'Windows11', OSVersion: '10.0', OSArchitecture: 'x64', SoftwareVendor: s.app.tvm[0], SoftwareName: s.app.tvm[1],
              SoftwareVersion: s.version, EndOfSupportStatus: '', EndOfSupportDate: '', Timestamp: now,
            },
          });
        }
      }
    } else {
      // osquery differential results: the first run lists every app (added), later runs the changes.
      let counter = 0;
      let prev = new Map<string, string>();
      for (let day = firstDay; day < days; day++) {
        if (day !== firstDay && !l.use.days.has(day)) continue;
        const t = day === firstDay ? Math.max(l.enrolledMs + 20 * MINUTE, startMs + day * DAY) : hourMs(startMs + day * DAY, l.use.days.get(day), rng);
        if (t >= endMs) continue;
        const now = new Map<string, string>();
        for (const s of installed(day)) if (s.app.mac) now.set(s.app.key, s.version);
        const changes: { key: string; version: string; action: 'added' | 'removed' }[] = [];
        for (const [k, v] of prev) if (now.get(k) !== v) changes.push({ key: k, version: v, action: 'removed' });
        for (const [k, v] of now) if (prev.get(k) !== v) changes.push({ key: k, version: v, action: 'added' });
        prev = now;
        if (changes.length === 0) continue;
        for (const c of changes) {
          const a = APPS[c.key].mac!;
          osq[weekOf(day)].push({ t, rec: osqueryRow(l, 'pack_it-compliance_apps', t, counter, { name: `${a.path.split('/').pop()}`, path: a.path, bundle_executable: a.exe, bundle_identifier: a.bundleId, bundle_name: a.bundleName, bundle_short_version: c.version, bundle_version: c.version.split('.').slice(0, 2).join('.') }, c.action) });
        }
        counter++;
      }
    }

    // Processes: on each day the laptop signs in, a few programs started after the first sign-in; the stories' tools
    // on the days they run.
    const runnable = l.apps.filter(({ app }) => (l.mac ? app.mac : app.win) !== undefined);
    let pcounter = 0;
    const useDays = new Set([...l.use.days.keys(), ...l.tools.map((tp) => tp.fromDay)]);
    for (const day of [...useDays].sort((a, b) => a - b)) {
      if (day < firstDay || day >= days) continue;
      const first = l.use.days.get(day);
      const dayMs = startMs + day * DAY;
      const starts: { app: App; t: number }[] = [];
      const n = first === undefined ? 0 : rng.int(1, 3);
      for (const { app } of rng.sample(runnable, Math.min(n, runnable.length))) starts.push({ app, t: hourMs(dayMs, first, rng) });
      for (const tp of l.tools) if (day >= tp.fromDay && (day === tp.fromDay || (first !== undefined && rng.chance(tp.runP)))) starts.push({ app: tp.app, t: Math.max(hourMs(dayMs, first, rng) + rng.int(0, 6) * HOUR, l.enrolledMs + 30 * MINUTE) });
      for (const s of starts) {
        if (s.t >= endMs) continue;
        const w = weekOf(Math.floor((s.t - startMs) / DAY));
        if (w >= weeks) continue;
        const tool = l.tools.find((tp) => tp.app === s.app);
        const lag = l.apps.find((a) => a.app === s.app)?.lag ?? 0;
        const version = s.app.version(releaseOn(s.app, day, tool ? 0 : lag));
        if (!l.mac) {
          const wp = s.app.win!;
          const folder = winPath(wp.folder, l);
          const pid = rng.int(1000, 30000);
          proc[w].push({
            t: s.t,
            rec: {
              Timestamp: mdeTime(s.t, rng), DeviceId: l.mdeId, DeviceName: l.hostLower, ActionType: 'ProcessCreated', FileName: wp.file, FolderPath: `${folder}\\${wp.file}`,
              SHA256: hashes.of(`${s.app.key}|${version}`), ProcessId: pid, ProcessCommandLine: wp.cmd ?? `"${wp.file}"`, ProcessCreationTime: mdeTime(s.t, rng),
              AccountDomain: wp.parent === 'services.exe' ? 'nt authority' : 'azuread', AccountName: wp.parent === 'services.exe' ? 'system' : l.localUser.toLowerCase(),
              ProcessVersionInfoCompanyName: wp.company, ProcessVersionInfoProductName: wp.product, ProcessVersionInfoProductVersion: version, ProcessVersionInfoInternalFileName: wp.original ?? wp.file,
              ProcessVersionInfoOriginalFileName: wp.original ?? wp.file, ProcessVersionInfoFileDescription: wp.description ?? wp.product, InitiatingProcessFileName: wp.parent ?? 'explorer.exe',
              InitiatingProcessId: rng.int(600, 12000), ReportId: String(reportId++),
            },
          });
        } else {
          const a = s.app.mac!;
          const bin = a.bin ?? `${a.path}/Contents/MacOS/${a.exe}`;
          osq[w].push({ t: s.t, rec: osqueryRow(l, 'pack_it-compliance_processes', s.t, pcounter++, { pid: String(rng.int(300, 99999)), name: a.exe, path: bin, cmdline: a.bin ? `${bin} http 3000` : bin }, 'added') });
        }
      }
      // USB devices plugged in that day.
      for (const u of l.usb) {
        if (first === undefined && day !== u.fromDay) continue;
        if (day < u.fromDay || !(day === u.fromDay || rng.chance(u.p))) continue;
        const t = Math.max(hourMs(dayMs, first, rng) - rng.int(2, 30) * MINUTE, l.enrolledMs + rng.int(5, 20) * MINUTE);
        if (t >= endMs) continue;
        const w = weekOf(Math.floor((t - startMs) / DAY));
        if (w < 0 || w >= weeks) continue;
        const dev = u.dev;
        if (!l.mac) {
          const vid = dev.vendorId.toUpperCase();
          const pidx = dev.productId.toUpperCase();
          const instance = dev.serial ?? `6&${rng.hex(7)}&0&${rng.int(1, 4)}`;
          devEv[w].push({
            t,
            rec: {
              Timestamp: mdeTime(t, rng), DeviceId: l.mdeId, DeviceName: l.hostLower, ActionType: 'PnpDeviceConnected', FileName: '', FolderPath: '', AccountName: '',
              AdditionalFields: JSON.stringify({ ClassName: 'USB', DeviceDescription: dev.winDescription, DeviceId: `USB\\VID_${vid}&PID_${pidx}\\${instance}`, VendorIds: `USB\\VID_${vid}&PID_${pidx}&REV_0${rng.int(100, 510)} USB\\VID_${vid}&PID_${pidx}`, ClassId: '{36fc9e60-c465-11cf-8056-444553540000}' }),
              InitiatingProcessFileName: '', ReportId: String(reportId++),
            },
          });
        } else {
          osq[w].push({ t, rec: osqueryRow(l, 'pack_it-compliance_usb_devices', t, pcounter++, { usb_address: String(rng.int(1, 20)), usb_port: String(rng.int(1, 4)), vendor: dev.manufacturer, vendor_id: dev.vendorId, version: '0510', model: dev.product, model_id: dev.productId, serial: dev.serial ?? '', class: '0', subclass: '0', protocol: '0', removable: '1' }, 'added') });
        }
      }
    }
  }

  let defenderRows = 0;
  let osqueryRows = 0;
  const sortRows = (rows: Row[]) => rows.sort((a, b) => a.t - b.t || String(a.rec.DeviceId ?? '').localeCompare(String(b.rec.DeviceId ?? '')));
  for (let w = 0; w < weeks; w++) {
    const d = dayIso(w * 7);
    const tables: [string, readonly string[], Row[]][] = [['DeviceInfo', DEVICE_INFO_COLUMNS, info[w]], ['DeviceTvmSoftwareInventory', TVM_COLUMNS, tvm[w]], ['DeviceProcessEvents', PROCESS_COLUMNS, proc[w]], ['DeviceEvents', DEVICE_EVENTS_COLUMNS, devEv[w]]];
    for (const [table, cols, rows] of tables) {
      if (rows.length === 0) continue;
      sortRows(rows);
      defenderRows += rows.length;
      files.set(`defender/${table}-${d}.csv`, csv(cols, rows.map((r) => r.rec)));
    }
    if (osq[w].length > 0) {
      osq[w].sort((a, b) => a.t - b.t || String(a.rec.hostIdentifier).localeCompare(String(b.rec.hostIdentifier)));
      osqueryRows += osq[w].length;
      files.set(`osquery/osqueryd.results-${d}.log`, osq[w].map((r) => JSON.stringify(r.rec)).join('\n') + '\n');
    }
  }
  return { files, counts: { devices: laptops.length, defenderRows, osqueryRows }, devices: truthDevices };
}

/** One line of osqueryd.results.log in the event format (--logger_event_type=true), as osquery 5 writes it. */
function osqueryRow(l: Laptop, name: string, t: number, counter: number, columns: Record<string, string>, action: 'added' | 'removed'): Record<string, unknown> {
  const sec = Math.floor(t / 1000);
  const d = new Date(sec * 1000);
  const wd = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][d.getUTCDay()];
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  const calendarTime = `${wd} ${mon} ${String(d.getUTCDate()).padStart(2, ' ')} ${d.toISOString().slice(11, 19)} ${d.getUTCFullYear()} UTC`;
  return {
    name,
    hostIdentifier: l.name,
    calendarTime,
    unixTime: sec,
    epoch: 0,
    counter,
    numerics: false,
    decorations: { host_uuid: l.hostUuid, hostname: l.name },
    columns,
    action,
  };
}
