// The web UI in a real browser (Debian's Chromium through playwright-core) against the real server on a synthetic
// company: sign in, triage a high person (the explanation and the map), open and escalate their case, reveal the
// identity as an investigator (another user), propose containment as one investigator and approve as another against
// a local fake of Microsoft Graph, verify the audit log as the auditor; recruiters see candidates only, admins the
// settings. axe-core runs on every page (no serious or critical violation); no page error or CSP violation anywhere.
// Screenshots go to docs/screenshots/ (the README's "Web UI" section shows them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { join } from 'node:path';
import { defaultConfig, type Config } from '../../src/core/config.ts';
import { GraphConnectorConfig } from '../../src/core/connectors-config.ts';
import { openPGliteStore } from '../../src/store/pglite.ts';
import { targetFor } from '../../src/app/containment.ts';
import { createUser, expectAccessible, launch, problemsOf, requireChromium, screenshot, screenshotOf, seededDataDir, serve, signIn, type Served } from './harness.ts';
import { randomUUID } from 'node:crypto';
import { GraphFake } from '../fakes/graph.ts';

requireChromium();

const PASSWORD = 'correct horse battery staple';
let browser: Browser;
let server: Served;
let graph: GraphFake;
const pages: Page[] = [];
let caseId = '';
let ivyPage: Page | undefined;
let personId = '';
let realName = '';
let realIds: string[] = [];
/** The account Graph containment acts on for that person (Entra object id, else UPN). */
let graphTarget: string | undefined;
/** A person with an impossible-travel finding. */
let travelerId = '';

beforeAll(async () => {
  const dataDir = await seededDataDir();
  // The case the journeys walk, and the real identity of its person, read from the store before the server holds it
  // (the API shows pseudonyms to every role until an investigator reveals one).
  const store = await openPGliteStore(join(dataDir, 'db'));
  try {
    const open = await store.respond().listCases({ open: true, limit: 1000 });
    const high = open.filter((c) => c.level === 'high' && c.subject.kind === 'person');
    if (high.length === 0) throw new Error('the synthetic company raised no high case');
    caseId = high[0].id;
    personId = high[0].subject.id;
    const p = await store.getPerson(personId);
    realName = p?.displayName ?? '';
    realIds = p?.identifiers ?? [];
    // someone who travels impossibly: their map shows it
    const people = await store.listPeople({ limit: 1000 });
    for (const x of people) {
      const full = await store.getPerson(x.personId);
      if (full?.findings.some((f) => f.detector === 'impossible-travel')) {
        travelerId = x.personId;
        break;
      }
    }
    // the account Graph containment will act on, chosen as the server chooses it
    graphTarget = targetFor('graph', await store.containment().identifiersOf(personId));
  } finally {
    await store.close();
  }
  // Microsoft Graph, faked on loopback (test/fakes/graph.ts): the tenant knows this person's account.
  const upn = realIds.find((x) => x.includes('@'));
  if (!upn) throw new Error(`person ${personId} has no UPN among ${realIds.join(', ')}`);
  graph = new GraphFake({
    tenant: 'contoso.onmicrosoft.com',
    clientId: 'sleetwatch-test',
    clientSecret: 'fake-graph-secret',
    users: [{ id: graphTarget?.includes('@') || !graphTarget ? randomUUID() : graphTarget, userPrincipalName: upn, accountEnabled: true }],
  });
  await graph.start();
  // Containment against the fake Graph: its origin is the only outbound address allowed; the secret comes from the env.
  process.env.SLEETWATCH_GRAPH_CLIENT_SECRET = 'fake-graph-secret';
  const base = defaultConfig();
  const config: Config = {
    ...base,
    connectors: {
      ...base.connectors,
      graph: GraphConnectorConfig.parse({ tenant: 'contoso.onmicrosoft.com', clientId: 'sleetwatch-test', tokenUrl: graph.tokenUrl, baseUrl: graph.origin }),
    },
    outbound: { allow: [graph.origin] },
  };
  server = await serve(dataDir, config);
  for (const [u, role] of [
    ['ana', 'analyst'],
    ['ivy', 'investigator'],
    ['ian', 'investigator'],
    ['aud', 'auditor'],
    ['rex', 'recruiter'],
    ['adm', 'admin'],
  ] as const)
    await createUser(server, u, role, PASSWORD);
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await graph?.close();
});

async function as(user: string): Promise<Page> {
  const p = await signIn(browser, server, user, PASSWORD);
  pages.push(p);
  return p;
}

