import { describe, expect, it } from 'vitest';
import { compileRemoteAccessCatalog, matchRemoteAccess, readRemoteAccessCatalog, remoteAccessMatcher, type RemoteAccessObservation } from './index.ts';
import { compileGlob, globMatch, hostKey, MAX_VALUE, nameKey, orgKey, pathKey } from './normalize.ts';

const ids = (o: RemoteAccessObservation): string[] => matchRemoteAccess(o).map((m) => m.tool.id);
const high = (o: RemoteAccessObservation): string[] => matchRemoteAccess(o).filter((m) => m.confidence === 'high').map((m) => m.tool.id);

describe('remote-access matcher: positives by field', () => {
  const cases: [string, RemoteAccessObservation, string, string][] = [
    // [what, observation, tool id, observation field that must be in the evidence]
    ['AnyDesk by executable', { executable: 'AnyDesk.exe' }, 'anydesk', 'executable'],
    ['AnyDesk by a full process path', { executable: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' }, 'anydesk', 'executable'],
    ['AnyDesk on Linux (no extension)', { executable: '/usr/bin/anydesk' }, 'anydesk', 'executable'],
    ['AnyDesk by install folder', { path: 'C:\\Program Files (x86)\\AnyDesk' }, 'anydesk', 'path'],
    ['AnyDesk by trace file under another user\'s AppData', { path: 'C:\\Users\\jdoe\\AppData\\Roaming\\AnyDesk\\ad.trace' }, 'anydesk', 'path'],
    ['AnyDesk relay (regex in LOLRMM)', { domain: 'relay-0a1b2c3d.net.anydesk.com:443' }, 'anydesk', 'domain'],
    ['TeamViewer by publisher', { name: 'Some Viewer', publisher: 'TeamViewer Germany GmbH' }, 'teamviewer', 'publisher'],
    ['TeamViewer by program name with version', { name: 'TeamViewer 15' }, 'teamviewer', 'name'],
    ['TeamViewer Host by leading words', { name: 'TeamViewer Host' }, 'teamviewer', 'name'],
    ['TeamViewer by signer', { signer: 'TeamViewer GmbH' }, 'teamviewer', 'signer'],
    ['ScreenConnect by domain with a port', { domain: 'instance-x7k2.screenconnect.com:8041' }, 'screenconnect', 'domain'],
    ['ScreenConnect by URL', { domain: 'https://acme.screenconnect.com/Host#Access' }, 'screenconnect', 'domain'],
    ['ScreenConnect client with its instance id', { name: 'ScreenConnect Client (5d2e61a3c4b5f6a7)' }, 'screenconnect', 'name'],
    ['ScreenConnect install folder (segment glob)', { path: 'C:\\Program Files (x86)\\ScreenConnect Client (5d2e61a3c4b5f6a7)\\ScreenConnect.ClientService.exe' }, 'screenconnect', 'path'],
    ['Astrill by program name', { name: 'Astrill VPN' }, 'astrill-vpn', 'name'],
    ['Astrill by short name', { name: 'Astrill' }, 'astrill-vpn', 'name'],
    ['Astrill by domain', { domain: 'www.astrill.com' }, 'astrill-vpn', 'domain'],
    ['Splashtop by file-info glob', { product: 'Splashtop Streamer' }, 'splashtop', 'product'],
    ['RustDesk by executable', { executable: 'rustdesk.exe' }, 'rustdesk', 'executable'],
    ['Atera by executable', { executable: 'AteraAgent.exe' }, 'atera', 'executable'],
    ['Chrome Remote Desktop host', { executable: 'remoting_host.exe' }, 'chrome-remote-desktop', 'executable'],
    ['Chrome Remote Desktop domain', { domain: 'remotedesktop-pa.googleapis.com' }, 'chrome-remote-desktop', 'domain'],
    ['ngrok agent', { domain: 'connect.eu.ngrok-agent.com:443' }, 'ngrok', 'domain'],
    ['NetSupport client32', { originalFileName: 'client32.exe' }, 'netsupport-manager', 'originalFileName'],
    ['Ammyy by a listed IP', { domain: '136.243.104.235:443' }, 'ammyy-admin', 'domain'],
    ['Mouse Jiggler by name', { name: 'Mouse Jiggler' }, 'mouse-jiggler', 'name'],
    ['PowerToys Awake by executable', { executable: 'PowerToys.Awake.exe' }, 'powertoys-awake', 'executable'],
    ['Amphetamine by macOS path', { path: '/Applications/Amphetamine.app/Contents/MacOS/Amphetamine' }, 'amphetamine', 'path'],
    ['NordVPN by publisher', { publisher: 'NordVPN S.A.' }, 'nordvpn', 'publisher'],
    ['Mullvad by daemon', { executable: 'mullvad-daemon' }, 'mullvad-vpn', 'executable'],
    ['Proton VPN by domain', { domain: 'account.protonvpn.com' }, 'proton-vpn', 'domain'],
  ];
  for (const [what, obs, tool, field] of cases) {
    it(what, () => {
      const ms = matchRemoteAccess(obs);
      const m = ms.find((x) => x.tool.id === tool);
      expect(m, `${JSON.stringify(obs)} → ${ms.map((x) => x.tool.id).join(', ') || 'nothing'}`).toBeDefined();
      expect(m!.confidence).toBe('high');
      expect(m!.evidence.some((e) => e.field === field)).toBe(true);
      for (const e of m!.evidence) {
        expect(e.catalogValue).toBeTruthy();
        expect(e.observed).toBeTruthy();
      }
    });
  }

  it('says why: field, catalog field and value, how', () => {
    const [m] = matchRemoteAccess({ domain: 'relay-12345678.net.anydesk.com:443' });
    expect(m.tool.name).toBe('AnyDesk');
    expect(m.tool.category).toBe('remote-desktop');
    expect(m.evidence).toContainEqual({
      field: 'domain', observed: 'relay-12345678.net.anydesk.com:443', catalogField: 'domains', catalogValue: '*.anydesk.com', how: 'domain', confidence: 'high',
    });
  });

  it('several fields of one observation add evidence to one match', () => {
    const ms = matchRemoteAccess({ name: 'AnyDesk', publisher: 'AnyDesk Software GmbH', executable: 'AnyDesk.exe', path: 'C:\\Program Files (x86)\\AnyDesk\\AnyDesk.exe' });
    expect(ms.map((m) => m.tool.id)).toEqual(['anydesk']);
    expect(new Set(ms[0].evidence.map((e) => e.field))).toEqual(new Set(['name', 'publisher', 'executable', 'path']));
  });
});

describe('IP-KVM USB identities', () => {
  const gadget = { vendorId: '0x1d6b', productId: '0x0104' };
  it('PiKVM by its default manufacturer and product', () => {
    const [m] = matchRemoteAccess({ usb: { ...gadget, manufacturer: 'PiKVM', product: 'Composite KVM Device', serial: 'CAFEBABE' } });
    expect(m.tool.id).toBe('pikvm');
    expect(m.tool.category).toBe('ip-kvm');
    expect(m.evidence[0].observed).toMatch(/manufacturer "PiKVM".*product "Composite KVM Device".*serial "CAFEBABE".*1d6b:0104/);
  });
  it('PiKVM by its product name alone, ids as numbers (7531 = 0x1d6b)', () => {
    expect(ids({ usb: { product: 'Composite KVM Device' } })).toEqual(['pikvm']);
    expect(ids({ usb: { vendorId: 7531, productId: 260, manufacturer: 'Pi-KVM' } })).toEqual(['pikvm']);
  });
  it('TinyPilot: generic product name counts only with the gadget id', () => {
    expect(ids({ usb: { ...gadget, product: 'Multifunction USB Device' } })).toEqual(['tinypilot']);
    expect(ids({ usb: { vendorId: '046d', productId: 'c52b', product: 'Multifunction USB Device' } })).toEqual([]);
    expect(ids({ usb: { manufacturer: 'tinypilot' } })).toEqual(['tinypilot']);
  });
  it('reads ids and serial from a Windows PnP device id', () => {
    expect(ids({ usb: { deviceId: 'USB\\VID_1D6B&PID_0104\\CAFEBABE' } })).toEqual(['pikvm']);
    expect(ids({ usb: { deviceId: 'USB\\VID_1D6B&PID_0104&MI_00\\7&1A2B3C&0&0000', product: 'Multifunction USB Device' } })).toEqual(['tinypilot']);
    expect(ids({ usb: { deviceId: 'USB\\VID_046D&PID_C52B\\6&2F1B&0&1' } })).toEqual([]);
  });
  it('JetKVM', () => {
    expect(ids({ usb: { ...gadget, manufacturer: 'JetKVM', product: 'USB Emulation Device' } })).toEqual(['jetkvm']);
    expect(ids({ usb: { product: 'USB Emulation Device' } })).toEqual([]);
  });
  it('the Linux Foundation composite gadget id alone is not an IP-KVM (any Raspberry Pi gadget, dev boards)', () => {
    expect(ids({ usb: { ...gadget } })).toEqual([]);
    expect(ids({ usb: { ...gadget, manufacturer: 'Linux Foundation', product: 'Multifunction Composite Gadget', serial: 'fedcba9876543210' } })).toEqual([]);
    expect(ids({ usb: { ...gadget, serial: 'CAFEBABE' } })).toEqual(['pikvm']);
    expect(ids({ usb: { vendorId: '1d6b', productId: '0002', manufacturer: 'Linux 6.1.0 xhci-hcd', product: 'xHCI Host Controller' } })).toEqual([]);
  });
});

describe('remote-access matcher: ordinary software does not match', () => {
  const names = [
    'Google Chrome', 'Chrome', 'Microsoft Teams', 'Microsoft Teams (work or school)', 'Teams', 'Slack', 'zoom.us', 'Zoom', 'Zoom Workplace',
    'Visual Studio Code', 'Microsoft Visual Studio Code (User)', 'Microsoft Edge', 'Mozilla Firefox', 'Microsoft Office 365 ProPlus', 'Microsoft 365 Apps for enterprise',
    'Microsoft OneDrive', 'Webex', 'Cisco Webex Meetings', 'GoToMeeting', 'Skype', 'Discord', 'Notepad++', '7-Zip 23.01 (x64)', 'Git',
    'Docker Desktop', 'Python 3.12.1 (64-bit)', 'Node.js', 'Java 8 Update 381', 'Adobe Acrobat Reader', 'Remote Desktop', 'Remote Desktop Connection',
    'Windows Terminal', 'PowerToys (Preview)', 'Microsoft PowerToys', 'Postman', 'Spotify', 'VLC media player', 'WinRAR 6.24 (64-bit)', 'CrowdStrike Windows Sensor',
    'Microsoft Defender for Endpoint', 'Intune Management Extension', 'Company Portal', 'Zscaler', 'GlobalProtect', 'Cisco AnyConnect Secure Mobility Client',
    'Okta Verify', '1Password', 'Grammarly for Windows', 'Citrix Workspace', 'Microsoft Remote Desktop', 'Windows App', 'Level Up', 'Barracuda Backup Agent',
    'Insomnia', 'Synergy Pharmaceuticals Portal', 'Dell SupportAssist', 'HP Support Assistant', 'Lenovo Vantage', 'Intel Driver & Support Assistant',
  ];
  for (const n of names) {
    it(`program "${n}"`, () => expect(high({ name: n })).toEqual([]));
  }
  it('common Windows, macOS and Linux processes', () => {
    const procs = [
      'svchost.exe', 'explorer.exe', 'dwm.exe', 'csrss.exe', 'lsass.exe', 'services.exe', 'winlogon.exe', 'RuntimeBroker.exe', 'SearchHost.exe', 'taskhostw.exe',
      'conhost.exe', 'cmd.exe', 'powershell.exe', 'msedge.exe', 'chrome.exe', 'firefox.exe', 'Teams.exe', 'ms-teams.exe', 'slack.exe', 'Zoom.exe', 'Code.exe',
      'java.exe', 'javaw.exe', 'python.exe', 'node.exe', 'OneDrive.exe', 'OUTLOOK.EXE', 'WINWORD.EXE', 'MsMpEng.exe', 'setup.exe', 'msiexec.exe', 'rundll32.exe',
      'agent.exe', 'connect.exe', 'rdp.exe', 'Update.exe', 'ssh', 'sshd', 'bash', 'systemd', 'kthreadd', 'launchd', 'WindowServer', 'Finder', 'Dock',
      'C:\\Windows\\System32\\svchost.exe', '/usr/sbin/sshd', '/usr/bin/python3', 'git.exe', 'docker.exe', 'wsl.exe',
    ];
    for (const p of procs) expect(high({ executable: p }), p).toEqual([]);
  });
  it('publishers and signers of ordinary software', () => {
    for (const p of ['Microsoft Corporation', 'Google LLC', 'Apple Inc.', 'Zoom Video Communications, Inc.', 'Slack Technologies, LLC', 'Mozilla Corporation', 'Adobe Inc.', 'Oracle Corporation', 'Intel Corporation', 'Python Software Foundation', 'GitHub, Inc.', 'Docker Inc', 'JetBrains s.r.o.', 'Proton AG', 'win.rar GmbH', 'Igor Pavlov', 'Tencent Technology (Shenzhen) Company Limited', 'NCH Software', 'AOMEI International Network Limited', 'Zoho Corporation Pvt. Ltd.', 'Barracuda Networks, Inc.']) {
      expect(high({ publisher: p }), p).toEqual([]);
      expect(high({ signer: p }), p).toEqual([]);
    }
  });
  it('domains of ordinary services', () => {
    for (const d of [
      'google.com', 'www.google.com', 'microsoft.com', 'login.microsoftonline.com', 'teams.microsoft.com', 'github.com', 'raw.githubusercontent.com',
      'objects.githubusercontent.com', 'slack.com', 'acme.slack.com', 'zoom.us', 'us02web.zoom.us', 'webex.com', 'amazonaws.com', 's3.amazonaws.com',
      'foo.r2.cloudflarestorage.com', 'downloads.io', 'apple.com', 'icloud.com', 'dropbox.com', 'outlook.office365.com', 'update.googleapis.com',
      'www.googleapis.com', 'clients2.google.com', 'npmjs.org', 'registry.npmjs.org', 'pypi.org', 'localhost', '127.0.0.1:8080', '10.0.0.1', '[::1]:443',
    ]) expect(ids({ domain: d }), d).toEqual([]);
  });
  it('paths of ordinary software', () => {
    for (const p of [
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe', 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe',
      'C:\\Users\\jdoe\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe', 'C:\\Users\\jdoe\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe',
      'C:\\Program Files\\WindowsApps\\MSTeams_24004.1403.2634.2418_x64__8wekyb3d8bbwe', '/Applications/Slack.app', '/Applications/zoom.us.app',
      'C:\\Windows\\System32\\svchost.exe', 'C:\\Windows\\Temp', 'C:\\Program Files', '/usr/bin', '/opt/google/chrome/chrome', '%APPDATA%', 'C:\\Users\\jdoe\\Downloads\\setup.exe',
    ]) expect(high({ path: p }), p).toEqual([]);
  });
  it('ambiguous names match with low confidence and say why', () => {
    const [m] = matchRemoteAccess({ name: 'Basecamp' });
    expect(m.tool.id).toBe('basecamp');
    expect(m.confidence).toBe('low');
    expect(m.evidence[0].reason).toMatch(/project-management/);
    const g = matchRemoteAccess({ executable: 'g2mcomm.exe' });
    expect(g.length).toBeGreaterThan(0);
    expect(g.every((x) => x.confidence === 'low' && /GoToMeeting/.test(x.evidence[0].reason ?? ''))).toBe(true);
  });
});

describe('hostile input', () => {
  const matcher = remoteAccessMatcher();
  it('odd unicode: invisible characters and full-width letters are normalised, lone surrogates do not throw', () => {
    expect(ids({ name: 'Any\u200bDesk' })).toContain('anydesk');
    expect(ids({ name: 'ＡｎｙＤｅｓｋ' })).toContain('anydesk');
    expect(ids({ executable: 'Any\u202eDesk.exe' })).toContain('anydesk');
    expect(ids({ name: 'Tеam\u0056iewer' })).toEqual([]); // Cyrillic е: not TeamViewer (and not a crash)
    for (const s of ['\ud800', '\udfff\ud800x', 'a\u0000b', '\u0301\u0301\u0301', '𝔄𝔫𝔶𝔇𝔢𝔰𝔨', '\u{10ffff}']) {
      expect(() => matcher.match({ name: s, publisher: s, executable: s, originalFileName: s, path: s, signer: s, domain: s, description: s, product: s, usb: { manufacturer: s, product: s, serial: s, vendorId: s, productId: s } })).not.toThrow();
    }
  });
  it('very long values are refused or matched in linear time', () => {
    const huge = 'a'.repeat(1_000_000);
    const t0 = performance.now();
    expect(matcher.match({ name: huge, publisher: huge, executable: huge, path: huge, signer: huge, domain: huge, product: huge, description: huge })).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(200);
  });
  it('adversarial values just under the length limit stay fast', () => {
    const n = MAX_VALUE - 10;
    const values = [
      'teamviewer'.repeat(Math.floor(n / 10)), 'splashtop'.repeat(Math.floor(n / 9)), 'a*'.repeat(n / 2), '*.'.repeat(n / 2), '/'.repeat(n),
      'c:\\program files\\' + 'anydesk\\'.repeat(Math.floor((n - 20) / 8)), 'x.'.repeat(Math.floor(n / 2)) + 'anydesk.com', ' '.repeat(n) + 'anydesk',
      'screenconnect client ('.repeat(Math.floor(n / 22)), '%appdata%/'.repeat(Math.floor(n / 10)), 'teamviewer '.repeat(Math.floor(n / 11)),
    ];
    for (const v of values) {
      const t0 = performance.now();
      for (let i = 0; i < 20; i++) matcher.match({ name: v, publisher: v, product: v, description: v, executable: v, originalFileName: v, path: v, signer: v, domain: v });
      expect((performance.now() - t0) / 20, v.slice(0, 30)).toBeLessThan(25);
    }
  });
  it('globs are matched without backtracking', () => {
    const g = compileGlob('a*a*a*a*a*a*a*a*b');
    const s = 'a'.repeat(MAX_VALUE);
    const t0 = performance.now();
    expect(globMatch(g, s)).toBe(false);
    expect(globMatch(g, s + 'b')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(20);
    expect(globMatch(compileGlob('%programfiles%/anydesk/*'), '%programfiles%/anydesk/x.exe')).toBe(true);
    expect(globMatch(compileGlob('*/kitty.exe'), '%programfiles%/kitty.exe')).toBe(true);
    expect(globMatch(compileGlob('*/kitty.exe'), 'kitty.exe')).toBe(false);
    expect(globMatch(compileGlob('ab*ba'), 'aba')).toBe(false);
    expect(globMatch(compileGlob('plus*'), 'plus')).toBe(true);
  });
  it('the matcher builds no regular expression from catalog text', async () => {
    const { readFileSync } = await import('node:fs');
    const src = readFileSync(new URL('./matcher.ts', import.meta.url), 'utf8') + readFileSync(new URL('./normalize.ts', import.meta.url), 'utf8');
    expect(src).not.toMatch(/new RegExp|RegExp\(/);
  });
});

describe('normalisation', () => {
  it('paths under any spelling of a Windows folder compare equal', () => {
    expect(pathKey('C:\\Users\\bob\\AppData\\Roaming\\AnyDesk\\ad.trace')).toBe('%appdata%/anydesk/ad.trace');
    expect(pathKey('%APPDATA%\\AnyDesk\\ad.trace')).toBe('%appdata%/anydesk/ad.trace');
    expect(pathKey('D:\\Program Files (x86)\\AnyDesk\\')).toBe('%programfiles(x86)%/anydesk');
    expect(pathKey('%SystemDrive%\\ProgramData\\AnyDesk')).toBe('%programdata%/anydesk');
    expect(pathKey('%ProgramFiles%\\TeamViewer')).toBe('%programfiles%/teamviewer');
    expect(pathKey('/Users/bob/Library/Application Support/x')).toBe('~/library/application support/x');
    expect(pathKey('C:\\Windows\\System32\\mstsc.exe')).toBe('%windir%/system32/mstsc.exe');
  });
  it('hosts lose scheme, port, path and case', () => {
    expect(hostKey('HTTPS://Relay-1.AnyDesk.com:443/path?q')).toBe('relay-1.anydesk.com');
    expect(hostKey('x.screenconnect.com.')).toBe('x.screenconnect.com');
    expect(hostKey('1.2.3.4:80')).toBeUndefined();
    expect(hostKey('[2001:db8::1]:443')).toBeUndefined();
  });
  it('names and organisations', () => {
    expect(nameKey('TeamViewer 15 (x64)')).toBe('teamviewer');
    expect(nameKey('Ultra VNC')).toBe(nameKey('UltraVNC'));
    expect(orgKey('TeamViewer Germany GmbH')).toBe('teamviewergermany');
    expect(orgKey('AnyDesk Software GmbH')).toBe('anydesksoftware');
  });
});

describe('catalog loading', () => {
  it('compiles another catalog (e.g. a user\'s extended copy)', () => {
    const c = readRemoteAccessCatalog();
    const m = compileRemoteAccessCatalog({ ...c, tools: c.tools.filter((t) => t.id === 'anydesk') });
    expect(m.match({ executable: 'AnyDesk.exe' }).map((x) => x.tool.id)).toEqual(['anydesk']);
    expect(m.match({ executable: 'TeamViewer.exe' })).toEqual([]);
  });
});
