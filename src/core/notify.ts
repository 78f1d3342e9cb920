// Notification events (src/app/notify/): what is announced, in a form that names no one. An event carries the case,
// the subject's opaque id (never sent: the text shows its keyed pseudonym), the level, the strongest reasons and, per
// type, the escalation target, the containment request or the SLA clock. Pure (zod only).
import { z } from 'zod';
import { NotifyEventType } from './notify-config.ts';
import { AlertLevel, Contribution, Subject, levelRank, type Alert, type Case } from './respond.ts';
import { RiskLevel } from './model.ts';

export const NotifyEvent = z.object({
  type: NotifyEventType,
  /** Stable id of the event (with the channel, the outbox's de-duplication key): the same event is queued once. */
  id: z.string().min(1).max(600),
  /** ISO time of the change announced. */
  at: z.string(),
  caseId: z.string(),
  subject: Subject,
  level: AlertLevel.optional(),
  previousLevel: RiskLevel.optional(),
  risk: z.number().optional(),
  /** The strongest contributions (at most 3): detector ids and likelihood ratios, no free text. */
  reasons: z.array(Contribution).max(3).default([]),
  escalatedTo: z.string().max(100).optional(),
  containment: z
    .object({ requestId: z.string().max(200), connector: z.string().max(50), action: z.string().max(50), proposedBy: z.string().max(200) })
    .optional(),
  sla: z.object({ state: z.string().max(50), dueAt: z.string(), overdueMinutes: z.number().int().optional() }).optional(),
});
export type NotifyEvent = z.infer<typeof NotifyEvent>;

const top3 = (cs: readonly Contribution[]): Contribution[] => [...cs].sort((a, b) => b.likelihoodRatio - a.likelihoodRatio).slice(0, 3);

/** An alert raised (a new case or a level rise of an open one). */
export const alertEvent = (a: Alert): NotifyEvent => ({
  type: 'alert.raised',
  id: `alert:${a.id}`,
  at: a.raisedAt,
  caseId: a.caseId,
  subject: a.subject,
  level: a.level,
  previousLevel: a.previousLevel,
  risk: a.risk,
  reasons: top3(a.contributions),
});

/** A case escalated (to insider-risk, HR or legal). One event per escalation (its time is part of the id). */
export const escalationEvent = (c: Case): NotifyEvent => ({
  type: 'case.escalated',
  id: `escalated:${c.id}:${c.escalatedTo ?? ''}:${c.stateSince}`,
  at: c.stateSince,
  caseId: c.id,
  subject: c.subject,
  level: c.level,
  reasons: [],
  ...(c.escalatedTo ? { escalatedTo: c.escalatedTo } : {}),
});

/** A containment action proposed and awaiting a second person's approval (the containment workflow calls this). */
export const containmentEvent = (
  c: Pick<Case, 'id' | 'subject' | 'level'>,
  r: { id: string; connector: string; action: string; proposedBy: string; proposedAt: string },
): NotifyEvent => ({
  type: 'containment.awaiting-approval',
  id: `containment:${r.id}`,
  at: r.proposedAt,
  caseId: c.id,
  subject: c.subject,
  level: c.level,
  reasons: [],
  containment: { requestId: r.id, connector: r.connector, action: r.action, proposedBy: r.proposedBy },
});

/** A case whose current state's SLA ran out (once per state entry: the due time is part of the id). */
export const slaEvent = (c: Case, now: number): NotifyEvent => ({
  type: 'sla.breached',
  id: `sla:${c.id}:${c.state}:${c.dueAt ?? ''}`,
  at: new Date(now).toISOString(),
  caseId: c.id,
  subject: c.subject,
  level: c.level,
  reasons: [],
  sla: { state: c.state, dueAt: c.dueAt ?? '', overdueMinutes: Math.max(0, Math.floor((now - Date.parse(c.dueAt ?? '')) / 60_000)) },
});

/** Whether a channel taking `events` from `minLevel` up wants this event (an event without a level always goes). */
export function wants(channel: { events: readonly string[]; minLevel: AlertLevel }, e: Pick<NotifyEvent, 'type' | 'level'>): boolean {
  if (!channel.events.includes(e.type)) return false;
  return e.level === undefined || levelRank(e.level) >= levelRank(channel.minLevel);
}
