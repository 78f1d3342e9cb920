// github-account: account age against the work it is said to show, and commit UTC offsets against the claimed home.
// Home offsets: the IANA zones of the home country (country-zones.ts, generated from tzdata zone.tab) turned into UTC
// offsets with Intl for mid-January and mid-July of the review year (both sides of daylight saving). Pure.
import { defineCheck, type ChecklistDraft, type EnrichedCandidate, type VetFindingDraft } from '../../../core/check.ts';
import type { Evidence } from '../../../core/model.ts';
import { fmtMonth, monthOf, monthRange, spanOf } from '../overlapping-jobs/dates.ts';
import { COUNTRY_ZONES } from './country-zones.ts';
import { definition } from './definition.ts';

const offsetCache = new Map<string, number>();

/** UTC offset in minutes of an IANA zone at an instant (Intl longOffset: "GMT+09:00", "GMT-03:30", "GMT"). */
export function zoneOffset(zone: string, at: number): number {
  const key = `${zone}|${Math.floor(at / 86_400_000)}`;
  const hit = offsetCache.get(key);
  if (hit !== undefined) return hit;
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((x) => x.type === 'timeZoneName')?.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name ?? '');
  if (!m) throw new Error(`time zone ${zone}: unexpected offset "${name}"`);
  const v = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  if (offsetCache.size > 10_000) offsetCache.clear();
  offsetCache.set(key, v);
  return v;
}

/** The UTC offsets (minutes) a country uses in a year: every zone, mid-January and mid-July. */
export function countryOffsets(country: string, now: number): number[] | undefined {
  const zones = COUNTRY_ZONES[country.toUpperCase()];
  if (!zones) return undefined;
  const y = new Date(now).getUTCFullYear();
  const out = new Set<number>();
  for (const z of zones) for (const at of [Date.UTC(y, 0, 15, 12), Date.UTC(y, 6, 15, 12)]) out.add(zoneOffset(z, at));
  return [...out].sort((a, b) => a - b);
}

export const parseOffset = (s: string): number | undefined => {
  const m = /^([+-])(\d{2})(\d{2})$/.exec(s.trim());
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
};