describe('web UI journeys', () => {
  it('the login page is accessible and refuses a wrong password with one message', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, baseURL: server.url });
    const page = await ctx.newPage();
    await page.goto('/people');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
    await page.getByLabel('Username').fill('ana');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Wrong username or password');
    await expectAccessible(page, 'the login page');
    await page.getByLabel('Password').fill('');
    await screenshot(page, 'login');
    await ctx.close();
  });

  let ana: Page;
  it('an analyst sees the ranking (people and cases only), filtered to high', async () => {
    ana = await as('ana');
    const page = ana;
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['People', 'Cases']);
    await page.getByRole('table', { name: 'People ranked by risk' }).waitFor();
    await page.getByLabel('Level').selectOption('high');
    await expect.poll(() => new URL(page.url()).searchParams.get('level')).toBe('high');
    const rows = page.getByRole('table', { name: 'People ranked by risk' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await expect.poll(async () => (await rows.allTextContents()).every((t) => /high/i.test(t))).toBe(true);
    // pseudonyms only: no row shows the real name of the case's person
    expect((await rows.allTextContents()).join(' ')).not.toContain(realName);
    await expectAccessible(page, 'the people page');
    await screenshot(page, 'people');
  });

  it('the analyst reads a high person: pseudonym, the explanation, the map, hours and devices', async () => {
    const page = ana;
    await page.goto(`/people/${encodeURIComponent(personId)}`);
    await page.getByRole('heading', { name: 'Why this risk' }).waitFor();
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toMatch(/^Person [0-9A-Z]{4}-[0-9A-Z]{4}/);
    const shown = (await page.locator('main').textContent()) ?? '';
    expect(realName).not.toBe('');
    expect(shown).not.toContain(realName);
    for (const id of realIds.filter((x) => x.includes('@'))) expect(shown).not.toContain(id);
    // the explanation: one row per detector with its likelihood ratio, and the formula
    const contributions = page.getByRole('table', { name: 'Risk contributions' }).locator('tbody tr');
    await expect.poll(() => contributions.count()).toBeGreaterThan(0);
    expect(await page.locator('.formula').textContent()).toMatch(/×/);
    // the map: land drawn, the sign-ins as dots (GET /api/people/:id/signins)
    const map = page.getByTestId('world-map');
    await map.waitFor();
    expect(await map.locator('.land path').count()).toBeGreaterThan(100);
    await expect.poll(() => map.locator('.points circle').count()).toBeGreaterThan(0);
    expect(await map.getAttribute('aria-label')).toMatch(/sign-ins from \d+ countries/);
    await page.getByTestId('hours-chart').waitFor();
    await page.getByRole('heading', { name: 'Devices and tools' }).waitFor();
    await expectAccessible(page, 'the person page');
    await screenshot(page, 'person', true);

    // a traveller's map draws the impossible hops in red
    expect(travelerId, 'the synthetic company has an impossible traveller').not.toBe('');
    await page.goto(`/people/${encodeURIComponent(travelerId)}`);
    await page.getByTestId('world-map').waitFor();
    await expect.poll(() => page.locator('[data-testid=world-map] .travel .impossible').count()).toBeGreaterThan(0);
    expect(await page.locator('.travel-list').textContent()).toMatch(/Impossible travel: .+ → .+ km\/h/);
    await expectAccessible(page, 'the person page (traveller)');
    await screenshotOf(page, '#map', 'person-map');
  });

  it('the analyst opens the case from the board and walks it: assign, triage, investigate, escalate, note', async () => {
    const page = ana;
    await page.goto('/cases');
    await page.getByRole('link', { name: caseId, exact: true }).click();
    await page.getByRole('heading', { name: `Case ${caseId}`, exact: false }).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect.poll(() => page.locator('.facts').textContent()).toContain('ana');
    for (const to of ['triage', 'investigating']) {
      await page.getByLabel('Move to').selectOption(to);
      await page.getByRole('button', { name: 'Move' }).click();
      await expect.poll(() => page.getByTestId('case-state').textContent()).toBe(to);
    }
    await page.getByLabel('Move to').selectOption('escalated');
    await page.getByLabel('Escalate to').selectOption('insider-risk');
    await page.getByRole('button', { name: 'Escalate' }).click();
    await expect.poll(() => page.getByTestId('case-state').textContent()).toBe('escalated → insider-risk');
    await page.getByLabel(/Add a note/).fill('Sign-ins from two continents within hours; escalated to insider risk.');
    await page.getByRole('button', { name: 'Add note' }).click();
    await expect.poll(() => page.locator('.notes').textContent()).toContain('two continents');
    // an analyst can neither reveal identities nor contain: those panels are not shown
    expect(await page.getByRole('button', { name: 'Reveal identity' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Propose' }).count()).toBe(0);
    await expectAccessible(page, 'the case page (analyst)');
    await page.goto('/cases');
    await page.getByRole('heading', { name: /escalated/i }).waitFor();
    await expectAccessible(page, 'the cases board');
    await screenshot(page, 'cases');
  });

  it('an investigator (another user) reveals the identity on the escalated case, audited', async () => {
    expect(caseId, 'needs the escalated case of the previous journey').not.toBe('');
    const page = await as('ivy');
    ivyPage = page;
    await page.goto(`/cases/${encodeURIComponent(caseId)}`);
    await page.getByRole('button', { name: 'Reveal identity' }).click();
    const identity = page.getByTestId('identity');
    await identity.waitFor();
    // the revealed identity is the person's real name and e-mail
    const text = (await identity.textContent()) ?? '';
    expect(text).toContain(realName);
    expect(realIds.some((id) => id.includes('@') && text.includes(id))).toBe(true);
    await expectAccessible(page, 'the case page (investigator, revealed)');
  });

  it('containment: one investigator proposes, another approves; the fake Graph receives the call; the playbook step is done', async () => {
    const ivy = ivyPage ?? (await as('ivy'));
    await ivy.goto(`/cases/${encodeURIComponent(caseId)}`);
    await ivy.getByLabel('Action').selectOption('revoke-sessions');
    await ivy.getByLabel('Identity provider').selectOption('graph');
    await ivy.getByRole('button', { name: 'Propose' }).click();
    const table = ivy.getByRole('table', { name: 'Containment requests' });
    await table.waitFor();
    await expect.poll(() => table.textContent()).toContain('waiting for another approver');
    // the proposer has no approve button on their own request
    expect(await table.getByRole('button', { name: 'Approve' }).count()).toBe(0);

    const ian = await as('ian');
    await ian.goto(`/cases/${encodeURIComponent(caseId)}`);
    const pending = ian.getByRole('table', { name: 'Containment requests' });
    await pending.getByRole('button', { name: 'Approve' }).click();
    // the row says what happened (done, or failed with the connector's reason)
    await expect.poll(() => pending.locator('tbody tr').first().textContent(), { timeout: 20_000 }).toMatch(/done by ian/);
    expect(graph.userCalls.map((c) => `${c.method} ${c.path}`)).toContainEqual(expect.stringMatching(/^POST \/v1\.0\/users\/[^/]+\/revokeSignInSessions$/));
    expect(graph.users[0].signInSessionsValidFromDateTime).toBeDefined();
    await expect.poll(() => ian.locator('.steps .step-done').allTextContents()).toContainEqual(expect.stringMatching(/revoke|sessions/i));
    await expectAccessible(ian, 'the case page (containment approved)');
    await screenshot(ian, 'case', true);
  });

  it('the auditor sees only the audit log, verifies the chain and finds the reveal and the approval', async () => {
    const page = await as('aud');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Audit log']);
    await page.getByRole('table', { name: 'Audit rows' }).waitFor();
    await page.getByRole('button', { name: 'Verify the chain' }).click();
    await expect.poll(() => page.getByTestId('audit-verify').textContent()).toMatch(/^OK: \d+ rows/);
    await expectAccessible(page, 'the audit log');
    // page to the end: the newest rows hold the reveal
    const actions = new Set<string>();
    for (let i = 0; i < 100; i++) {
      for (const t of await page.getByRole('table', { name: 'Audit rows' }).locator('tbody tr td:nth-child(4)').allTextContents()) actions.add(t);
      const next = page.getByRole('button', { name: 'Next' });
      if (await next.isDisabled()) break;
      const before = await page.locator('.pager [role=status]').textContent();
      await next.click();
      await expect.poll(() => page.locator('.pager [role=status]').textContent()).not.toBe(before);
    }
    expect([...actions]).toContain('identity.reveal');
    await screenshot(page, 'audit');
  });

  it('a recruiter sees only candidates: the list and a report with its checklist', async () => {
    const page = await as('rex');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['Candidates']);
    await page.getByLabel('Recommendation').selectOption('stop');
    const rows = page.getByRole('table', { name: 'Candidates by risk' }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    await expectAccessible(page, 'the candidates page');
    await screenshot(page, 'candidates');
    await rows.first().getByRole('link').click();
    await page.getByRole('table', { name: 'Vetting checklist' }).waitFor();
    expect(await page.getByRole('table', { name: 'Vetting checklist' }).locator('tbody tr').count()).toBeGreaterThan(5);
    await expectAccessible(page, 'the candidate page');
    await screenshot(page, 'candidate', true);
    // people data is not for recruiters: the page says so (and the server refuses it anyway)
    await page.goto('/people');
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor();
  });

  it('an admin sees every area and the settings', async () => {
    const page = await as('adm');
    await expect.poll(() => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()).toEqual(['People', 'Candidates', 'Cases', 'Audit log', 'Settings']);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel(/Changes over the config file/).waitFor();
    await page.getByRole('table', { name: 'Users' }).waitFor();
    await expectAccessible(page, 'the settings page');
    await screenshot(page, 'settings', true);
  });

  it('no page error and no CSP violation in any journey', () => {
    for (const p of pages) expect(problemsOf(p), p.url()).toEqual([]);
  });
});
