// Queue notifications in the caller's transaction: one outbox row per event and channel that wants it. Call it with
// the store atomic() hands its callback, next to the change the event announces, so both commit or neither does:
// alerts (src/app/respond.ts alertsFor, from IngestService.commit and vetStored), escalations (RespondService
// .transition) and containment requests (the containment workflow: enqueueNotifications(tx, [containmentEvent(...)])).
import type { Config } from '../../core/config.ts';
import { alertEvent, wants, type NotifyEvent } from '../../core/notify.ts';
import type { OutboxRow } from '../../store/outbox-types.ts';
import type { RaisedAlert } from '../../store/respond-types.ts';
import type { Store } from '../../store/types.ts';

export async function enqueueNotifications(tx: Store, events: readonly NotifyEvent[], config: Config, now = Date.now()): Promise<OutboxRow[]> {
  const channels = config.notifications.channels;
  if (channels.length === 0 || events.length === 0) return [];
  const drafts = events.flatMap((e) =>
    channels.filter((ch) => wants(ch, e)).map((ch) => ({ dedupeKey: `${e.id}|${ch.name}`, channel: ch.name, eventType: e.type, event: e })),
  );
  return tx.outbox().enqueue(drafts, now);
}

/** The raised alerts' notifications (each alert is a new case or a level rise of an open one). */
export const enqueueAlerts = (tx: Store, raised: readonly RaisedAlert[], config: Config, now = Date.now()): Promise<OutboxRow[]> =>
  enqueueNotifications(tx, raised.map((r) => alertEvent(r.alert)), config, now);

/** For the containment workflow and the lead: `notify.enqueue(tx, events, config)`. */
export const notify = { enqueue: enqueueNotifications };
