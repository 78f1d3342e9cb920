// contact-reuse: pure, over ctx.matches (the CandidateIndex lookup of this candidate). See README.md.
import type { ChecklistDraft, EnrichedCandidate, Party, ReuseField, ReuseMatch, VetContext, VetFindingDraft } from '../../../core/check.ts';
import { defineCheck } from '../../../core/check.ts';
import { SHARED_BY_CAP } from '../../../core/candidate-index.ts';
import type { Evidence, Severity } from '../../../core/model.ts';
import { familyKey } from '../../similarity/names.ts';
import { definition } from './definition.ts';
import { partyKey as pid } from '../../common/party.ts';

type Params = ReturnType<typeof definition.params.parse>;

// The same local part at another provider (field emailLocal) is the throwaway-email check's finding, not this one's.
const CONTACT: ReadonlySet<ReuseField> = new Set(['phone', 'mailbox', 'address', 'github']);
const LABEL: Record<string, string> = { phone: 'phone number', mailbox: 'mailbox', emailLocal: 'e-mail local part (at another provider)', address: 'address', github: 'GitHub account' };

const who = (p: Party): string => `${p.kind === 'employee' ? 'employee' : 'candidate'} ${p.displayName ? `${p.displayName} (${p.id})` : p.id}`;

interface Other {
  party: Party;
  family?: string;
  /** Shares a name key with this candidate: the same person recorded twice. */
  sameName: boolean;
  fields: Set<ReuseField>;
}

