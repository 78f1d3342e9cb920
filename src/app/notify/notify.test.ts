// Notifications: the signature scheme, the payload shapes of each channel (Slack Block Kit, Teams Adaptive Card
// message, signed JSON, e-mail), pseudonymised text, every channel through the one outbound allow-list
// (config outbound.allow: https/http, smtp/smtps, syslog+udp/syslog+tcp entries), and delivery through the outbox to
// local fakes on loopback (an HTTP receiver, an SMTP server): retries with backoff, give-up, and a crash between
// sending and marking re-sent with the same idempotency key.
import { createSocket } from 'node:dgram';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Config } from '../../core/config.ts';
import { NOTIFY_EVENTS } from '../../core/notify-config.ts';
import { alertEvent, containmentEvent, escalationEvent, slaEvent, wants, type NotifyEvent } from '../../core/notify.ts';
import type { Alert, Case } from '../../core/respond.ts';
import { openPGliteStore } from '../../store/pglite.ts';
import type { SqlStore } from '../../store/sql-store.ts';
import type { Store } from '../../store/types.ts';
import { backoffMs, Deliverer } from './deliver.ts';
import { enqueueNotifications } from './enqueue.ts';
import { send, type SendContext } from './channels.ts';
import { pseudonymiser } from './pseudonym.ts';
import { emailMessage, render, slackPayload, teamsPayload, webhookBody } from './render.ts';
import { SIGNATURE_HEADER, sign, verifySignature } from './signature.ts';
import { parseCef } from '../export/cef.ts';

const T0 = Date.parse('2026-03-02T09:00:00.000Z');
const MIN = 60_000;
const SECRET = 'whsec_test_5f2b8c0e';
const PKEY = 'pseudonym-key-for-tests';

const alert: Alert = {
  id: 'alert-1',
  caseId: 'case-7',
  subject: { kind: 'candidate', id: 'candidate-csv:jon.smyth.dev@gmail.com' },
  level: 'high',
  previousLevel: 'low',
  risk: 72,
  raisedAt: new Date(T0).toISOString(),
  reason: 'candidate candidate-csv:jon.smyth.dev@gmail.com rose from low to high (risk 72): contact-reuse (likelihood ratio 40)',
  contributions: [
    { detector: 'phone-line', likelihoodRatio: 6 },
    { detector: 'contact-reuse', likelihoodRatio: 40 },
    { detector: 'a', likelihoodRatio: 1.5 },
    { detector: 'b', likelihoodRatio: 2 },
  ],
};

describe('signature (t=…,v1=HMAC-SHA256 of "t.body")', () => {
  const body = '{"id":"x","type":"alert.raised"}';
  it('verifies its own signature and refuses a changed body, another secret, a stale time, a malformed header', () => {
    const h = sign(body, SECRET, T0);
    expect(h).toMatch(/^t=\d{10},v1=[0-9a-f]{64}$/);
    expect(verifySignature(h, body, SECRET, { nowMs: T0 + 10_000 })).toBe(true);
    expect(verifySignature(h, body + ' ', SECRET, { nowMs: T0 })).toBe(false);
    expect(verifySignature(h, body, 'whsec_other', { nowMs: T0 })).toBe(false);
    expect(verifySignature(h, body, SECRET, { nowMs: T0 + 301_000 })).toBe(false);
    expect(verifySignature('v1=' + h.split('v1=')[1], body, SECRET, { nowMs: T0 })).toBe(false);
    expect(verifySignature('t=abc,v1=00', body, SECRET, { nowMs: T0 })).toBe(false);
  });
  it('is the documented computation (an independent HMAC over "t.body"), and accepts any of several v1 entries', async () => {
    const { createHmac } = await import('node:crypto');
    const t = Math.floor(T0 / 1000);
    const v1 = createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex');
    expect(sign(body, SECRET, T0)).toBe(`t=${t},v1=${v1}`);
    expect(verifySignature(`t=${t},v1=${'0'.repeat(64)},v1=${v1}`, body, SECRET, { nowMs: T0 })).toBe(true);
  });
});

