// `sleetwatch user add|list|set-role|disable|enable|passwd`: users of the web UI and API (docs/roles.md). Each change
// is written to the audit log with the actor "cli". Passwords come from stdin (--password-stdin) or are generated and
// printed once on stdout.
import type { Config } from '../core/config.ts';
import { isRole, ROLES, type Role } from '../core/roles.ts';
import type { Store } from '../store/types.ts';

const err = (s: string) => process.stderr.write(s + '\n');
const out = (s: string) => process.stdout.write(s);

export class UserCmdError extends Error {
  constructor(
    message: string,
    readonly usage = true,
  ) {
    super(message);
  }
}

export function roleOption(v: unknown, cmd: string): Role {
  if (v === undefined) throw new UserCmdError(`${cmd} needs --role ROLE (one of ${ROLES.join(', ')}; docs/roles.md says what each may do)`);
  if (!isRole(v)) throw new UserCmdError(`--role must be one of ${ROLES.join(', ')}, got '${String(v).slice(0, 50)}'`);
  return v;
}

/** All of stdin as one password (the trailing newline of `echo` or a file is dropped). */
export async function readPasswordStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) {
    chunks.push(c as Buffer);
    if (chunks.reduce((n, b) => n + b.length, 0) > 4096) throw new UserCmdError('--password-stdin: more than 4096 bytes on stdin');
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function service(store: Store, config: Config) {
  const { AuthService } = await import('../app/auth.ts');
  return new AuthService(store, config.auth);
}

async function findUser(store: Store, config: Config, name: string) {
  const auth = await service(store, config);
  const u = await auth.findUser(name);
  if (!u) throw new UserCmdError(`no user '${name.slice(0, 64)}' (sleetwatch user list)`, false);
  return { auth, user: u };
}

async function wrap<T>(fn: () => Promise<T>): Promise<T> {
  const { AuthError } = await import('../app/auth.ts');
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AuthError) throw new UserCmdError(e.message, e.statusCode === 400);
    throw e;
  }
}

export async function userAdd(store: Store, config: Config, name: string, role: Role, password: string | undefined): Promise<void> {
  const auth = await service(store, config);
  const r = await wrap(() => auth.createUser({ username: name, role, password }, 'cli'));
  if (r.password) {
    out(r.password + '\n');
    err(`created user '${r.user.username}' (${r.user.role}); the password above is shown only now.`);
  } else err(`created user '${r.user.username}' (${r.user.role}).`);
}

export async function userList(store: Store): Promise<void> {
  const users = await store.auth().listUsers();
  if (users.length === 0) {
    err('no users (sleetwatch user add NAME --role ROLE)');
    return;
  }
  const rows = [['id', 'username', 'role', 'sign-in', 'disabled', 'created'], ...users.map((u) => [u.id, u.username, u.role, u.oidcSubject ? 'oidc' : 'password', u.disabled ? 'yes' : '-', u.createdAt])];
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  out(rows.map((r) => r.map((c, i) => c.padEnd(w[i])).join('  ').trimEnd()).join('\n') + '\n');
}

export async function userUpdate(store: Store, config: Config, name: string, patch: { role?: Role; disabled?: boolean; password?: string }): Promise<string | undefined> {
  const { auth, user } = await findUser(store, config, name);
  const generated = patch.password === '' ? (await import('../app/auth.ts')).generatePassword() : undefined;
  const u = await wrap(() => auth.updateUser(user.id, { ...patch, ...(generated ? { password: generated } : {}) }, 'cli'));
  err(`user '${u.username}': role ${u.role}${u.disabled ? ', disabled' : ''}${patch.password !== undefined ? ', password changed' : ''} (their sessions ${patch.role || patch.disabled || patch.password !== undefined ? 'ended' : 'go on'})`);
  return generated;
}

/** `sleetwatch demo`: a user `admin` with a fresh random password (created, or reset and re-enabled as admin). */
export async function resetDemoAdmin(store: Store, config: Config): Promise<string> {
  const auth = await service(store, config);
  const { generatePassword } = await import('../app/auth.ts');
  const password = generatePassword();
  const u = await auth.findUser('admin');
  if (u) await auth.updateUser(u.id, { role: 'admin', disabled: false, password }, 'demo');
  else await auth.createUser({ username: 'admin', role: 'admin', password }, 'demo');
  return password;
}
