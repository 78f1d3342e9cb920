// The deliverer: after commits, it claims due outbox rows (with a lease), sends each to its channel and marks it
// delivered, or failed with a retry time (exponential backoff with jitter), or given up after maxAttempts. Ingestion
// never waits for it: alerts only write rows. A process that dies mid-send leaves its lease to run out, and the row
// is sent again with the same id (at-least-once; receivers drop repeats by the Idempotency-Key header).
// It also queues `sla.breached` for open cases past their state's due time, once per state entry.
import type { Config } from '../../core/config.ts';
import type { Channel, DeliveryConfig } from '../../core/notify-config.ts';
import { NotifyEvent, slaEvent, wants } from '../../core/notify.ts';
import { slaOf } from '../../core/respond.ts';
import type { Store } from '../../store/types.ts';
import { send as sendTo, type SendContext, type SendResult } from './channels.ts';
import { enqueueNotifications } from './enqueue.ts';
import { parseAllowList, type AllowRule, type Resolver } from '../outbound.ts';
import { pseudonymiser, type Pseudonymise } from './pseudonym.ts';

export interface DeliverStats {
  claimed: number;
  delivered: number;
  retried: number;
  dead: number;
}

export interface DelivererOptions {
  /** Resolves allow-listed host names (default: the system resolver); the allow-list itself is config outbound.allow. */
  resolve?: Resolver;
  env?: Record<string, string | undefined>;
  now?: () => number;
  random?: () => number;
  pseudonym?: Pseudonymise;
  /** Replaces the real sender (tests of the retry logic); the real one is ./channels.ts send. */
  send?: (ch: Channel, id: string, e: NotifyEvent, ctx: SendContext) => Promise<SendResult>;
  log?: (line: string) => void;
  /** The product version CEF headers name (the syslog channel). */
  version?: string;
}

/** Delay before attempt n+1 after n failed attempts: base·2^(n−1), capped, ±20 % jitter. */
export function backoffMs(attempts: number, d: Pick<DeliveryConfig, 'baseDelayMs' | 'maxDelayMs'>, random = Math.random): number {
  const raw = Math.min(d.maxDelayMs, d.baseDelayMs * 2 ** Math.min(30, Math.max(0, attempts - 1)));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export class Deliverer {
  private readonly allow: readonly AllowRule[];
  private readonly env: Record<string, string | undefined>;
  private readonly now: () => number;
  private pseudonym: Pseudonymise | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly opts: DelivererOptions = {},
  ) {
    const n = config.notifications;
    this.allow = parseAllowList(config.outbound.allow);
    this.env = opts.env ?? process.env;
    this.now = opts.now ?? Date.now;
    this.pseudonym = opts.pseudonym ?? (this.env[n.pseudonymKeyEnv] ? pseudonymiser(this.env[n.pseudonymKeyEnv]) : undefined);
  }

  /** The store's pseudonym key (the one the web UI and the API use) unless the environment overrides it. */
  private async pseudonyms(): Promise<Pseudonymise> {
    this.pseudonym ??= pseudonymiser(Buffer.from(await this.store.auth().secret('pseudonym'), 'hex'));
    return this.pseudonym;
  }

  /** One round: claim due rows, send, mark. Rounds never overlap in one process. */
  runOnce(): Promise<DeliverStats> {
    const run = this.running.then(() => this.round());
    this.running = run.catch(() => undefined);
    return run;
  }

  private async round(): Promise<DeliverStats> {
    const d = this.config.notifications.delivery;
    const stats: DeliverStats = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
    const rows = await this.store.outbox().claim({ now: this.now(), limit: d.batch, leaseMs: d.leaseMs });
    stats.claimed = rows.length;
    for (const row of rows) {
      const ch = this.config.notifications.channels.find((c) => c.name === row.channel);
      const parsed = NotifyEvent.safeParse(row.event);
      let result: SendResult;
      if (!ch) result = { ok: false, permanent: true, error: `channel ${row.channel} is no longer configured` };
      else if (!parsed.success) result = { ok: false, permanent: true, error: `unreadable event: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
      else {
        const ctx: SendContext = {
          outbound: { allow: this.allow, ...(this.opts.resolve ? { resolve: this.opts.resolve } : {}) },
          env: this.env,
          now: this.now(),
          timeoutMs: d.timeoutMs,
          pseudonym: (await this.pseudonyms())(parsed.data.subject),
          syslog: this.config.exports.syslog,
          ...(this.opts.version ? { version: this.opts.version } : {}),
          ...(this.config.notifications.baseUrl ? { baseUrl: this.config.notifications.baseUrl } : {}),
        };
        result = await (this.opts.send ?? sendTo)(ch, row.id, parsed.data, ctx);
      }
      const now = this.now();
      if (result.ok) {
        await this.store.outbox().markDelivered(row.id, now);
        stats.delivered++;
        continue;
      }
      const giveUp = result.permanent || row.attempts >= d.maxAttempts;
      const wait = Math.max(backoffMs(row.attempts, d, this.opts.random), Math.min(result.retryAfterMs ?? 0, d.maxDelayMs));
      await this.store.outbox().markFailed(row.id, { now, error: result.error, ...(giveUp ? {} : { retryAt: now + wait }) });
      if (giveUp) stats.dead++;
      else stats.retried++;
      this.opts.log?.(`notification ${row.id} to ${row.channel} (${row.eventType}) failed, attempt ${row.attempts}: ${result.error}; ${giveUp ? 'given up' : `retry in ${Math.round(wait / 1000)} s`}`);
    }
    return stats;
  }

  /** Queue `sla.breached` for open cases past due (once per state entry), when a channel wants it. */
  async scanSla(): Promise<number> {
    const n = this.config.notifications;
    if (!n.channels.some((c) => c.events.includes('sla.breached'))) return 0;
    const now = this.now();
    const cases = await this.store.respond().listCases({ open: true, limit: 10_000 });
    const events = cases.filter((c) => slaOf(c, now).breached).map((c) => slaEvent(c, now)).filter((e) => n.channels.some((ch) => wants(ch, e)));
    if (events.length === 0) return 0;
    return (await this.store.atomic((tx) => enqueueNotifications(tx, events, this.config, now))).length;
  }

  /** Deliver every pollMs until stop() (the timer does not keep the process alive). */
  start(): void {
    if (this.timer || this.config.notifications.channels.length === 0) return;
    let lastSla = -Infinity;
    const tick = async () => {
      try {
        if (this.now() - lastSla >= this.config.notifications.delivery.slaScanMs) {
          lastSla = this.now();
          await this.scanSla();
        }
        await this.runOnce();
      } catch (e) {
        this.opts.log?.(`notification delivery round failed: ${(e as Error).message}`);
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.config.notifications.delivery.pollMs).unref();
    };
    this.timer = setTimeout(() => void tick(), 0).unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
