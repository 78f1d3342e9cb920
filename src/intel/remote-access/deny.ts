// Ambiguous keys: catalog values that would match ordinary software. DENIED keys are never matched; WEAK keys
// match with confidence 'low' and the reason, so a finding can say the identification is uncertain. The
// catalog keeps every value its sources gave (data/remote-access/catalog.json); this file decides which of them
// are usable. Every entry says why. Compared after normalisation (normalize.ts): nameKey for names, orgKey for
// organisations, exeKey for file names, lower-case host names for domains.

/**
 * Names (compact nameKey) that are words, protocols, other products or generic PE descriptions. Some are what a
 * source put in a PE description ("Splash Window" for AnyViewer, "Endpoint Agent" for Action1).
 */
export const DENIED_NAMES: ReadonlySet<string> = new Set([
  'remote', 'desktop', 'remotedesktop', 'remoteaccess', 'remotesupport', 'remotecontrol', 'remotedesktopconnection', 'rdp', 'ssh', 'vpn',
  'chrome', 'googlechrome', 'microsoftedge', 'firefox', 'webex', 'ciscowebex', 'webexmeetings', 'zoom', 'zoomus', 'teams', 'microsoftteams', 'slack',
  'skype', 'discord', 'gotomeeting', 'visualstudiocode', 'vscode', 'java', 'python', 'node', 'nodejs', 'powershell', 'windows', 'microsoft',
  'agent', 'client', 'server', 'service', 'connect', 'setup', 'installer', 'install', 'update', 'updater', 'helper', 'launcher', 'host',
  'viewer', 'console', 'app', 'application', 'tray', 'monitor', 'splashwindow', 'endpointagent', 'screancapture', 'screencapture',
  'downloader', 'support', 'supporttool', 'core', 'main', 'systray', 'uninstaller', 'uninstall',
]);

/** Names whose product is mainstream software that a source lists for a remote-access feature: low confidence. */
export const WEAK_NAMES: ReadonlyMap<string, string> = new Map([
  ['basecamp', 'Basecamp is a project-management product; LOLRMM lists it without any remote-access indicator'],
  ['adobeconnect', 'Adobe Connect is a web-conferencing product (its remote-control feature is what LOLRMM lists)'],
  ['insomnia', 'Insomnia is also Kong\'s API client'],
  ['qq', 'QQ is a messenger; its remote-assistance feature is what the sources list'],
  ['awake', 'a word; PowerToys Awake is meant'],
  ['hola', 'a word; Hola VPN is meant'],
  ['synergy', 'a common word in product names'],
  ['level', 'a word; Level.io is meant'],
  ['vnc', 'a protocol implemented by many products'],
  ['mstsc', 'built into Windows'],
  ['terminals', 'a word'],
]);

/** Single-word names that must match exactly, never as the first word of a longer name ("Level Up", "Barracuda Backup"). */
export const NO_PREFIX_NAMES: ReadonlySet<string> = new Set([
  'level', 'levelio', 'basecamp', 'synergy', 'terminals', 'centurion', 'fortra', 'barracuda', 'awake', 'hola', 'caffeine', 'insomnia', 'lungo',
  'jiggler', 'duet', 'insync', 'parsec', 'psiphon', 'kabuto', 'encapto', 'remotely', 'tanium', 'rapid7', 'absolute', 'connectwise', 'manageengine',
  'ivanti', 'kitty', 'adobeconnect', 'senso', 'pcnow', 'terminals', 'psexec', 'absolute', 'insomnia',
]);

/**
 * Organisations (orgKey) that publish or sign much ordinary software, or appear in a source by mistake (an
 * installer packer, a bundled library's author, a random sample's signer).
 */
