// The notify commands of the CLI, as functions (src/cli/main.ts declares them):
//   sleetwatch notify deliver            → deliverNow  (queue SLA breaches, send what is due; for cron when no server runs)
//   sleetwatch notify outbox [--state S] → outboxList  (the outbox rows: channel, event, state, attempts, last error)
import type { Config } from '../../core/config.ts';
import type { OutboxState } from '../../store/outbox-types.ts';
import type { Store } from '../../store/types.ts';
import { Deliverer } from './deliver.ts';

/** Rounds one `notify deliver` runs at most (each claims up to delivery.batch rows). */
const MAX_ROUNDS = 100;

export async function deliverNow(store: Store, config: Config, log: (l: string) => void = () => {}, version?: string): Promise<{ lines: string[]; failed: number }> {
  if (config.notifications.channels.length === 0) return { lines: ['no notification channels configured (config key notifications.channels)'], failed: 0 };
  const d = new Deliverer(store, config, { log, ...(version ? { version } : {}) });
  const sla = await d.scanSla();
  const total = { claimed: 0, delivered: 0, retried: 0, dead: 0 };
  for (let i = 0; i < MAX_ROUNDS; i++) {
    const s = await d.runOnce();
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += s[k];
    if (s.claimed < config.notifications.delivery.batch) break;
  }
  return {
    lines: [`${sla} SLA breach(es) queued; ${total.delivered} notification(s) delivered, ${total.retried} to retry later, ${total.dead} given up`],
    failed: total.retried + total.dead,
  };
}

export async function outboxList(store: Store, opts: { state?: OutboxState; limit?: number } = {}) {
  const rows = await store.outbox().list(opts);
  return {
    rows,
    lines: rows.map((r) => `${r.id}\t${r.createdAt}\t${r.channel}\t${r.eventType}\t${r.state}\tattempts ${r.attempts}${r.state === 'pending' ? `\tnext ${r.nextAttemptAt}` : ''}${r.lastError ? `\t${r.lastError}` : ''}`),
  };
}
