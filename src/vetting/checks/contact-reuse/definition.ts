import { z } from 'zod';
import type { CheckDefinition } from '../../../core/check.ts';

export const definition = {
  id: 'contact-reuse',
  title: "Contact data shared with other applicants or employees",
  description:
    'A phone number, mailbox, distinctive e-mail local part, home address or GitHub account that another candidate or ' +
    'an employee also gave, under another name. One phone or mailbox behind several names, several unrelated names at ' +
    "one address, or an employee's phone, e-mail or address reused by an applicant is strong. A family at one address " +
    '(same family name, nothing else shared, few people) is reported as a household, and the same person recorded ' +
    'twice (the same name too) as a duplicate, neither weighing. A shared name alone is never a finding.',
  indicator: {
    text:
      'Microsoft: Jasper Sleet workers apply with "reused contact information" — the same phone numbers, e-mail ' +
      'addresses and addresses across many fake identities and applications; the FBI warns that facilitators receive ' +
      'laptops at one address for several workers (laptop farms) and that workers reuse e-mail accounts and phone ' +
      'numbers across personas.',
    reference:
      'Microsoft Threat Intelligence, "Jasper Sleet: North Korean remote IT workers\' evolving tactics to infiltrate ' +
      'organizations" (2025-06-30); FBI Public Service Announcement I-012325-PSA (2025-01-23); US DoJ laptop-farm ' +
      'indictments (2024-2025)',
  },
  needs: ['reuse', 'contact', 'directory'],
  severity: 'high',
  params: z.strictObject({
    /** An address shared only with people of the same family name, nothing else shared, at most this many people in all: a household. */
    householdMaxPeople: z.number().int().min(2).default(6),
    /** At least this many unrelated other names at one address is a ring (fewer: a shared house, low). */
    addressRingNames: z.number().int().min(1).default(2),
    /** Others named per finding (the rest are counted). */
    maxListed: z.number().int().min(1).default(10),
    employeeLikelihoodRatio: z.number().positive().default(40),
    highLikelihoodRatio: z.number().positive().default(20),
    mediumLikelihoodRatio: z.number().positive().default(5),
    lowLikelihoodRatio: z.number().positive().default(1.5),
  }),
  checklist: ['contact-reuse'],
  knownFalsePositives: [
    'Families and partners at one home, or sharing a landline: told apart by the same family name with nothing else shared (a household, info); relatives with different family names sharing an address stay low when only one other name is there.',
    'Roommates and shared student housing: one other unrelated name at an address is low, not a ring.',
    'The same person applying twice (two ATS records, a re-application): the same name key as well → a duplicate, info.',
    'An employee applying for an internal role, or a former employee re-applying: their own data matches the directory with the same name → a duplicate, info.',
    'Large buildings whose address key lacks the unit number: many names at one address; check the unit before acting.',
    'Recruiting agencies that put their own phone or e-mail on candidates\' profiles: one phone behind many names (sharedBy shows how many).',
  ],
} satisfies CheckDefinition;