export const DENIED_ORGS: ReadonlySet<string> = new Set([
  'microsoft', 'microsoftwindows', 'microsoftwindowspublisher', 'google', 'googlellc', 'apple', 'amazon', 'amazoncom', 'amazonwebservices',
  'mozilla', 'oracle', 'adobe', 'adobesystems', 'intel', 'nvidia', 'amd', 'dell', 'hp', 'hewlettpackard', 'lenovo', 'cisco', 'cisco systems',
  'zoomvideocommunications', 'slacktechnologies', 'salesforce', 'github', 'docker', 'jetbrains', 'python software foundation',
  'winrar', 'alexanderroshal', 'unitytechnologies', 'unitytechnologiessf', 'unitytechnologiesaps', 'oculusvr', 'simontatham', 'martinprikryl',
  'christopherwest', 'globalsigningdig', 'codesigningmico', 'theanticloud', 'gametop', 'sectigo', 'digicert', 'globalsign', 'verisign',
  'thawte', 'comodo ca', 'openjsfoundation', 'nodejs', 'electron', 'nsis', 'installshield', 'flexera', 'flexerasoftware', 'advancedinstaller',
  'caphyon', 'innosetup', 'jrsoftware', '7zip', 'igorpavlov', 'proton', 'protonag',
]);

/** Organisations (by first word) that publish many non-remote-access products: Tencent (WeChat), AOMEI (Backupper), Zoho, NCH. */
export const DENIED_ORG_FIRST_WORDS: ReadonlySet<string> = new Set(['tencent', 'aomei', 'zoho', 'nch', 'microsoft', 'google', 'apple', 'adobe', 'oracle']);

/**
 * Words too generic to tie an organisation key to a tool (used when one organisation is listed for several
 * tools: it is kept for a tool only if one of its other words appears in that tool's names, files or domains).
 */
export const ORG_FILLER_WORDS: ReadonlySet<string> = new Set([
  'software', 'technologies', 'technology', 'systems', 'system', 'solutions', 'solution', 'networks', 'network', 'remote', 'online', 'group',
  'international', 'services', 'service', 'labs', 'lab', 'holdings', 'global', 'private', 'public', 'the', 'and', 'for', 'usa', 'us', 'uk',
  'germany', 'europe', 'information', 'security', 'digital', 'data', 'computer', 'computers', 'development', 'products', 'enterprises',
]);

/**
 * File names (exeKey) of operating-system processes, runtimes, browsers, collaboration apps and generic
 * installer/agent names some sources list (LOLRMM lists "connect.exe", "agent.exe", "setup.exe", "dwm.exe"...).
 */
export const DENIED_EXECUTABLES: ReadonlySet<string> = new Set([
  'svchost.exe', 'explorer.exe', 'dwm.exe', 'csrss.exe', 'lsass.exe', 'services.exe', 'winlogon.exe', 'wininit.exe', 'smss.exe', 'spoolsv.exe',
  'taskhostw.exe', 'taskhost.exe', 'sihost.exe', 'ctfmon.exe', 'conhost.exe', 'dllhost.exe', 'rundll32.exe', 'regsvr32.exe', 'msiexec.exe',
  'cmd.exe', 'powershell.exe', 'pwsh.exe', 'wscript.exe', 'cscript.exe', 'mshta.exe', 'runtimebroker.exe', 'searchindexer.exe', 'system',
  'java.exe', 'javaw.exe', 'python.exe', 'pythonw.exe', 'python3.exe', 'node.exe', 'chrome.exe', 'msedge.exe', 'firefox.exe', 'iexplore.exe',
  'teams.exe', 'ms-teams.exe', 'slack.exe', 'zoom.exe', 'code.exe', 'skype.exe', 'outlook.exe', 'winword.exe', 'excel.exe', 'onedrive.exe',
  'ssh.exe', 'sshd.exe', 'ssh', 'sshd', 'bash', 'sh', 'zsh', 'python', 'python3', 'node', 'java', 'perl', 'ruby', 'dd', 'dd.exe', 'sudo',
  'setup.exe', 'install.exe', 'installer.exe', 'update.exe', 'updater.exe', 'upload.exe', 'uninstall.exe', 'uninst.exe', 'agent.exe',
  'agent32.exe', 'agent64.exe', 'agentu.exe', 'client.exe', 'client32.exe.bak', 'server.exe', 'service.exe', 'launcher.exe', 'helper.exe',
  'connect.exe', 'rdp.exe', 'app.exe', 'main.exe', 'host.exe', 'viewer.exe', 'tray.exe', 'si.exe', 'rd.exe', 'rv.exe', 'clm.exe', 'vhost.exe',
  'wmc.exe', 'iit.exe', 'cbb.exe', 'amon.exe', 'bbl.exe', 'era.exe', 'goto.exe', '7zip.exe', '7z.exe', 'installshield setup.exe',
  'installcore.exe', 'update-shim.exe', 'serviceconfig.xml', 'conf.json', 'winpty-agent.exe', 'winpty-agent64.exe', 'googlemeet.msi',
  'msi8c70.tmp', 'agent_setup_5.exe', 'agentinstaller.dll', 'cpuchk.exe', 'prep64.exe', 'setup-x64.exe', 'supporttool.exe', 'statementview.msi',
  'instup.exe', 'agent', 'client', 'server', 'service', 'update', 'updater', 'launcher', 'helper', 'setup', 'install', 'installer', 'uninstall',
  'mstsc', 'plink', 'level', 'tmate-ready', 'tmate.bashrc',
]);