export const fmtOffset = (min: number): string => {
  const a = Math.abs(min);
  return `${min < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
};

/** ISO-2 home countries the candidate claims (home addresses; place resolved by enrichment, else an ISO-2 field). */
function homeCountries(c: EnrichedCandidate): string[] {
  const out = new Set<string>();
  for (const a of c.addresses) {
    if (a.address.use !== 'home') continue;
    const cc = a.place?.country ?? a.address.country;
    if (cc && /^[A-Za-z]{2}$/.test(cc)) out.add(cc.toUpperCase());
  }
  return [...out];
}

const PUBLIC_WORK = /\b(github|open[- ]source)\b/i;

export const check = defineCheck({
  definition,
  run(c, ctx, p) {
    const gh = c.candidate.github;
    if (!gh) return { findings: [], checklist: [] };
    const login = gh.login.toLowerCase();
    const findings: VetFindingDraft[] = [];
    const verified: string[] = [];
    const failed: string[] = [];
    // github.com/<login> as a whole path segment (github.com/octo is not github.com/octocat).
    const ghUrl = (u: string | undefined): boolean => {
      if (!u) return false;
      const l = u.toLowerCase();
      const at = l.indexOf(`github.com/${login}`);
      if (at < 0) return false;
      const next = l.charAt(at + 11 + login.length);
      return next === '' || next === '/' || next === '?' || next === '#';
    };
    const linked =
      c.candidate.profiles.some((pr) => ghUrl(pr.url) || (pr.network?.toLowerCase() === 'github' && pr.username?.toLowerCase() === login)) ||
      c.candidate.work.some((w) => ghUrl(w.url));

    // 1–2. Account age.
    const created = gh.created ? Date.parse(gh.created) : NaN;
    if (Number.isFinite(created)) {
      const createdM = monthOf(created);
      const pub = c.candidate.work
        .filter((w) => w.start && (w.url?.toLowerCase().includes('github.com') || PUBLIC_WORK.test(`${w.position ?? ''} ${w.employer} ${(w.summary ?? '').slice(0, 5000)}`)))
        .map((w) => ({ w, start: monthRange(w.start!).hi }))
        .sort((a, b) => a.start - b.start)[0];
      if (linked && pub && pub.start < createdM - p.accountSlackMonths) {
        const gap = createdM - pub.start;
        findings.push({
          severity: 'medium',
          title: `GitHub account ${gh.login} created ${gap} months after the public work the resume attributes to it`,
          explanation:
            `The resume links the GitHub account ${gh.login} and presents public work starting with "${pub.w.employer}"` +
            `${pub.w.position ? ` (${pub.w.position})` : ''} from ${pub.w.start}, but the account was created on ${gh.created!.slice(0, 10)}, ` +
            `${gap} months later (slack ${p.accountSlackMonths}). Borrowed or freshly built profiles are part of fabricated personas. ` +
            `Ask where that work was published before; commits imported from another account keep their old dates, so look at the repositories.`,
          evidence: [
            { type: 'event', label: `GitHub account ${gh.login} created (users API created_at)`, time: gh.created },
            { type: 'measure', label: `first work entry attributed to public work: "${pub.w.employer}" from ${pub.w.start}`, value: fmtMonth(pub.start), threshold: fmtMonth(createdM - p.accountSlackMonths) },
          ],
          likelihoodRatio: p.linkedPredatesLikelihoodRatio,
        });
        failed.push(`GitHub ${gh.login} created ${gh.created!.slice(0, 10)}, after public work from ${pub.w.start}`);
      }
      const starts = c.candidate.work.map((w) => spanOf(w, ctx.now)?.start).filter((x): x is number => x !== undefined);
      const expM = starts.length ? monthOf(ctx.now) - Math.min(...starts) : 0;
      const ageM = monthOf(ctx.now) - createdM;
      if (ageM < p.youngAccountMonths && expM >= p.seniorExperienceYears * 12) {
        // Linked by the resume (shown as evidence of the experience): medium, and the profiles item fails. Not linked:
        // low — many experienced engineers only ever had company repositories.
        findings.push({
          severity: linked ? 'medium' : 'low',
          title: `GitHub account ${gh.login} is ${ageM} months old beside ${(expM / 12).toFixed(0)} years of experience`,
          explanation:
            `The GitHub account ${gh.login} was created ${gh.created!.slice(0, 10)} (${ageM} months ago), while the work history ` +
            `spans ${(expM / 12).toFixed(0)} years. ` +
            (linked
              ? `The resume links this account as its public profile, so years of claimed work have no public trace older than ${ageM} months: ` +
                `ask for the account(s) the candidate used before and look at their history.`
              : `The resume does not link it, and many experienced engineers only have company repositories, so this weighs little on its own.`),
          evidence: [
            { type: 'event', label: `GitHub account ${gh.login} created`, time: gh.created },
            { type: 'measure', label: 'account age', value: ageM, threshold: p.youngAccountMonths, unit: 'months' },
            { type: 'measure', label: 'experience from the first dated job', value: Math.round(expM / 12), threshold: p.seniorExperienceYears, unit: 'years' },
            { type: 'measure', label: 'the resume links the account', value: linked },
          ],
          likelihoodRatio: linked ? p.linkedYoungAccountLikelihoodRatio : p.youngAccountLikelihoodRatio,
        });
        if (linked) failed.push(`GitHub ${gh.login}, linked by the resume, is ${ageM} months old beside ${(expM / 12).toFixed(0)} years of experience`);
      } else if (!failed.length) verified.push(`GitHub ${gh.login} created ${gh.created!.slice(0, 10)}: no public work attributed to it before then`);
    }

    // 3. Commit offsets against the claimed home.
    const homes = homeCountries(c);
    const homeOffsets = [...new Set(homes.flatMap((h) => countryOffsets(h, ctx.now) ?? []))].sort((a, b) => a - b);
    const neutral = new Set(p.neutralOffsets.map(parseOffset));
    const watch = new Set(p.watchOffsets.map(parseOffset));
    let judged = 0;
    const far: { off: number; n: number; dist: number }[] = [];
    for (const [k, n] of Object.entries(gh.commitOffsets).slice(0, 200)) {
      const off = parseOffset(k);
      if (off === undefined || !Number.isInteger(n) || n <= 0) continue;
      if (neutral.has(off) && !homeOffsets.includes(off)) continue;
      judged += n;
      if (!homeOffsets.length) continue;
      const dist = Math.min(...homeOffsets.map((h) => Math.abs(off - h)));
      if (dist >= p.farHours * 60) far.push({ off, n, dist });
    }
    if (homeOffsets.length && judged >= p.minCommits) {
      const farN = far.reduce((s, x) => s + x.n, 0);
      const share = farN / judged;
      const home = `${homes.join(', ')} (${homeOffsets.map(fmtOffset).join(', ')})`;
      if (share >= p.farShare) {
        far.sort((a, b) => b.n - a.n);
        const watched = far.filter((x) => watch.has(x.off)).reduce((s, x) => s + x.n, 0);
        const high = watched / judged >= p.farShare;
        findings.push({
          severity: high ? 'high' : 'medium',
          title: `${Math.round(share * 100)}% of ${gh.login}'s commits at ${far.slice(0, 3).map((x) => fmtOffset(x.off)).join(', ')}, far from the claimed home ${homes.join(', ')}`,
          explanation:
            `${farN} of ${judged} commits of ${gh.login} (neutral offsets ${p.neutralOffsets.join(', ')} not counted) carry UTC offsets at least ` +
            `${p.farHours} hours from every offset of the claimed home ${home}: ${far.slice(0, 5).map((x) => `${fmtOffset(x.off)} ×${x.n}`).join(', ')}. ` +
            (high ? `Offsets of +0800/+0900 are those of China, the Koreas and Russia's Far East, where these workers operate from. ` : '') +
            `A commit's offset is the author's machine clock: ask where the candidate has lived and worked; a recent move or a machine on another zone explains it.`,
          evidence: [
            ...far.slice(0, 5).map((x): Evidence => ({ type: 'measure', label: `commits at ${fmtOffset(x.off)} (${(x.dist / 60).toFixed(1)} h from the nearest home offset)`, value: x.n, unit: 'commits' })),
            { type: 'measure', label: `share of commits at far offsets; home ${home}`, value: Math.round(share * 1000) / 1000, threshold: p.farShare },
          ],
          likelihoodRatio: high ? p.watchOffsetLikelihoodRatio : p.farOffsetLikelihoodRatio,
        });
        failed.push(`${Math.round(share * 100)}% of ${judged} commits far from ${home}`);
      } else verified.push(`${judged - farN} of ${judged} commits at offsets of the claimed home ${home}`);
    }

    const checklist: ChecklistDraft[] = [];
    if (failed.length) checklist.push({ item: 'profiles', status: 'failed', evidence: failed.join('; ') });
    else if (verified.length) checklist.push({ item: 'profiles', status: 'verified', evidence: verified.join('; ') });
    return { findings, checklist };
  },
});
