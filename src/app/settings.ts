// Settings changed from the web UI (GET/PUT /api/settings): a stored overlay (migration 013) merged over the file's
// config, validated exactly as the file is (parseConfig: strict keys, detector ids and params), applied by
// effectiveConfig (./respond.ts) so the pipeline rebuilds with it like it does for suppressions, and audited
// (`settings.update` with the changed keys, never values: a value may be a secret's neighbour).
import type { Config } from '../core/config.ts';
import type { Store, StoredSettings } from '../store/types.ts';
import { parseConfig } from './config-file.ts';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Largest overlay accepted (bytes of JSON): a settings document, not a data upload. */
export const SETTINGS_MAX_BYTES = 256 * 1024;

/** Objects merge key by key; anything else (arrays included) in the overlay replaces the base's value. */
export function mergeOverlay(base: unknown, overlay: unknown): unknown {
  if (!isObject(base) || !isObject(overlay)) return overlay === undefined ? base : overlay;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(overlay)) out[k] = mergeOverlay(base[k], v);
  return out;
}

/** The file's config with the stored overlay over it; throws a ConfigError naming each problem. */
export function withOverlay(config: Config, overlay: Record<string, unknown>): Config {
  if (Object.keys(overlay).length === 0) return config;
  return parseConfig(mergeOverlay(config, overlay), 'settings (PUT /api/settings)');
}

/**
 * Dotted paths of leaves whose value differs between two documents (arrays compared whole; an absent object counts as
 * an empty one, so a new detector entry lists its own keys), sorted.
 */
export function changedKeys(a: unknown, b: unknown, prefix = ''): string[] {
  if ((isObject(a) || isObject(b)) && (isObject(a) || a === undefined) && (isObject(b) || b === undefined)) {
    const x = isObject(a) ? a : {};
    const y = isObject(b) ? b : {};
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
    return keys.flatMap((k) => changedKeys(x[k], y[k], prefix ? `${prefix}.${k}` : k));
  }
  return JSON.stringify(a) === JSON.stringify(b) ? [] : [prefix || '(root)'];
}

/**
 * Key names whose values are secrets. The config keeps secrets in the environment (it names variables: `…Env` keys,
 * which are not secret), so this is defence in depth for connector settings added later.
 */
const SECRET_KEY = /(secret|password|passwd|token|credential|apikey|api_key|privatekey|private_key)$/i;
const MASK = '********';

/** A copy without secrets: secret-named keys masked, URLs without user info and query. */
export function redactSecrets(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redactSecrets);
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = SECRET_KEY.test(k) && !/Env$/.test(k) && x !== undefined && x !== null ? MASK : redactSecrets(x);
    return out;
  }
  if (typeof v === 'string' && /^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
    try {
      const u = new URL(v);
      if (u.username || u.password || u.search) {
        u.username = u.username ? MASK : '';
        u.password = '';
        u.search = u.search ? `?${MASK}` : '';
        return u.toString();
      }
    } catch {
      return v;
    }
  }
  return v;
}

/** Where the view finds the connectors and the outbound allow-list (config keys other parts of issue 11 add). */
export const CONNECTORS_PATH = ['connectors'];
export const OUTBOUND_PATHS = [['outbound', 'allow']];

const at = (o: unknown, path: readonly string[]): unknown => path.reduce<unknown>((x, k) => (isObject(x) ? x[k] : undefined), o);

export interface SettingsView {
  /** The concurrency token: send it back as `version` in PUT (a stale one is a 409). */
  version: number;
  updatedAt?: string;
  updatedBy?: string;
  /** The effective config (file + overlay), without secrets. Suppressions and calibration of cases are not in it. */
  config: unknown;
  /** What the stored overlay changes, as stored (without secrets). */
  overlay: unknown;
  /** Containment connectors as configured, without secrets ({} when none is configured). */
  connectors: unknown;
  /** The one outbound allow-list (config outbound.allow): every target of connectors, webhooks, SMTP and syslog. */
  outboundAllowList: string[];
}

export type SettingsUpdate =
  | { ok: true; view: SettingsView; changed: string[] }
  | { ok: false; code: 'conflict'; view: SettingsView }
  | { ok: false; code: 'invalid'; message: string };

export class SettingsService {
  constructor(
    private readonly store: Store,
    /** The file's config (before the overlay). */
    private readonly fileConfig: Config,
    private readonly hooks: { onChanged?: () => Promise<void>; now?: () => number } = {},
  ) {}

  private viewOf(s: StoredSettings, effective: Config): SettingsView {
    const outbound = OUTBOUND_PATHS.flatMap((p) => {
      const v = at(effective, p);
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
    });
    return {
      version: s.version,
      ...(s.updatedAt !== undefined ? { updatedAt: s.updatedAt } : {}),
      ...(s.updatedBy !== undefined ? { updatedBy: s.updatedBy } : {}),
      config: redactSecrets(effective),
      overlay: redactSecrets(s.overlay),
      connectors: redactSecrets(at(effective, CONNECTORS_PATH) ?? {}),
      outboundAllowList: outbound,
    };
  }

  async get(): Promise<SettingsView> {
    const s = await this.store.getSettings();
    return this.viewOf(s, withOverlay(this.fileConfig, s.overlay));
  }

  /**
   * Replace the overlay when `version` is the stored one. The overlay must be a partial config that, merged over the
   * file's, validates; the audit row lists the effective keys it changes.
   */
  async update(overlay: unknown, version: number, actor: string): Promise<SettingsUpdate> {
    if (!isObject(overlay)) return { ok: false, code: 'invalid', message: 'the overlay must be a JSON object (a partial config)' };
    if (JSON.stringify(overlay).length > SETTINGS_MAX_BYTES) return { ok: false, code: 'invalid', message: `the overlay is larger than ${SETTINGS_MAX_BYTES} bytes` };
    let next: Config;
    try {
      next = withOverlay(this.fileConfig, overlay);
    } catch (e) {
      return { ok: false, code: 'invalid', message: (e as Error).message };
    }
    const current = await this.store.getSettings();
    const before = withOverlay(this.fileConfig, current.overlay);
    const changed = changedKeys(before, next);
    const now = this.hooks.now?.() ?? Date.now();
    const out = await this.store.putSettings(overlay, version, {
      actor,
      now,
      audit: { action: 'settings.update', subject: 'settings', detail: { fromVersion: version, toVersion: version + 1, changed } },
    });
    if (!out.ok) return { ok: false, code: 'conflict', view: this.viewOf(out.settings, withOverlay(this.fileConfig, out.settings.overlay)) };
    if (changed.length > 0) await this.hooks.onChanged?.();
    return { ok: true, view: this.viewOf(out.settings, next), changed };
  }
}