/** File names that belong to a listed tool but also to mainstream software: low confidence. */
export const WEAK_EXECUTABLES: ReadonlyMap<string, string> = new Map([
  ['g2m.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mcomm.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mui.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mchat.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mstart.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mlauncher.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['g2mcodecinstextractor.exe', 'GoToMeeting (conferencing) uses the same component'],
  ['insomnia.exe', 'also Kong\'s Insomnia API client'],
  ['qq.exe', 'the QQ messenger itself'],
  ['mstsc.exe', 'built into Windows: running it means an outgoing RDP session, not remote control of this machine'],
  ['quickassist.exe', 'built into Windows 10/11'],
  ['termsrv.exe', 'built into Windows'],
  ['putty.exe', 'an ordinary SSH client for engineers'],
  ['winscp.exe', 'an ordinary SFTP client for engineers'],
  ['mobaxterm.exe', 'an ordinary terminal for engineers'],
  ['duet.exe', 'a generic word'],
  ['nvda.exe', 'a screen reader (accessibility software)'],
  ['rdcman.exe', 'an ordinary RDP manager for administrators'],
  ['caffeine.exe', 'a generic word'],
  ['osqueryi.exe', 'osquery\'s interactive shell (Level bundles it; so do other fleet tools)'],
  ['osqueryd.exe', 'osquery (many fleet-management tools ship it)'],
]);

/**
 * Shared hosting platforms: their sub-domains belong to any customer. The platform itself and "*." the platform
 * are denied; a named host under it stays ("gorelo-rmm.azurewebsites.net", "pdqinstallers.*.r2.cloudflarestorage.com"
 * name one customer). Hosts every customer shares are in DENIED_DOMAINS ("objects.githubusercontent.com").
 */
export const SHARED_HOSTING_SUFFIXES: ReadonlySet<string> = new Set([
  'githubusercontent.com', 'github.io', 'amazonaws.com', 'cloudfront.net', 'azurewebsites.net', 'azureedge.net', 'cloudapp.net', 'cloudapp.azure.com',
  'blob.core.windows.net', 'web.core.windows.net', 'trafficmanager.net', 'r2.cloudflarestorage.com', 'cloudflarestorage.com', 'r2.dev', 'workers.dev',
  'pages.dev', 'herokuapp.com', 'appspot.com', 'firebaseio.com', 'web.app', 'firebaseapp.com', 'digitaloceanspaces.com', 'b-cdn.net', 'akamaized.net',
  'akamaiedge.net', 'akamai.net', 'edgekey.net', 'edgesuite.net', 'fastly.net', 'fastlylb.net', 'netlify.app', 'vercel.app', 'onrender.com',
  'storage.googleapis.com', 'googleusercontent.com', 'ddns.net', 'no-ip.com', 'no-ip.org', 'duckdns.org', 'dyndns.org', 'sharepoint.com',
]);

/**
 * Domains of ordinary services: a catalog pattern naming exactly one of these, or "*." one of these, is denied
 * (a more specific host under it stays: "remotedesktop.google.com" is Chrome Remote Desktop's).
 */
export const DENIED_DOMAINS: ReadonlySet<string> = new Set([
  'google.com', 'googleapis.com', 'gstatic.com', 'microsoft.com', 'microsoftonline.com', 'live.com', 'office.com', 'office365.com', 'windows.net',
  'azure.com', 'msftncsi.com', 'windowsupdate.com', 'amazon.com', 'cloudflare.com', 'cloudflare.net', 'github.com', 'gitlab.com', 'bitbucket.org',
  'sourceforge.net', 'apple.com', 'icloud.com', 'mzstatic.com', 'dropbox.com', 'jsdelivr.net', 'zoom.us', 'slack.com', 'webex.com',
  'teams.microsoft.com', 'skype.com', 'facebook.com', 'mozilla.org', 'mozilla.net', 'downloads.io', 'download.io', 'localhost', 'example.com',
  'npmjs.org', 'npmjs.com', 'pypi.org', 'docker.com', 'docker.io',
  // hosts every customer of a platform shares
  'raw.githubusercontent.com', 'objects.githubusercontent.com', 'codeload.github.com', 'api.github.com', 's3.amazonaws.com',
  'cognito-idp.us-west-2.amazonaws.com', 'cognito-idp.us-east-1.amazonaws.com', 'cognito-idp.eu-west-1.amazonaws.com', 'storage.googleapis.com',
]);

/** Domains of a listed product that are also its mainstream service: low confidence. */
export const WEAK_DOMAINS: ReadonlyMap<string, string> = new Map([
  ['basecamp.com', 'Basecamp\'s project-management service'],
  ['adobeconnect.com', 'Adobe Connect web conferencing'],
  ['goto.com', 'GoTo\'s corporate site (GoToMeeting, GoTo Connect...)'],
  ['qq.com', 'the QQ messenger'],
  ['faronics.com', 'the vendor\'s web site'],
  ['www.faronics.com', 'the vendor\'s web site'],
  ['docs.faronics.com', 'the vendor\'s documentation'],
  ['support.faronics.com', 'the vendor\'s support site'],
]);

/** Registrable-domain suffixes: a pattern must name at least one label more ("*.co.uk" is no pattern). */
export const PUBLIC_SUFFIXES: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'io', 'co', 'me', 'us', 'uk', 'ru', 'cn', 'de', 'fr', 'jp', 'kr', 'in', 'it', 'es', 'nl', 'eu', 'info', 'biz', 'app',
  'dev', 'cloud', 'ai', 'tv', 'cc', 'ws', 'to', 'xyz', 'site', 'online', 'ca', 'au', 'br', 'ch', 'se', 'pl', 'tr', 'by', 'ua', 'management',
  'co.uk', 'org.uk', 'ac.uk', 'com.au', 'net.au', 'org.au', 'com.cn', 'net.cn', 'com.br', 'co.jp', 'co.kr', 'com.tr', 'co.in', 'com.ru',
]);

