// Peer check against Panther's own rule tests (panther-labs/panther-analysis @ daa10c88, Apache-2.0, extracted into
// test/samples/panther/panther_tests_extracted.jsonl.gz). Every test log of the compared rules goes through our
// real reader (format sniffing + parsing), the real pipeline with every registered detector plus vendor-risk, and the
// real offline intel. "We alert" = a finding of the detector that implements the same idea as the Panther rule.
// Panther's p_enrichment (ipinfo) and its mocks are NOT used by us: our verdict rests on our own GeoLite2/ASN lookup.
import { pantherTestsText } from '../samples.ts';
import type { AnyDetector } from '../../src/core/detector.ts';
import type { Finding, InputSummary, IpIntel, NormalizedEvent } from '../../src/core/model.ts';
import { Pipeline, type IntelPort } from '../../src/core/pipeline.ts';
import { readInputText, InputError } from '../../src/sources/reader.ts';

export const PANTHER_TESTS = 'test/samples/panther/panther_tests_extracted.jsonl.gz';

/** Panther rule → our detector implementing the same idea. */
export const RULE_MAP: Record<string, { detector: string; idea: string }> = {
  'Standard.ImpossibleTravel.Login': { detector: 'impossible-travel', idea: 'two logins farther apart than anyone can travel' },
  'Standard.SignInFromRogueState': { detector: 'high-risk-network', idea: 'successful sign-in from a CN / IR / RU network' },
  'Okta.Anonymizing.VPN.Login': { detector: 'anonymising-infra', idea: 'sign-in through an anonymising proxy / VPN' },
  'Azure.Audit.HighRiskSignIn': { detector: 'vendor-risk', idea: "Entra's own high-risk verdict (not dismissed / remediated)" },
  'Azure.Audit.RiskLevelPassthrough': { detector: 'vendor-risk', idea: "Entra's own risk level passed through (low / medium / high)" },
  'GSuite.IsSuspiciousTag': { detector: 'vendor-risk', idea: "Google's own is_suspicious flag on a login" },
};

/** The only reasons a disagreement may have. */
export const REASONS = {
  'mocked-history':
    "Panther's verdict rests on a mocked earlier login (its KV-store history), which is not in the extracted record",
  'vendor-enrichment': "Panther's verdict rests on its own p_enrichment (ipinfo) geolocation of a placeholder IP, which we do not read",
  'failed-attempt': 'the record is a failed sign-in attempt; our detector weighs only successful sign-ins',
  'not-a-person': 'the record is a service-principal (application) sign-in, which our parser ignores by design (valid, about no person)',
  'stub-record': 'the record is a hand-written rule-test stub missing a field every real record has, so our parser rejects it',
} as const;
export type Reason = keyof typeof REASONS;

export interface PantherTest {
  RuleID: string;
  TestName: string;
  ExpectedResult: boolean;
  HasMocks: boolean;
  Log: Record<string, unknown>;
}

export interface Row {
  rule: string;
  test: string;
  expected: boolean;
  hasMocks: boolean;
  /** 'alert' | 'no alert' for supported formats; undefined when the format is not supported */
  ours?: boolean;
  agree?: boolean;
  /** how our reader and detectors saw the record */
  read: string;
  findings: Finding[];
  otherFindings: string[];
  reason?: Reason;
  explanation?: string;
}

export function loadPantherTests(): PantherTest[] {
  return pantherTestsText()
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PantherTest)
    .filter((t) => t.RuleID in RULE_MAP);
}

const place = (i: IpIntel | undefined): string => {
  const g = i?.geo;
  if (!g) return 'no GeoLite2 place';
  return [g.city, g.region, g.country].filter(Boolean).join(', ');
};
/** "Cloudflare, Inc. AS13335 (sase, no GeoLite2 place)" */
export function ipFacts(ip: string, intel: IntelPort): string {
  const i = intel.lookupIp(ip);
  if (!i) return `${ip} (not an IP)`;
  const as = i.asn !== undefined ? `${i.asOrg ?? 'AS'} AS${i.asn}` : 'no ASN';
  return `${ip} = ${as} (${i.netClass}, ${place(i)})`;
}

/** Panther's own ipinfo location of the record's IP: { where: "Moscow, RU", country: "RU", ip } when present. */
function pantherEnrichment(log: Record<string, unknown>): { where: string; country?: string; pMatch?: string } | undefined {
  const loc = (log.p_enrichment as Record<string, Record<string, Record<string, string>>> | undefined)?.ipinfo_location;
  if (!loc) return undefined;
  const first = Object.values(loc)[0];
  if (!first) return undefined;
  return { where: [first.city, first.country].filter(Boolean).join(', '), country: first.country, pMatch: first.p_match };
}

