// Which osquery table a result row comes from, decided by its columns (query names are chosen by whoever wrote the
// schedule: `pack_it_programs`, `installed_software`...), and the row → event facts of each table we use. Pure.
// Column names: the osquery table specs (https://osquery.io/schema, github.com/osquery/osquery specs/*.table).

/** Tables this format turns into events. */
export type Table =
  | 'programs'
  | 'apps'
  | 'deb_packages'
  | 'rpm_packages'
  | 'chrome_extensions'
  | 'processes'
  | 'process_open_sockets'
  | 'usb_devices'
  | 'system_info';

export type Row = Record<string, unknown>;

const has = (r: Row, k: string): boolean => r[k] !== undefined;

/** Every column of each table (osquery 5.x specs), for the query-name hint: a row may only hold these. */
const SCHEMA: Record<Table, ReadonlySet<string>> = {
  programs: new Set([
    'name', 'version', 'install_location', 'install_source', 'language', 'publisher', 'uninstall_string', 'install_date',
    'identifying_number', 'package_family_name', 'upgrade_code',
  ]),
  apps: new Set([
    'name', 'path', 'bundle_executable', 'bundle_identifier', 'bundle_name', 'bundle_short_version', 'bundle_version',
    'bundle_package_type', 'environment', 'element', 'compiler', 'development_region', 'display_name', 'info_string',
    'minimum_system_version', 'category', 'applescript_enabled', 'copyright', 'last_opened_time',
  ]),
  deb_packages: new Set([
    'name', 'version', 'source', 'size', 'arch', 'revision', 'status', 'maintainer', 'section', 'priority', 'admindir',
    'pid_with_namespace', 'mount_namespace_id',
  ]),
  rpm_packages: new Set([
    'name', 'version', 'release', 'source', 'size', 'sha1', 'arch', 'epoch', 'install_time', 'vendor', 'package_group',
    'pid_with_namespace', 'mount_namespace_id',
  ]),
  chrome_extensions: new Set([
    'browser_type', 'uid', 'name', 'profile', 'profile_path', 'referenced_identifier', 'identifier', 'version',
    'description', 'default_locale', 'current_locale', 'locale', 'update_url', 'author', 'persistent', 'path',
    'permissions', 'permissions_json', 'optional_permissions', 'optional_permissions_json', 'manifest_hash',
    'referenced', 'from_webstore', 'state', 'install_time', 'install_timestamp', 'manifest_json', 'key',
  ]),
  processes: new Set([
    'pid', 'name', 'path', 'cmdline', 'state', 'cwd', 'root', 'uid', 'gid', 'euid', 'egid', 'suid', 'sgid', 'on_disk',
    'wired_size', 'resident_size', 'total_size', 'user_time', 'system_time', 'disk_bytes_read', 'disk_bytes_written',
    'start_time', 'parent', 'pgroup', 'threads', 'nice', 'elevated_token', 'secure_process', 'protection_type',
    'virtual_process', 'elapsed_time', 'handle_count', 'percent_processor_time', 'upid', 'uppid', 'cpu_type',
    'cpu_subtype', 'translated', 'cgroup_path', 'phys_footprint',
  ]),
  process_open_sockets: new Set([
    'pid', 'fd', 'socket', 'family', 'protocol', 'local_address', 'remote_address', 'local_port', 'remote_port', 'path',
    'state', 'net_namespace',
  ]),
  usb_devices: new Set([
    'usb_address', 'usb_port', 'vendor', 'vendor_id', 'version', 'model', 'model_id', 'serial', 'class', 'subclass',
    'protocol', 'removable',
  ]),
  system_info: new Set([
    'hostname', 'uuid', 'cpu_type', 'cpu_subtype', 'cpu_brand', 'cpu_physical_cores', 'cpu_logical_cores',
    'cpu_sockets', 'cpu_microcode', 'physical_memory', 'hardware_vendor', 'hardware_model', 'hardware_version',
    'hardware_serial', 'board_vendor', 'board_model', 'board_version', 'board_serial', 'computer_name',
    'local_hostname', 'emulated_cpu_type',
  ]),
};