/** Path segments too generic to anchor a path pattern ("bin", "temp", "google"): the pattern is found by a more specific segment. */
export const GENERIC_PATH_SEGMENTS: ReadonlySet<string> = new Set([
  'bin', 'sbin', 'lib', 'lib64', 'etc', 'var', 'opt', 'usr', 'local', 'share', 'tmp', 'temp', 'users', 'user', 'home', 'appdata', 'roaming',
  'windows', 'system32', 'syswow64', 'program files', 'program files (x86)', 'programdata', 'common files', 'applications', 'library',
  'application support', 'launchagents', 'launchdaemons', 'contents', 'macos', 'resources', 'systemd', 'system', 'init.d', 'google',
  'microsoft', 'apple', 'downloads', 'desktop', 'documents', 'agent', 'client', 'server', 'service', 'services', 'x64', 'x86', 'current',
  'app', 'data', 'logs', 'log', 'config', 'plugins', 'tools', 'drivers', 'cache', 'update', 'updates', 'setup', 'install', 'installer',
  'c:', 'vpn', 'remote', 'support', 'help', '.config', '.local',
]);

/**
 * Splunk file-info globs that name a generic phrase or a publisher of many other products (Tencent's WeChat
 * would be "QQ remote assistance", NCH's WavePad "DesktopNow", AOMEI Backupper "AnyViewer").
 */
export const DENIED_FILEINFO: ReadonlySet<string> = new Set([
  'rmm*', 'remote monitoring*', 'remote control service', 'help manager program', 'ferramenta de acesso remoto', 'zoho*', 'tencent*',
  'nch software*', 'aomei*', 'barracuda networks',
]);

/** File-info globs of a vendor whose other products are not remote access: low confidence. */
export const WEAK_FILEINFO: ReadonlyMap<string, string> = new Map([
  ['connectwise*', 'ConnectWise also publishes PSA and other products'],
  ['datto*', 'Datto also publishes backup agents'],
  ['kaseya*', 'Kaseya also publishes other products'],
]);