/** Run one Panther test log through our reader and pipeline. */
export function runTest(t: PantherTest, detectors: AnyDetector[], intel: IntelPort): Row {
  const { detector } = RULE_MAP[t.RuleID];
  const row: Row = { rule: t.RuleID, test: t.TestName, expected: t.ExpectedResult, hasMocks: t.HasMocks, read: '', findings: [], otherFindings: [] };
  const events: NormalizedEvent[] = [];
  let summary: InputSummary;
  try {
    summary = readInputText(`panther:${t.RuleID}`, JSON.stringify([t.Log]), { event: (e) => events.push(e), directory: () => {} });
  } catch (e) {
    if (!(e instanceof InputError) || !e.message.includes('unknown format')) throw e;
    row.read = `not applicable: format not supported (${String(t.Log.p_log_type ?? 'unrecognised log')})`;
    return row;
  }
  const pipeline = new Pipeline({ detectors, intel });
  for (const ev of events) pipeline.ingest(ev);
  const result = pipeline.finish();
  const all = result.people.flatMap((p) => p.findings);
  row.findings = all.filter((f) => f.detector === detector);
  row.otherFindings = all.filter((f) => f.detector !== detector).map((f) => `${f.detector} ${f.severity}`);
  row.ours = row.findings.length > 0;
  row.agree = row.ours === t.ExpectedResult;
  if (summary.rejected > 0) {
    const e = summary.errors[0];
    row.read = `${summary.format}: rejected — ${e.field}: ${e.message}`;
  } else if (summary.ignored > 0 && events.length === 0) {
    row.read = `${summary.format}: ignored — ${Object.keys(summary.ignoredReasons).join('; ')}`;
  } else {
    row.read =
      `${summary.format}: ` +
      events
        .map((ev) => `${ev.kind === 'signin' ? 'successful sign-in' : `${ev.type} (${ev.outcome}${ev.reason ? `: ${ev.reason}` : ''})`}${ev.ip ? ` from ${ipFacts(ev.ip, intel)}` : ''}`)
        .join('; ');
  }
  if (row.findings.length > 0) row.read += ` → ${row.findings.map((f) => `${f.severity}: ${f.title}`).join('; ')}`;
  if (!row.agree) Object.assign(row, explain(t, summary, events, intel));
  return row;
}

/** The reason of a disagreement, from the record and how we read it; undefined when none of REASONS applies. */
function explain(
  t: PantherTest,
  summary: InputSummary,
  events: NormalizedEvent[],
  intel: IntelPort,
): { reason?: Reason; explanation?: string } {
  const det = RULE_MAP[t.RuleID].detector;
  if (summary.ignored > 0 && events.length === 0 && Object.keys(summary.ignoredReasons).some((r) => r.startsWith('not about a person'))) {
    const props = t.Log.properties as { servicePrincipalName?: string } | undefined;
    const sp = props?.servicePrincipalName ?? 'an application';
    return {
      reason: 'not-a-person',
      explanation: `The log is a ServicePrincipalSignInLogs record of '${sp}': it has no user, and our Entra parser ignores it as not about a person by design, so no person can alert.`,
    };
  }
  if (summary.rejected > 0 && events.length === 0) {
    const e = summary.errors[0];
    return { reason: 'stub-record', explanation: `The log is a hand-written stub without \`${e.field}\` (${e.message}), which every real ${summary.format} record has, so our parser rejects it.` };
  }
  const ev = events[0];
  const ip = ev?.ip;
  if (t.RuleID === 'Standard.ImpossibleTravel.Login' && t.HasMocks && events.length === 1) {
    const enr = pantherEnrichment(t.Log);
    return {
      reason: 'mocked-history',
      explanation:
        `Panther mocks the user's previous login (not in the extracted record)${enr ? ` and places ${ip} in ${enr.where} by its p_enrichment` : ''}; ` +
        `run alone, this single sign-in from ${ip ? ipFacts(ip, intel) : 'no IP'} has no earlier sign-in to travel from.`,
    };
  }
  const enr = pantherEnrichment(t.Log);
  if (t.RuleID === 'Standard.SignInFromRogueState' && enr && ip) {
    const ours = intel.lookupIp(ip)?.geo?.country;
    if (ours !== enr.country) {
      const own = ev.source.startsWith('okta') ? "Okta's own client.geographicalContext" : "the identity provider's own location";
      const vendor = ev.vendorGeo?.country === enr.country ? ` (${own} in the log says the same)` : '';
      return {
        reason: 'vendor-enrichment',
        explanation:
          `Panther's verdict rests on its p_enrichment saying ${enr.where}${vendor} and a mocked is_rogue_state; ` +
          `our lookup of the real IP: ${ipFacts(ip, intel)} — not a Chinese, Iranian or Russian network.`,
      };
    }
  }
  if (events.length > 0 && events.every((e) => e.outcome !== 'success')) {
    return {
      reason: 'failed-attempt',
      explanation:
        `The log is a failed sign-in (${ev.outcome}: ${ev.reason ?? 'no reason'})${ev.vendorNet?.isProxy ? ' flagged securityContext.isProxy = true by Okta' : ''}; ` +
        `${det} weighs only successful sign-ins, because an attempt — often someone else's — does not show how the worker works.`,
    };
  }
  return {};
}