/** What a query name may contain to hint at a table, most specific first. */
const HINTS: readonly [string, Table][] = [
  ['process_open_sockets', 'process_open_sockets'],
  ['open_sockets', 'process_open_sockets'],
  ['chrome_extensions', 'chrome_extensions'],
  ['deb_packages', 'deb_packages'],
  ['rpm_packages', 'rpm_packages'],
  ['usb_devices', 'usb_devices'],
  ['system_info', 'system_info'],
  ['processes', 'processes'],
  ['programs', 'programs'],
  ['apps', 'apps'],
];

/** A column a row must hold for the hint to apply (the fact the event is about). */
const HINT_NEEDS: Record<Table, readonly string[]> = {
  programs: ['name'],
  apps: ['name', 'bundle_name', 'display_name'],
  deb_packages: ['name'],
  rpm_packages: ['name'],
  chrome_extensions: ['name'],
  processes: ['name', 'path'],
  process_open_sockets: ['remote_address'],
  usb_devices: ['vendor_id', 'model_id', 'vendor', 'model'],
  system_info: ['hostname', 'uuid', 'hardware_serial', 'computer_name'],
};

/** Columns of other browsers' extension tables (firefox_addons, safari_extensions, opera shares Chrome's). */
const NOT_CHROME = ['creator', 'source_url', 'developer_id', 'sdk', 'bundle_version', 'extension_type', 'bundle_identifier'];
/** Columns of tables that join processes but are about something else (logged_in_users, last, listening_ports). */
const NOT_PROCESS = ['tty', 'host', 'user', 'remote_address', 'local_address', 'port', 'address', 'socket'];

function anyOf(r: Row, keys: readonly string[]): boolean {
  for (const k of keys) if (r[k] !== undefined) return true;
  return false;
}

/** By the columns alone: each table's distinctive columns (a row of a join may hold more). */
function byColumns(r: Row): Table | undefined {
  if (has(r, 'remote_address') && has(r, 'remote_port') && (has(r, 'pid') || has(r, 'local_address'))) return 'process_open_sockets';
  if (has(r, 'vendor_id') && has(r, 'model_id') && !anyOf(r, ['pci_slot', 'pci_class', 'driver', 'subsystem_vendor_id'])) return 'usb_devices';
  if (
    (has(r, 'uuid') || has(r, 'hostname')) &&
    anyOf(r, ['hardware_serial', 'hardware_model', 'hardware_vendor', 'computer_name', 'cpu_brand', 'local_hostname', 'board_serial'])
  )
    return 'system_info';
  if (has(r, 'identifier') && has(r, 'name') && !anyOf(r, NOT_CHROME)) return 'chrome_extensions';
  if (has(r, 'bundle_identifier') && anyOf(r, ['name', 'bundle_name', 'display_name']) && anyOf(r, ['path', 'bundle_executable', 'bundle_short_version', 'bundle_version']))
    return 'apps';
  if (has(r, 'name') && has(r, 'version')) {
    if (has(r, 'release') && anyOf(r, ['arch', 'sha1', 'package_group', 'install_time', 'vendor'])) return 'rpm_packages';
    if (anyOf(r, ['maintainer', 'admindir', 'priority', 'section']) || (has(r, 'arch') && has(r, 'revision'))) return 'deb_packages';
  }
  if (has(r, 'name') && !has(r, 'bundle_identifier') && (anyOf(r, ['install_location', 'install_source', 'uninstall_string', 'identifying_number']) || (has(r, 'publisher') && has(r, 'install_date'))))
    return 'programs';
  if (has(r, 'pid') && has(r, 'name') && anyOf(r, ['path', 'cmdline']) && !anyOf(r, NOT_PROCESS)) return 'processes';
  return undefined;
}

/** By the query name, when every column of the row belongs to the table it names (`SELECT name, version FROM programs`). */
function byHint(r: Row, queryName: string): Table | undefined {
  const q = queryName.length > 256 ? queryName.slice(0, 256).toLowerCase() : queryName.toLowerCase();
  for (const [word, table] of HINTS) {
    if (!q.includes(word)) continue;
    const schema = SCHEMA[table];
    if (!anyOf(r, HINT_NEEDS[table])) return undefined;
    for (const k in r) if (!schema.has(k)) return undefined;
    return table;
  }
  return undefined;
}

/** The table a row comes from, or undefined when it is none we use. */
export function tableOf(r: Row, queryName: string): Table | undefined {
  return byColumns(r) ?? byHint(r, queryName);
}