describe('events and rendering', () => {
  const p = pseudonymiser(PKEY);
  it('pseudonyms are stable per key, differ between keys and subjects, and have the contract format', () => {
    const a = p({ kind: 'person', id: 'p_0123456789ab' });
    expect(a).toMatch(/^Person [0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(p({ kind: 'person', id: 'p_0123456789ab' })).toBe(a);
    expect(pseudonymiser('another key')({ kind: 'person', id: 'p_0123456789ab' })).not.toBe(a);
    expect(p({ kind: 'person', id: 'p_0123456789ac' })).not.toBe(a);
    expect(p({ kind: 'candidate', id: 'x' })).toMatch(/^Candidate /);
    expect(pseudonymiser(undefined).ephemeral).toBe(true);
  });

  it('an alert event keeps the top three reasons by likelihood ratio and no free text', () => {
    const e = alertEvent(alert);
    expect(e.reasons.map((r) => r.detector)).toEqual(['contact-reuse', 'phone-line', 'b']);
    expect(JSON.stringify(e)).not.toContain('rose from');
    expect(wants({ events: ['alert.raised'], minLevel: 'high' }, e)).toBe(true);
    expect(wants({ events: ['alert.raised'], minLevel: 'high' }, { ...e, level: 'medium' })).toBe(false);
    expect(wants({ events: ['case.escalated'], minLevel: 'low' }, e)).toBe(false);
  });

  it('no channel format carries the subject id, a name or an e-mail address; each shape is as documented', () => {
    const e = alertEvent(alert);
    const who = p(e.subject);
    const r = render(e, who, 'https://sleetwatch.example.com/');
    expect(r.title).toBe(`High alert: ${who} (case-7)`);
    expect(r.link).toBe('https://sleetwatch.example.com/cases/case-7');
    const slack = slackPayload(r);
    const teams = teamsPayload(r) as { type: string; attachments: { contentType: string; contentUrl: null; content: Record<string, unknown> }[] };
    const hook = webhookBody('row-1', e, who, r);
    const mail = emailMessage(r);
    for (const x of [slack, teams, hook, mail]) {
      const s = JSON.stringify(x);
      expect(s).toContain(who);
      expect(s).not.toContain('jon.smyth');
      expect(s).not.toContain('candidate-csv:');
    }
    // Slack incoming webhook: {text, blocks}; header block plain_text, a section with mrkdwn fields, a context link.
    expect(slack.text).toContain('High alert');
    expect(slack.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: r.title, emoji: false } },
      { type: 'section', fields: expect.arrayContaining([{ type: 'mrkdwn', text: `*Subject*\n${who}` }, { type: 'mrkdwn', text: '*Level*\nHigh (was low)' }]) },
      { type: 'context', elements: [{ type: 'mrkdwn', text: '<https://sleetwatch.example.com/cases/case-7|Open the case in sleetwatch>' }] },
    ]);
    // Teams: a message with one Adaptive Card attachment (Microsoft Learn, "Send Adaptive Cards using an Incoming Webhook").
    expect(teams.type).toBe('message');
    expect(teams.attachments).toHaveLength(1);
    expect(teams.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(teams.attachments[0].contentUrl).toBeNull();
    expect(teams.attachments[0].content).toMatchObject({ $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.2' });
    const body = teams.attachments[0].content.body as { type: string }[];
    expect(body.map((b) => b.type)).toEqual(['TextBlock', 'FactSet']);
    expect(teams.attachments[0].content.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the case', url: r.link }]);
    expect(hook).toMatchObject({ id: 'row-1', type: 'alert.raised', caseId: 'case-7', subject: { kind: 'candidate', pseudonym: who }, level: 'high', previousLevel: 'low', risk: 72 });
    expect(mail.subject).toBe(`[sleetwatch] ${r.title}`);
  });

  it('escapes Slack control characters and strips control characters from user-chosen names', () => {
    const c: Case = { id: 'case-9', subject: { kind: 'person', id: 'p_1' }, state: 'escalated', escalatedTo: 'hr', level: 'medium', openedAt: '', updatedAt: '', stateSince: new Date(T0).toISOString() };
    const e = containmentEvent(c, { id: 'req-1', connector: 'graph', action: 'revoke-sessions', proposedBy: 'eve <@U123>\n*bold* & co', proposedAt: new Date(T0).toISOString() });
    const r = render(e, 'Person AAAA-BBBB');
    expect(r.facts).toContainEqual(['Proposed by', 'eve <@U123> *bold* & co']);
    const s = JSON.stringify(slackPayload(r));
    expect(s).toContain('eve &lt;@U123&gt; *bold* &amp; co');
    expect(s).not.toContain('<@U123>');
    expect(render(escalationEvent(c), 'Person AAAA-BBBB').title).toBe('Case case-9 escalated to hr (Person AAAA-BBBB)');
    const late = slaEvent({ ...c, state: 'triage', dueAt: new Date(T0).toISOString() }, T0 + 35 * MIN);
    expect(late.sla).toEqual({ state: 'triage', dueAt: new Date(T0).toISOString(), overdueMinutes: 35 });
  });
});

describe('every channel goes through the outbound allow-list (outbound.allow)', () => {
  const e = alertEvent(alert);
  /** A resolver standing in for DNS: each name answers the address given (nothing is contacted in these cases). */
  const ctx = (allow: string[], answers: Record<string, string> = {}): SendContext => ({
    outbound: { allow, resolve: async (h) => (answers[h] ? [{ address: answers[h], family: answers[h].includes(':') ? 6 : 4 }] : Promise.reject(Object.assign(new Error('nx'), { code: 'ENOTFOUND' }))) },
    env: { SW_HOOK_SECRET: SECRET, SW_SLACK_URL: 'https://hooks.slack.com/services/T0/B0/X' },
    now: T0,
    timeoutMs: 1000,
    pseudonym: 'Person AAAA-BBBB',
  });
  const hook = { type: 'webhook' as const, name: 'soc', url: 'https://hooks.corp.example/soc', secretEnv: 'SW_HOOK_SECRET', events: [...NOTIFY_EVENTS], minLevel: 'low' as const };
  const slack = { type: 'slack' as const, name: 'slack', urlEnv: 'SW_SLACK_URL', events: [...NOTIFY_EVENTS], minLevel: 'low' as const };
  const mail = { type: 'email' as const, name: 'mail', host: 'smtp.corp.example', port: 587, secure: false, requireTLS: true, from: 'sw@corp.example', to: ['soc@corp.example'], events: [...NOTIFY_EVENTS], minLevel: 'low' as const };
  const syslog = { type: 'syslog' as const, name: 'siem', url: 'udp://siem.corp.example:514', events: [...NOTIFY_EVENTS], minLevel: 'low' as const };

  it('HTTP channels: a target not on the list, plain http to an https entry, or a name resolving inside is refused (kept for retry)', async () => {
    expect(await send(slack, 'n-1', e, ctx(['https://hooks.corp.example']))).toEqual({ ok: false, permanent: false, error: 'https://hooks.slack.com is not on the outbound allow-list (outbound.allow)' });
    expect(await send({ ...hook, url: 'http://hooks.corp.example/soc' }, 'n-2', e, ctx(['https://hooks.corp.example']))).toMatchObject({ ok: false, error: expect.stringMatching(/is plain http; the allow-list allows only https/) });
    expect(await send(hook, 'n-3', e, ctx(['https://hooks.corp.example'], { 'hooks.corp.example': '169.254.169.254' }))).toMatchObject({
      ok: false,
      permanent: false,
      error: expect.stringContaining('hooks.corp.example resolves to 169.254.169.254, a loopback, private, link-local or reserved address'),
    });
    expect(await send({ ...hook, url: 'https://user:pw@hooks.corp.example/soc' }, 'n-4', e, ctx(['https://hooks.corp.example']))).toMatchObject({ ok: false, error: expect.stringContaining('no credentials') });
  });

  it('SMTP: the entry names smtp:// (STARTTLS) or smtps:// (implicit TLS) and the port; private answers are refused too', async () => {
    expect(await send(mail, 'n-5', e, ctx(['smtps://smtp.corp.example']))).toMatchObject({ ok: false, error: 'smtp://smtp.corp.example:587 is not on the outbound allow-list (outbound.allow)' });
    expect(await send({ ...mail, secure: true, port: 465 }, 'n-6', e, ctx(['smtp://smtp.corp.example']))).toMatchObject({ ok: false, error: expect.stringContaining('smtps://smtp.corp.example:465 is not on the outbound allow-list') });
    expect(await send(mail, 'n-7', e, ctx(['smtp://smtp.corp.example'], { 'smtp.corp.example': '10.1.2.3' }))).toMatchObject({ ok: false, error: expect.stringContaining('resolves to 10.1.2.3') });
  });

  it('syslog: the entry names syslog+udp:// or syslog+tcp://; the transport must match and the address be public', async () => {
    expect(await send(syslog, 'n-8', e, ctx(['syslog+tcp://siem.corp.example:514']))).toMatchObject({ ok: false, error: 'syslog+udp://siem.corp.example:514 is not on the outbound allow-list (outbound.allow)' });
    expect(await send(syslog, 'n-9', e, ctx(['syslog+udp://siem.corp.example'], { 'siem.corp.example': '::1' }))).toMatchObject({ ok: false, error: expect.stringContaining('resolves to ::1') });
  });

  it('backoff doubles from the base, is capped, and jitters within ±20 %', () => {
    const d = { baseDelayMs: 1000, maxDelayMs: 10_000 };
    expect([1, 2, 3, 4, 5, 9].map((n) => backoffMs(n, d, () => 0.5))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffMs(1, d, () => 0)).toBe(800);
    expect(backoffMs(1, d, () => 0.999999)).toBe(1200);
  });
});

interface Received {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

describe('delivery through the outbox to local fakes', () => {
  let store: SqlStore;
  let http: Server;
  let smtp: SMTPServer;
  let base = '';
  let smtpPort = 0;
  const received: Received[] = [];
  const mails: string[] = [];
  /** Status the fake answers per path, in order (then 200). */
  const plan = new Map<string, number[]>();
  let clock = T0;

  const config = (port: number, smtpAt: number) =>
    Config.parse({
      // The loopback fakes are reachable only because the entries name their exact addresses and ports.
      outbound: { allow: [`http://127.0.0.1:${port}`, `smtp://127.0.0.1:${smtpAt}`] },
      notifications: {
        baseUrl: 'https://sleetwatch.example.com',
        delivery: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 60_000, leaseMs: 2 * MIN, batch: 50 },
        channels: [
          { type: 'webhook', name: 'soc', url: `http://127.0.0.1:${port}/soc`, secretEnv: 'SW_HOOK_SECRET', minLevel: 'low' },
          { type: 'slack', name: 'slack', urlEnv: 'SW_SLACK_URL', events: ['alert.raised'], minLevel: 'high' },
          { type: 'teams', name: 'teams', url: `http://127.0.0.1:${port}/teams`, events: ['case.escalated', 'containment.awaiting-approval'], minLevel: 'low' },
          { type: 'email', name: 'mail', host: '127.0.0.1', port: smtpAt, requireTLS: false, from: 'sleetwatch@contoso.example', to: ['soc@contoso.example'], events: ['alert.raised'] },
        ],
      },
    });
  let cfg: Config;
  const env = () => ({ SW_HOOK_SECRET: SECRET, SW_SLACK_URL: `${base}/slack`, SLEETWATCH_PSEUDONYM_KEY: PKEY });
  const deliverer = (s: Store = store) => new Deliverer(s, cfg, { env: env(), now: () => clock, random: () => 0.5 });

  beforeAll(async () => {
    store = await openPGliteStore('memory://');
    http = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = req.url ?? '';
        received.push({ path, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        const status = plan.get(path)?.shift() ?? 200;
        res.writeHead(status, status === 429 ? { 'retry-after': '30' } : {}).end(status < 300 ? 'ok' : 'no');
      });
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, cb) {
        const parts: Buffer[] = [];
        stream.on('data', (c: Buffer) => parts.push(c));
        stream.on('end', () => {
          mails.push(Buffer.concat(parts).toString('utf8'));
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    smtpPort = (smtp.server.address() as AddressInfo).port;
    cfg = config((http.address() as AddressInfo).port, smtpPort);
  }, 60_000);
  afterAll(async () => {
    await new Promise((r) => http?.close(r));
    await new Promise((r) => smtp?.close(() => r(undefined)));
    await store?.close();
  });

  it('queues one row per wanting channel and delivers each: signed webhook, Slack, e-mail', async () => {
    const e = alertEvent({ ...alert, subject: { kind: 'person', id: 'p_aaaaaaaaaaaa' } });
    const rows = await store.atomic((tx) => enqueueNotifications(tx, [e], cfg, clock));
    expect(rows.map((r) => r.channel).sort()).toEqual(['mail', 'slack', 'soc']); // teams takes no alerts
    received.length = 0;
    const stats = await deliverer().runOnce();
    expect(stats).toEqual({ claimed: 3, delivered: 3, retried: 0, dead: 0 });
    const who = pseudonymiser(PKEY)({ kind: 'person', id: 'p_aaaaaaaaaaaa' });
    const soc = received.find((r) => r.path === '/soc')!;
    const socRow = rows.find((r) => r.channel === 'soc')!;
    expect(soc.headers['idempotency-key']).toBe(socRow.id);
    expect(soc.headers['content-type']).toBe('application/json');
    expect(verifySignature(String(soc.headers[SIGNATURE_HEADER]), soc.body, SECRET, { nowMs: clock })).toBe(true);
    expect(JSON.parse(soc.body)).toMatchObject({ id: socRow.id, type: 'alert.raised', subject: { kind: 'person', pseudonym: who } });
    expect(soc.body).not.toContain('p_aaaaaaaaaaaa');
    const slack = JSON.parse(received.find((r) => r.path === '/slack')!.body) as { text: string; blocks: unknown[] };
    expect(slack.text).toContain(who);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatch(new RegExp(`^Message-ID: <${rows.find((r) => r.channel === 'mail')!.id}@sleetwatch>`, 'mi'));
    expect(mails[0]).toMatch(/^Subject: \[sleetwatch\] High alert: Person /m);
    expect(mails[0]).toContain(who);
    expect((await store.outbox().list({ state: 'pending' })).length).toBe(0);
    expect(await deliverer().runOnce()).toEqual({ claimed: 0, delivered: 0, retried: 0, dead: 0 });
  });

  it('a failed delivery is retried after its backoff (Retry-After honoured) and given up after maxAttempts', async () => {
    const c: Case = { id: 'case-20', subject: { kind: 'person', id: 'p_b' }, state: 'escalated', escalatedTo: 'legal', level: 'medium', openedAt: '', updatedAt: '', stateSince: new Date(clock).toISOString() };
    const [row] = await store.atomic((tx) => enqueueNotifications(tx, [escalationEvent(c)], { ...cfg, notifications: { ...cfg.notifications, channels: cfg.notifications.channels.filter((x) => x.name === 'teams') } }, clock));
    received.length = 0;
    plan.set('/teams', [503, 429, 503]);
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    let r = (await store.outbox().list()).find((x) => x.id === row.id)!;
    expect(r).toMatchObject({ state: 'pending', attempts: 1, lastError: expect.stringContaining('HTTP 503') });
    expect(Date.parse(r.nextAttemptAt) - clock).toBe(1000);
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 0 }); // not due yet
    clock += 1000;
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    r = (await store.outbox().list()).find((x) => x.id === row.id)!;
    expect(Date.parse(r.nextAttemptAt) - clock).toBe(30_000); // Retry-After: 30 beats the 2 s backoff
    clock += 30_000;
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, dead: 1 }); // third attempt of three
    expect((await store.outbox().list({ state: 'dead' })).map((x) => x.id)).toContain(row.id);
    expect(received.map((x) => x.headers['idempotency-key'])).toEqual([row.id, row.id, row.id]);
    const card = JSON.parse(received[0].body) as { type: string; attachments: { contentType: string }[] };
    expect(card.type).toBe('message');
    expect(card.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
  });

  it('a permanent refusal (HTTP 404) is given up at once', async () => {
    const ev: NotifyEvent = { ...alertEvent(alert), id: 'alert:permanent' };
    const rows = await store.atomic((tx) => enqueueNotifications(tx, [ev], { ...cfg, notifications: { ...cfg.notifications, channels: cfg.notifications.channels.filter((x) => x.name === 'soc') } }, clock));
    plan.set('/soc', [404]);
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect((await store.outbox().list({ state: 'dead' })).find((x) => x.id === rows[0].id)?.lastError).toContain('HTTP 404');
  });

  it('a redirect is not followed and is given up at once (it could lead off the allow-list)', async () => {
    const ev: NotifyEvent = { ...alertEvent(alert), id: 'alert:redirect' };
    const rows = await store.atomic((tx) => enqueueNotifications(tx, [ev], { ...cfg, notifications: { ...cfg.notifications, channels: cfg.notifications.channels.filter((x) => x.name === 'soc') } }, clock));
    plan.set('/soc', [302]);
    received.length = 0;
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, dead: 1 });
    expect(received).toHaveLength(1);
    expect((await store.outbox().list({ state: 'dead' })).find((x) => x.id === rows[0].id)?.lastError).toMatch(/HTTP 302: .*redirects are not followed/);
  });

  it('a crash between sending and marking: the lease runs out and the row is sent again with the same key', async () => {
    const ev: NotifyEvent = { ...alertEvent(alert), id: 'alert:crash' };
    const [row] = await store.atomic((tx) => enqueueNotifications(tx, [ev], { ...cfg, notifications: { ...cfg.notifications, channels: cfg.notifications.channels.filter((x) => x.name === 'soc') } }, clock));
    received.length = 0;
    // This process "dies" right after the send: marking it delivered never reaches the store.
    const dying = new Proxy(store, {
      get(target, prop, recv) {
        if (prop !== 'outbox') return Reflect.get(target, prop, recv);
        return () => ({ ...target.outbox(), claim: (o: Parameters<ReturnType<Store['outbox']>['claim']>[0]) => target.outbox().claim(o), markDelivered: () => Promise.reject(new Error('process killed')) });
      },
    }) as Store;
    await expect(deliverer(dying).runOnce()).rejects.toThrow('process killed');
    expect(received).toHaveLength(1);
    expect((await store.outbox().list()).find((x) => x.id === row.id)).toMatchObject({ state: 'pending', attempts: 1 });
    // Another process, before the lease runs out: nothing to do. After: the same row, the same idempotency key.
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 0 });
    clock += 2 * MIN;
    expect(await deliverer().runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
    expect(received.map((r) => r.headers['idempotency-key'])).toEqual([row.id, row.id]);
    expect(received[1].body).toBe(received[0].body); // the same notification, not a new one
  });

  it('a refused host or a missing secret is a failure kept for retry, not a send', async () => {
    const bad = Config.parse({
      outbound: { allow: ['https://hooks.slack.com'] },
      notifications: {
        channels: [{ type: 'webhook', name: 'elsewhere', url: `${base}/elsewhere`, secretEnv: 'SW_HOOK_SECRET' }],
      },
    });
    const [row] = await store.atomic((tx) => enqueueNotifications(tx, [{ ...alertEvent(alert), id: 'alert:refused' }], bad, clock));
    received.length = 0;
    const d = new Deliverer(store, bad, { env: env(), now: () => clock, random: () => 0.5 });
    expect(await d.runOnce()).toMatchObject({ claimed: 1, retried: 1 });
    expect(received).toHaveLength(0);
    expect((await store.outbox().list()).find((x) => x.id === row.id)?.lastError).toMatch(/^http:\/\/127\.0\.0\.1:\d+ is not on the outbound allow-list \(outbound\.allow\)$/);
  });

  it('a syslog channel sends the event as CEF in an RFC 5424 datagram, keyed by the row id', async () => {
    const udp = createSocket('udp4');
    const got: string[] = [];
    await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
    udp.on('message', (m) => got.push(m.toString('utf8')));
    try {
      const port = (udp.address() as AddressInfo).port;
      const sys = Config.parse({ outbound: { allow: [`syslog+udp://127.0.0.1:${port}`] }, notifications: { channels: [{ type: 'syslog', name: 'siem', url: `udp://127.0.0.1:${port}`, minLevel: 'low' }] } });
      const [row] = await store.atomic((tx) => enqueueNotifications(tx, [{ ...alertEvent(alert), id: 'alert:syslog' }], sys, clock));
      const d = new Deliverer(store, sys, { env: env(), now: () => clock, random: () => 0.5, version: '0.1.0' });
      expect(await d.runOnce()).toMatchObject({ claimed: 1, delivered: 1 });
      for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(got).toHaveLength(1);
      const m = /^<82>1 (\S+) \S+ sleetwatch \d+ alert-raised - (CEF:0\|.*)$/s.exec(got[0]);
      expect(m).not.toBeNull();
      const cef = parseCef(m![2]);
      expect(cef.header).toEqual(['CEF:0', 'sleetwatch', 'sleetwatch', '0.1.0', 'alert.raised', `High alert: ${pseudonymiser(PKEY)(alert.subject)} (case-7)`, '8']);
      expect(cef.ext).toMatchObject({ externalId: row.id, cs1: 'case-7', duser: pseudonymiser(PKEY)(alert.subject) });
      expect(got[0]).not.toContain('jon.smyth');
    } finally {
      udp.close();
    }
  });

  it('start() delivers queued rows in the background until stop()', async () => {
    const [row] = await store.atomic((tx) => enqueueNotifications(tx, [{ ...alertEvent(alert), id: 'alert:background' }], { ...cfg, notifications: { ...cfg.notifications, channels: cfg.notifications.channels.filter((x) => x.name === 'soc') } }, clock));
    received.length = 0;
    const d = deliverer();
    d.start();
    for (let i = 0; i < 200 && (await store.outbox().list()).find((x) => x.id === row.id)?.state !== 'delivered'; i++) await new Promise((r) => setTimeout(r, 25));
    await d.stop();
    expect(received.map((r) => r.headers['idempotency-key'])).toEqual([row.id]);
  });

  it('queues sla.breached once per state entry for open cases past due', async () => {
    const slaCfg = Config.parse({ outbound: { allow: [base] }, notifications: { channels: [{ type: 'webhook', name: 'sla', url: `${base}/sla`, secretEnv: 'SW_HOOK_SECRET', events: ['sla.breached'], minLevel: 'low' }] } });
    const raised = await store.respond().raiseAlerts(
      [{ subject: { kind: 'person', id: 'p_sla' }, level: 'medium', previousLevel: 'none', risk: 45, reason: 'r', contributions: [] }],
      { actor: 'sleetwatch', now: clock, sla: cfg.respond.sla },
    );
    const d = new Deliverer(store, slaCfg, { env: env(), now: () => clock + 5 * 3_600_000, random: () => 0.5 });
    expect(await d.scanSla()).toBeGreaterThanOrEqual(1);
    expect(await d.scanSla()).toBe(0);
    const rows = (await store.outbox().list({ limit: 1000 })).filter((r) => r.eventType === 'sla.breached' && (r.event as NotifyEvent).caseId === raised[0].alert.caseId);
    expect(rows).toHaveLength(1);
    expect((rows[0].event as NotifyEvent).sla).toMatchObject({ state: 'new', overdueMinutes: 60 });
  });
});