export interface RuleSummary {
  agree: number;
  disagree: number;
  notApplicable: number;
}

export function summarise(rows: Row[]): Record<string, RuleSummary> {
  const out: Record<string, RuleSummary> = {};
  for (const r of rows) {
    const s = (out[r.rule] ??= { agree: 0, disagree: 0, notApplicable: 0 });
    if (r.ours === undefined) s.notApplicable++;
    else if (r.agree) s.agree++;
    else s.disagree++;
  }
  return out;
}

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const yesNo = (b: boolean): string => (b ? 'alert' : 'no alert');

/** docs/peer-check.md */
export function renderMarkdown(rows: Row[], source: string): string {
  const sum = summarise(rows);
  const reasons = new Map<Reason, number>();
  for (const r of rows) if (r.reason) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
  const total = Object.values(sum).reduce((a, s) => ({ agree: a.agree + s.agree, disagree: a.disagree + s.disagree, notApplicable: a.notApplicable + s.notApplicable }), { agree: 0, disagree: 0, notApplicable: 0 });
  const lines: string[] = [
    '# Peer check: Panther rule tests',
    '',
    `Generated by \`test/peer/panther.test.ts\` (do not edit by hand). Source: \`${source}\` — every rule test of`,
    'panther-labs/panther-analysis @ daa10c88 (Apache-2.0), one JSON line each `{RuleID, TestName, ExpectedResult, HasMocks, Log}`.',
    '',
    '## Method',
    '',
    '- Each test `Log` is read by our real reader (`readInputText` on `JSON.stringify([log])`: format sniffing and the',
    '  real parsers of `src/sources`), then run through a fresh `Pipeline` with every registered detector plus',
    '  `vendor-risk` and the real offline intel (`openIntel`: GeoLite2 City, ASN, network catalogues).',
    '- **We alert** = at least one finding of the detector that implements the same idea as the Panther rule:',
    '',
    '| Panther rule | our detector | idea |',
    '|---|---|---|',
    ...Object.entries(RULE_MAP).map(([rule, m]) => `| ${rule} | ${m.detector} | ${m.idea} |`),
    '',
    "- We do **not** read Panther's `p_enrichment` (ipinfo geolocation / privacy) nor its mocks: our verdict rests on our",
    '  own lookup of the real IP. Many Panther test IPs are placeholders (1.1.1.1, 1.2.3.4, 4.4.4.4, 12.12.12.12) whose',
    '  real owner is nothing like the enrichment written next to them.',
    "- Tests with `HasMocks` whose mock is a prior login (`Standard.ImpossibleTravel.Login`'s `get_string_set`) cannot be",
    '  reconstructed: the extracted record does not contain the mock, and the mock is a place without an IP. They are run',
    '  alone (one sign-in).',
    '- Logs of formats we do not read (CloudTrail, Asana, Notion, Box, OneLogin, 1Password, Zoom) are *not applicable*.',
    '- Detectors are not tuned to agree; every disagreement is explained with one of the fixed reasons below.',
    '',
    '## Summary',
    '',
    '| rule | tests | agree | disagree | not applicable |',
    '|---|---|---|---|---|',
    ...Object.entries(sum).map(([rule, s]) => `| ${rule} | ${s.agree + s.disagree + s.notApplicable} | ${s.agree} | ${s.disagree} | ${s.notApplicable} |`),
    `| **all** | ${total.agree + total.disagree + total.notApplicable} | ${total.agree} | ${total.disagree} | ${total.notApplicable} |`,
    '',
    '## Reasons for disagreement',
    '',
    '| reason | count | meaning |',
    '|---|---|---|',
    ...(Object.keys(REASONS) as Reason[]).map((r) => `| ${r} | ${reasons.get(r) ?? 0} | ${REASONS[r]} |`),
    '',
    '## Every test',
    '',
    '| rule | test | Panther | ours | agree? | how we read it | why we disagree |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) =>
      [
        '',
        r.rule,
        cell(r.test),
        yesNo(r.expected) + (r.hasMocks ? ' (mocked)' : ''),
        r.ours === undefined ? 'n/a' : yesNo(r.ours),
        r.ours === undefined ? 'n/a' : r.agree ? 'yes' : '**no**',
        cell(r.read + (r.otherFindings.length ? `; other detectors: ${r.otherFindings.join(', ')}` : '')),
        r.reason ? cell(`${r.reason}: ${r.explanation}`) : '',
        '',
      ].join(' | ').trim(),
    ),
    '',
  ];
  return lines.join('\n');
}
