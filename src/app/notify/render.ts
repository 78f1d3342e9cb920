// What a notification says, per channel, from an event and the subject's pseudonym: never a name, UPN, e-mail or
// the subject's id (candidate ids can hold an e-mail address). Formats:
// - generic webhook: JSON {id, type, occurredAt, caseId, subject:{kind, pseudonym}, level, ..., text}, signed;
// - Slack incoming webhook: {text, blocks} with header / section / context blocks (Slack, "Sending messages using
//   incoming webhooks" and the Block Kit reference: https://api.slack.com/messaging/webhooks,
//   https://api.slack.com/reference/block-kit/blocks); text is the fallback shown in notifications;
// - Microsoft Teams incoming webhook or Workflows "post to a channel when a webhook request is received": a message
//   with one Adaptive Card attachment (Microsoft Learn, "Create Incoming Webhooks" → "Send Adaptive Cards using an
//   Incoming Webhook": {type:'message', attachments:[{contentType:'application/vnd.microsoft.card.adaptive',
//   contentUrl:null, content:{$schema, type:'AdaptiveCard', version, body}}]});
// - e-mail: a subject line and a plain-text body.
import type { NotifyEvent } from '../../core/notify.ts';

export interface Rendered {
  title: string;
  facts: [string, string][];
  link?: string;
  /** One paragraph: the title and the facts. */
  text: string;
}

const fmtLR = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));
/** One line of at most `max` characters, no control characters (user-chosen names can reach here). */
const clean = (s: string, max = 200): string => s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').slice(0, max);
const LEVEL_WORD: Record<string, string> = { high: 'High', medium: 'Medium', low: 'Low' };

export function render(e: NotifyEvent, pseudonym: string, baseUrl?: string): Rendered {
  const who = clean(pseudonym, 60);
  const caseId = clean(e.caseId, 100);
  const level = e.level ? LEVEL_WORD[e.level] : undefined;
  let title: string;
  const facts: [string, string][] = [['Subject', who], ['Case', caseId]];
  if (level) facts.push(['Level', e.previousLevel && e.type === 'alert.raised' ? `${level} (was ${e.previousLevel})` : level]);
  if (e.risk !== undefined) facts.push(['Risk', `${Math.round(e.risk)} / 100`]);
  switch (e.type) {
    case 'alert.raised':
      title = `${level ?? ''} alert: ${who} (${caseId})`.trim();
      break;
    case 'case.escalated':
      title = `Case ${caseId} escalated to ${clean(e.escalatedTo ?? 'unknown', 40)} (${who})`;
      break;
    case 'containment.awaiting-approval': {
      const c = e.containment;
      title = `Containment awaiting approval: ${clean(c?.action ?? '?', 50)} via ${clean(c?.connector ?? '?', 50)} (${caseId})`;
      if (c) facts.push(['Action', `${clean(c.action, 50)} (${clean(c.connector, 50)})`], ['Proposed by', clean(c.proposedBy, 100)], ['Request', clean(c.requestId, 100)]);
      break;
    }
    case 'sla.breached':
      title = `SLA breached: case ${caseId} (${who})`;
      if (e.sla) facts.push(['State', clean(e.sla.state, 50)], ['Was due', e.sla.dueAt], ['Overdue', `${e.sla.overdueMinutes ?? 0} min`]);
      break;
  }
  if (e.reasons.length > 0) facts.push(['Top reasons', e.reasons.map((r) => `${clean(r.detector, 80)} (likelihood ratio ${fmtLR(r.likelihoodRatio)})`).join(', ')]);
  const link = baseUrl ? `${baseUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(e.caseId)}` : undefined;
  const text = `${title}. ${facts.map(([k, v]) => `${k}: ${v}`).join('; ')}${link ? `. ${link}` : ''}`;
  return { title, facts, ...(link ? { link } : {}), text };
}

/** The generic webhook's JSON body (the outbox id is its idempotency key, also sent as a header). */
export function webhookBody(id: string, e: NotifyEvent, pseudonym: string, r: Rendered): Record<string, unknown> {
  return {
    id,
    type: e.type,
    occurredAt: e.at,
    caseId: e.caseId,
    subject: { kind: e.subject.kind, pseudonym },
    ...(e.level ? { level: e.level } : {}),
    ...(e.previousLevel ? { previousLevel: e.previousLevel } : {}),
    ...(e.risk !== undefined ? { risk: e.risk } : {}),
    reasons: e.reasons,
    ...(e.escalatedTo ? { escalatedTo: e.escalatedTo } : {}),
    ...(e.containment ? { containment: e.containment } : {}),
    ...(e.sla ? { sla: e.sla } : {}),
    title: r.title,
    text: r.text,
    ...(r.link ? { link: r.link } : {}),
  };
}

/** Slack mrkdwn and plain_text: &, < and > are control characters and are escaped as HTML entities. */
const slackEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function slackPayload(r: Rendered): { text: string; blocks: unknown[] } {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: r.title.slice(0, 150), emoji: false } },
    { type: 'section', fields: r.facts.slice(0, 10).map(([k, v]) => ({ type: 'mrkdwn', text: `*${slackEscape(k)}*\n${slackEscape(v)}`.slice(0, 2000) })) },
  ];
  if (r.link) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `<${slackEscape(r.link)}|Open the case in sleetwatch>` }] });
  return { text: slackEscape(r.text), blocks };
}

export function teamsPayload(r: Rendered): Record<string, unknown> {
  const body: unknown[] = [
    { type: 'TextBlock', text: r.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts: r.facts.map(([title, value]) => ({ title, value })) },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.2',
          body,
          ...(r.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open the case', url: r.link }] } : {}),
        },
      },
    ],
  };
}

export function emailMessage(r: Rendered): { subject: string; text: string } {
  return {
    subject: `[sleetwatch] ${r.title}`.slice(0, 200),
    text: [r.title, '', ...r.facts.map(([k, v]) => `${k}: ${v}`), ...(r.link ? ['', r.link] : []), '', 'Names are pseudonymised; open the case in sleetwatch for details.'].join('\n'),
  };
}
