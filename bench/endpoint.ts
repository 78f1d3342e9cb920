// Part `endpoint` of `npm run bench` (issue 9): ≥ 1M osquery results rows (differential `added` rows of the
// `programs` and `processes` tables, as osquery's filesystem logger writes them) from BENCH_ENDPOINT_HOSTS laptops,
// plus the Intune managed-device page that ties each laptop to its user, scanned by `sleetwatch scan` as a child
// process and compared with the bare floor: reading every file and JSON.parse of every line in a child process.
// The rows are generated here, deterministically (no clock, no Math.random): ordinary software churn on every host
// and, on a few hosts, remote-access tools, so the catalog matcher and the endpoint detectors do real work.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, fmt, secs, verdict } from './common.ts';

const ROWS = Number(process.env.BENCH_ENDPOINT_ROWS ?? 1_000_000);
const HOSTS = Number(process.env.BENCH_ENDPOINT_HOSTS ?? 1_000);
const FILE_ROWS = 100_000;
const T0 = Date.parse('2026-09-01T08:00:00Z') / 1000;

/** sfc32: a small deterministic generator. */
function rng(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  return () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

const PROGRAMS: [string, string, string, string][] = [
  ['Google Chrome', 'Google LLC', 'C:\\Program Files\\Google\\Chrome\\Application', 'chrome.exe'],
  ['Microsoft Teams', 'Microsoft Corporation', 'C:\\Program Files\\WindowsApps\\MSTeams', 'ms-teams.exe'],
  ['Microsoft Office 365 ProPlus', 'Microsoft Corporation', 'C:\\Program Files\\Microsoft Office', 'WINWORD.EXE'],
  ['Slack', 'Slack Technologies, LLC', 'C:\\Program Files\\Slack', 'slack.exe'],
  ['Zoom Workplace', 'Zoom Video Communications, Inc.', 'C:\\Program Files\\Zoom\\bin', 'Zoom.exe'],
  ['Microsoft Visual Studio Code', 'Microsoft Corporation', 'C:\\Program Files\\Microsoft VS Code', 'Code.exe'],
  ['Git', 'The Git Development Community', 'C:\\Program Files\\Git', 'git.exe'],
  ['Node.js', 'Node.js Foundation', 'C:\\Program Files\\nodejs', 'node.exe'],
  ['7-Zip 24.08 (x64)', 'Igor Pavlov', 'C:\\Program Files\\7-Zip', '7zFM.exe'],
  ['Mozilla Firefox (x64 en-US)', 'Mozilla', 'C:\\Program Files\\Mozilla Firefox', 'firefox.exe'],
  ['Adobe Acrobat (64-bit)', 'Adobe', 'C:\\Program Files\\Adobe\\Acrobat DC\\Acrobat', 'Acrobat.exe'],
  ['Docker Desktop', 'Docker Inc.', 'C:\\Program Files\\Docker\\Docker', 'Docker Desktop.exe'],
  ['Python 3.12.7 (64-bit)', 'Python Software Foundation', 'C:\\Program Files\\Python312', 'python.exe'],
  ['Postman x64 11.19.0', 'Postman', 'C:\\Users\\user\\AppData\\Local\\Postman', 'Postman.exe'],
];
const REMOTE: [string, string, string, string][] = [
  ['AnyDesk', 'AnyDesk Software GmbH', 'C:\\Program Files (x86)\\AnyDesk', 'AnyDesk.exe'],
  ['TeamViewer', 'TeamViewer', 'C:\\Program Files\\TeamViewer', 'TeamViewer.exe'],
];

/** The bench company: an Intune page and osquery logs; returns the folder and its counts. */
export async function generate(dir: string): Promise<{ rows: number; files: string[]; devices: string }> {
  const r = rng(9);
  const hosts = Array.from({ length: HOSTS }, (_, i) => ({
    name: `CONTOSO-LT-${String(i).padStart(5, '0')}`,
    uuid: `4C4C4544-${String(i).padStart(4, '0')}-3510-8052-B4C04F4A${String(i % 10000).padStart(4, '0')}`,
    serial: `SN${(i * 7919).toString(36).toUpperCase().padStart(7, '0')}`,
    upn: `user${String(i).padStart(5, '0')}@contoso.com`,
    remote: i % 97 === 0, // ~1% of laptops get a remote-access tool
  }));
  mkdirSync(join(dir, 'intune'), { recursive: true });
  mkdirSync(join(dir, 'osquery'), { recursive: true });
  const devices = join(dir, 'intune', 'managedDevices.json');
  writeFileSync(
    devices,
    JSON.stringify({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#deviceManagement/managedDevices',
      value: hosts.map((h, i) => ({
        id: `0000${String(i).padStart(4, '0')}-1b2c-4d5e-8f90-a1b2c3d4e5f6`,
        userId: `${String(i).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`,
        deviceName: h.name,
        managedDeviceOwnerType: 'company',
        enrolledDateTime: new Date((T0 - 86_400 * 30) * 1000).toISOString(),
        lastSyncDateTime: new Date(T0 * 1000).toISOString(),
        operatingSystem: 'Windows',
        complianceState: 'compliant',
        osVersion: '10.0.22631.4317',
        azureADDeviceId: `${String(i).padStart(8, '0')}-eeee-4fff-8aaa-bbbbbbbbbbbb`,
        userPrincipalName: h.upn,
        model: 'Latitude 5440',
        manufacturer: 'Dell Inc.',
        serialNumber: h.serial,
        userDisplayName: h.upn.split('@')[0],
      })),
    }),
  );
  const files: string[] = [];
  let counter = 0;
  let out: ReturnType<typeof createWriteStream> | undefined;
  let buf: string[] = [];
  const flush = async () => {
    if (!out || buf.length === 0) return;
    const ok = out.write(buf.join(''));
    buf = [];
    if (!ok) await new Promise<void>((res) => out!.once('drain', () => res()));
  };
  for (let n = 0; n < ROWS; n++) {
    if (n % FILE_ROWS === 0) {
      await flush();
      if (out) await new Promise<void>((res) => out!.end(() => res()));
      const f = join(dir, 'osquery', `osqueryd.results.${String(files.length).padStart(3, '0')}.log`);
      files.push(f);
      out = createWriteStream(f);
    }
    const h = hosts[Math.floor(r() * HOSTS)];
    const t = T0 + Math.floor((n / ROWS) * 60 * 86_400);
    const [name, publisher, dirPath, exe] = h.remote && r() < 0.05 ? REMOTE[Math.floor(r() * REMOTE.length)] : PROGRAMS[Math.floor(r() * PROGRAMS.length)];
    const proc = r() < 0.5;
    const columns = proc
      ? { pid: String(1000 + Math.floor(r() * 60000)), name: exe, path: `${dirPath}\\${exe}`, cmdline: `"${dirPath}\\${exe}"`, parent: '4', uid: '-1', start_time: String(t - 30) }
      : { name, version: `${1 + Math.floor(r() * 30)}.${Math.floor(r() * 10)}.${Math.floor(r() * 1000)}`, install_location: dirPath, install_date: '20260901', publisher, identifying_number: '', uninstall_string: `"${dirPath}\\uninstall.exe"` };
    buf.push(
      JSON.stringify({
        name: proc ? 'pack_it_processes' : 'pack_it_programs',
        hostIdentifier: h.name,
        calendarTime: new Date(t * 1000).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4 UTC'),
        unixTime: t,
        epoch: 0,
        counter: counter++,
        numerics: false,
        decorations: { host_uuid: h.uuid, hostname: h.name, hardware_serial: h.serial },
        columns,
        action: 'added',
      }) + '\n',
    );
    if (buf.length >= 2000) await flush();
  }
  await flush();
  if (out) await new Promise<void>((res) => out!.end(() => res()));
  return { rows: ROWS, files, devices };
}

const FLOOR_SCRIPT = `
const fs = require('node:fs');
let n = 0;
for (const f of process.argv.slice(1)) {
  const text = fs.readFileSync(f, 'utf8');
  if (text.startsWith('{"@odata')) { n += JSON.parse(text).value.length; continue; }
  let s = 0;
  for (let e = text.indexOf('\\n'); e !== -1; s = e + 1, e = text.indexOf('\\n', s)) { JSON.parse(text.slice(s, e)); n++; }
}
process.stdout.write(String(n));
`;

function child(args: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`child exited ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  return { ms, stdout: r.stdout };
}

export async function runEndpoint(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'sw-bench-endpoint-'));
  try {
    const t0 = performance.now();
    const { files, devices } = await generate(root);
    const bytes = [devices, ...files].reduce((s, f) => s + statSync(f).size, 0);
    console.log(`company   ${fmt(HOSTS)} laptops (Intune page), ${fmt(ROWS)} osquery rows in ${files.length} files, ${fmt(bytes / 1e6)} MB (${fmt(bytes / ROWS)} bytes/row), generated in ${secs(performance.now() - t0)}`);
    const report = join(root, 'report.json');
    const scan = () => child([CLI, 'scan', join(root, 'intune'), join(root, 'osquery'), '--report', report, '--data-dir', join(root, '.data')]).ms;
    const warm = scan();
    const rep = JSON.parse(readFileSync(report, 'utf8')) as { inputs: { records: number; accepted: number; rejected: number }[]; people: { level: string; findings: { detector: string }[] }[] };
    const read = rep.inputs.reduce((s, i) => s + i.records, 0);
    if (read !== ROWS + HOSTS) throw new Error(`scan read ${read} records, the files hold ${ROWS + HOSTS}`);
    const flagged = rep.people.filter((p) => p.findings.some((f) => f.detector === 'remote-access-tool')).length;
    console.log(`warm-up   scan ${secs(warm)}: ${fmt(read)} records, ${rep.inputs.reduce((s, i) => s + i.rejected, 0)} rejected, ${fmt(rep.people.length)} people, ${flagged} with a remote-access finding (${Math.ceil(HOSTS / 97)} laptops got a tool)`);
    let floorMs = Infinity;
    let scanMs = Infinity;
    for (let round = 0; round < 2; round++) {
      const f = child(['-e', FLOOR_SCRIPT, devices, ...files]);
      if (Number(f.stdout) !== ROWS + HOSTS) throw new Error(`floor counted ${f.stdout}`);
      floorMs = Math.min(floorMs, f.ms);
      scanMs = Math.min(scanMs, scan());
    }
    const ratio = floorMs / scanMs;
    console.log(`floor     node: read + JSON.parse per line ${secs(floorMs).padStart(8)}  (child process, best of 2)`);
    console.log(`scan      sleetwatch scan --report       ${secs(scanMs).padStart(8)}  ${fmt(ROWS / (scanMs / 1000)).padStart(9)} rows/s  (child process, best of 2)`);
    console.log(`ratio     floor time / scan time         ${ratio.toFixed(2)}×   (target ≥ 0.70×)  ${verdict(ratio >= 0.7)}`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
