// The containment commands from the command line, on an embedded store in a temp folder and the Okta fake on
// loopback: propose as one name, approval refused for the same name, approved by another (the connector runs, the
// playbook step is done), list, reject, the actor from --as (or the OS user), and the audit chain intact.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../src/core/config.ts';
import { alertsFor, previousLevels } from '../src/app/respond.ts';
import { openPGliteStore } from '../src/store/pglite.ts';
import { user100 } from '../src/store/fixtures/people.ts';
import { OktaFake } from './fakes/okta.ts';
import { runCli } from './run-cli.ts';

const run = runCli;
afterEach(() => vi.restoreAllMocks());

const TOKEN = '00cli-okta-token-000000000000000000000001';

describe('containment commands', () => {
  const okta = new OktaFake({ token: TOKEN, users: [{ id: '00urjk4znu3BcncfY0h7', status: 'ACTIVE', profile: { login: 'user100@abccompany.com', email: 'user100@abccompany.com' }, sessions: 1 }] });
  let dataDir = '';
  let configFile = '';
  let caseId = '';
  const saved = process.env.SLEETWATCH_OKTA_TOKEN;

  beforeAll(async () => {
    await okta.start();
    process.env.SLEETWATCH_OKTA_TOKEN = TOKEN;
    dataDir = mkdtempSync(join(tmpdir(), 'sw-cli-contain-'));
    configFile = join(dataDir, 'sleetwatch.config.json');
    writeFileSync(configFile, JSON.stringify({ connectors: { okta: { baseUrl: okta.origin } }, outbound: { allow: [okta.origin] } }));
    const store = await openPGliteStore(join(dataDir, 'db'));
    const raised = await store.atomic(async (tx) => {
      const prev = await previousLevels(tx, [user100]);
      await tx.savePeople([user100], 'run-1');
      return alertsFor(tx, [user100], prev, { config: defaultConfig(), now: Date.parse('2026-03-02T09:00:00Z') });
    });
    caseId = raised[0].alert.caseId;
    const ctx = { actor: 'ana', now: Date.parse('2026-03-02T10:00:00Z'), sla: defaultConfig().respond.sla, suppressionDays: 90 };
    for (const to of ['triage', 'investigating'] as const) await store.respond().transitionCase(caseId, { to }, ctx);
    await store.respond().transitionCase(caseId, { to: 'escalated', escalateTo: 'insider-risk' }, ctx);
    await store.close();
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.SLEETWATCH_OKTA_TOKEN;
    else process.env.SLEETWATCH_OKTA_TOKEN = saved;
    await okta.close();
  });

  it('propose, approve by the proposer refused, approve by another runs Okta; list; reject; audit intact', async () => {
    const common = ['--config', configFile, '--data-dir', dataDir];
    const missing = await run('containment', 'propose', caseId, ...common);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--connector graph|okta and --action revoke-sessions|disable-account are required');

    const p = await run('containment', 'propose', caseId, '--connector', 'okta', '--action', 'revoke-sessions', '--as', 'ana', ...common);
    expect(p.code, p.err).toBe(0);
    const id = /^proposed (cr-\d+)\tpending/.exec(p.out)?.[1];
    expect(id).toBeDefined();
    expect(p.out).toContain('okta revoke-sessions 00urjk4znu3BcncfY0h7\tproposed by ana');

    const self = await run('containment', 'approve', id!, '--as', 'ana', ...common);
    expect(self.code).toBe(1);
    expect(self.out).toBe(`request ${id} was proposed by ana: a second person must approve it\n`);

    const ok = await run('containment', 'approve', id!, '--as', 'ivan', '--reason', 'confirmed by HR', ...common);
    expect(ok.code, ok.out + ok.err).toBe(0);
    expect(ok.out).toMatch(new RegExp(`^${id}\\tdone\\t${caseId}\\tokta revoke-sessions 00urjk4znu3BcncfY0h7\\tproposed by ana .*\\tapproved by ivan\\tOkta cleared the sessions and OAuth tokens of 00urjk4znu3BcncfY0h7`));
    expect(ok.out).toMatch(/playbook step revoke-sessions done \(okta X-Okta-Request-Id X[0-9a-f]+\)/);
    expect(okta.user('00urjk4znu3BcncfY0h7')?.sessions).toBe(0);

    // Without --as the actor is the operating-system user.
    const q = await run('containment', 'propose', caseId, '--connector', 'okta', '--action', 'disable-account', ...common);
    expect(q.out).toContain(`proposed by ${userInfo().username}`);
    const qid = /^proposed (cr-\d+)/.exec(q.out)![1];
    const rej = await run('containment', 'reject', qid, '--as', 'ivan', ...common);
    expect(rej.code).toBe(0);
    expect(rej.out).toContain(`${qid}\trejected`);

    const list = await run('containment', 'list', '--state', 'done', ...common);
    expect(list.out.trim().split('\n').map((l) => l.split('\t')[0])).toEqual([id]);
    const verify = await run('audit', 'verify', '--data-dir', dataDir);
    expect(verify.code).toBe(0);
    const audit = await run('audit', 'list', '--data-dir', dataDir);
    expect(audit.out.split('\n').filter((l) => /\tcontainment\./.test(l)).map((l) => l.split('\t').slice(2, 4).join(' '))).toEqual([
      'ana containment.propose',
      'ivan containment.approve',
      'ivan containment.execute',
      `${userInfo().username} containment.propose`,
      'ivan containment.reject',
    ]);
  });
});
