// The one list of input formats. Detection is by content: the reader tries each format's sniff() in order.
import type { SourceFormat } from './types.ts';
import { entraSignin } from './entra-signin/format.ts';
import { entraDiagnostic } from './entra-diagnostic/format.ts';
import { entraSentinelCsv } from './entra-sentinel-csv/format.ts';
import { oktaSystemLog } from './okta-systemlog/format.ts';
import { oktaSentinel } from './okta-sentinel/format.ts';
import { gworkspaceLogin } from './gworkspace/format.ts';
import { entraSentinel } from './entra-sentinel/format.ts';
import { entraGraphAudit } from './entra-graph-audit/format.ts';
import { o365Management } from './o365-management/format.ts';
import { scimUsers } from './scim-users/format.ts';
import { hrCsv } from './hr-csv/format.ts';
import { teamsActivity } from './teams-activity/format.ts';
import { slackAnalytics } from './slack-analytics/format.ts';
import { osqueryResults } from './osquery-results/format.ts';
import { intuneDevices } from './intune-devices/format.ts';
import { defenderHunting } from './defender-hunting/format.ts';
import { jsonResume } from './jsonresume/format.ts';
import { greenhouseCandidates } from './greenhouse-candidates/format.ts';
import { candidateCsv } from './candidate-csv/format.ts';
import { vettingRecords } from './vetting-records/format.ts';
import { githubExport } from './github-export/format.ts';
import { resumeDocument } from './resume-document/format.ts';
import { graphUsers } from './graph-users/format.ts';
import { oktaUsers } from './okta-users/format.ts';
import { gworkspaceUsers } from './gworkspace-users/format.ts';

export const formats: SourceFormat[] = [
  entraDiagnostic,
  entraSignin,
  entraSentinelCsv,
  oktaSentinel,
  oktaSystemLog,
  gworkspaceLogin,
  entraSentinel,
  entraGraphAudit,
  o365Management,
  teamsActivity,
  slackAnalytics,
  scimUsers,
  // directory APIs the collectors pull (src/app/collectors/), read like a saved page of them
  graphUsers,
  oktaUsers,
  gworkspaceUsers,
  osqueryResults,
  // vetting inputs (produces: 'candidates'), before hr-csv: a candidate CSV also has names, e-mails and addresses
  vettingRecords,
  candidateCsv,
  jsonResume,
  greenhouseCandidates,
  githubExport,
  resumeDocument, // never sniffed from records: PDF / DOCX files are recognised by their bytes (reader.ts)
  hrCsv,
  intuneDevices,
  defenderHunting,
];

export function formatById(id: string): SourceFormat | undefined {
  return formats.find((f) => f.id === id);
}