export const check = defineCheck({
  definition,
  run(c: EnrichedCandidate, ctx: VetContext, p: Params) {
    const findings: VetFindingDraft[] = [];
    const checklist: ChecklistDraft[] = [];
    const myFamily = familyKey(c.candidate.familyName, c.candidate.displayName);
    const others = new Map<string, Other>();
    const other = (m: ReuseMatch): Other => {
      const id = pid(m.other);
      let o = others.get(id);
      if (!o) others.set(id, (o = { party: m.other, family: m.otherFamilyName, sameName: false, fields: new Set() }));
      return o;
    };
    for (const m of ctx.matches) {
      if (m.field === 'name') other(m).sameName = true;
      else if (CONTACT.has(m.field)) other(m).fields.add(m.field);
    }
    // Per shared value: the others under it.
    const byValue = new Map<string, { field: ReuseField; value: string; matches: ReuseMatch[]; sharedBy?: number }>();
    for (const m of ctx.matches) {
      if (!CONTACT.has(m.field)) continue;
      const k = `${m.field}\u0000${m.value}`;
      const v = byValue.get(k) ?? { field: m.field, value: m.value, matches: [] };
      v.matches.push(m);
      if (m.sharedBy !== undefined) v.sharedBy = Math.max(v.sharedBy ?? 0, m.sharedBy);
      byValue.set(k, v);
    }
    const lr = { high: p.highLikelihoodRatio, medium: p.mediumLikelihoodRatio, low: p.lowLikelihoodRatio } as Record<Severity, number>;
    let strongest: VetFindingDraft | undefined;
    for (const v of byValue.values()) {
      const os = [...new Set(v.matches.map((m) => pid(m.other)))].map((id) => others.get(id)!);
      const dup = os.filter((o) => o.sameName);
      const distinct = os.filter((o) => !o.sameName);
      const total = v.sharedBy ?? os.length;
      const totalText = `${total}${total >= SHARED_BY_CAP ? ' or more' : ''}`;
      const list = (xs: Other[]) => xs.slice(0, p.maxListed).map((o) => who(o.party)).join('; ') + (xs.length > p.maxListed ? `; and ${xs.length - p.maxListed} more` : '');
      const evidence: Evidence[] = [
        { type: 'measure', label: `${LABEL[v.field]} ${v.value} is also given by ${totalText} other part${total === 1 ? 'y' : 'ies'}`, value: total },
        ...os.slice(0, p.maxListed).map((o): Evidence => ({
          type: o.party.kind === 'employee' ? 'directory' : 'peer',
          label: `${who(o.party)}${o.family ? `, family name "${o.family}"` : ''}; also shares: ${[...o.fields].map((f) => LABEL[f]).join(', ')}${o.sameName ? '; same name' : ''}`,
          ...(o.party.kind === 'employee' ? { personId: o.party.id } : {}),
        })),
      ];
      if (distinct.length === 0) {
        findings.push({
          severity: 'info',
          title: `Recorded twice: the same name and ${LABEL[v.field]}`,
          explanation: `${LABEL[v.field]} ${v.value} belongs to ${list(dup)} with the same name: most likely the same person applying again or already on file, not reuse by another identity. Confirm it is one person.`,
          evidence,
          likelihoodRatio: 1,
        });
        continue;
      }
      const employees = distinct.filter((o) => o.party.kind === 'employee');
      const sameFamily = (o: Other) => myFamily !== undefined && o.family === myFamily;
      // Household: an address (or a landline-like shared phone) shared only with people of the candidate's family name,
      // nothing else shared, and few of them.
      const householdLike = (v.field === 'address' || v.field === 'phone') && distinct.every((o) => sameFamily(o) && o.fields.size === 1) && total + 1 <= p.householdMaxPeople;
      let severity: Severity;
      let title: string;
      let why: string;
      if (householdLike) {
        severity = 'info';
        title = `A household: ${LABEL[v.field]} shared with the same family name`;
        why = `${LABEL[v.field]} ${v.value} is shared with ${list(distinct)}, all with the family name "${myFamily}" and nothing else in common, ${total + 1} people in all (≤ ${p.householdMaxPeople}): a household, not a ring.`;
      } else if (employees.length > 0) {
        severity = 'high';
        title = `An employee's ${LABEL[v.field]} given by this applicant`;
        why =
          `${LABEL[v.field]} ${v.value} is in the directory for ${list(employees)}` +
          (employees.every(sameFamily) ? ` (same family name "${myFamily}": a relative is possible, but an applicant giving staff contact data must be explained)` : ', under another name') +
          '. Facilitators reuse the phones and addresses of people already placed.';
      } else if (v.field === 'address') {
        const unrelated = distinct.filter((o) => !sameFamily(o));
        const families = new Set(unrelated.map((o) => o.family ?? pid(o.party)));
        if (families.size >= p.addressRingNames || total + 1 > p.householdMaxPeople) {
          severity = 'high';
          title = families.size >= p.addressRingNames ? 'Several unrelated names at one address' : `${total + 1} people at one address`;
          why = `address ${v.value} is also given by ${totalText} other${total === 1 ? '' : 's'} under ${families.size} other family name(s): ${list(distinct)} (ring from ${p.addressRingNames} unrelated names or more than ${p.householdMaxPeople} people). Laptop farms receive many workers' equipment at one address.`;
        } else {
          severity = unrelated.some((o) => o.fields.size > 1) ? 'medium' : 'low';
          title = severity === 'medium' ? 'Address and more shared with another name' : 'Address shared with one other name';
          why = `address ${v.value} is also given by ${list(distinct)} under another family name${severity === 'medium' ? ', who shares more than the address' : ' and nothing else in common (roommates are common)'}.`;
        }
      } else {
        severity = 'high';
        title = v.field === 'phone' ? 'One phone number behind several names' : v.field === 'mailbox' ? 'One mailbox across several names' : 'One GitHub account under several names';
        why = `${LABEL[v.field]} ${v.value} is also given by ${totalText} other${total === 1 ? '' : 's'} under another name: ${list(distinct)}.`;
      }
      const f: VetFindingDraft = {
        severity,
        title,
        explanation: why.charAt(0).toUpperCase() + why.slice(1),
        evidence,
        likelihoodRatio: severity === 'info' ? 1 : employees.length > 0 && severity === 'high' && title.startsWith('An employee') ? p.employeeLikelihoodRatio : lr[severity],
      };
      findings.push(f);
      if (severity !== 'info' && severity !== 'low' && (!strongest || f.likelihoodRatio! > strongest.likelihoodRatio!)) strongest = f;
    }
    const hasContact = c.phones.some((x) => x.e164) || c.emails.some((x) => x.valid) || c.addresses.some((a) => a.key);
    if (strongest) checklist.push({ item: 'contact-reuse', status: 'failed', evidence: strongest.explanation });
    else if (hasContact) {
      const quiet = findings.length ? ` (only ${findings.map((f) => f.title.toLowerCase()).join('; ')})` : '';
      checklist.push({ item: 'contact-reuse', status: 'verified', evidence: `no other candidate or employee gives this candidate's phone, e-mail, address or GitHub account under another name${quiet}` });
    }
    return { findings, checklist };
  },
});
