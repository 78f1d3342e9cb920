// Remote-access catalog (issue 9): RMM / remote-desktop / tunnel tools from LOLRMM, the Microsoft hunting list
// and Splunk's lookup, plus curated consumer VPN clients, keep-awake tools and IP-KVM USB identities; and a
// matcher for endpoint observations. The catalog file is read once, at the first match (lazily), never written.
import { readRemoteAccessCatalog, type RemoteAccessCatalog } from './catalog.ts';
import { RemoteAccessMatcher, type RemoteAccessMatch, type RemoteAccessObservation } from './matcher.ts';

export type { RemoteAccessCatalog, RemoteAccessCategory, RemoteAccessTool, UsbIdentity } from './catalog.ts';
export type {
  CatalogField, Confidence, MatchEvidence, ObservationField, RemoteAccessMatch, RemoteAccessObservation,
} from './matcher.ts';
export { RemoteAccessMatcher } from './matcher.ts';
export { defaultCatalogFile, readRemoteAccessCatalog } from './catalog.ts';

let shared: RemoteAccessMatcher | undefined;

/** The matcher over the committed catalog (data/remote-access/catalog.json), compiled at the first call. */
export function remoteAccessMatcher(): RemoteAccessMatcher {
  return (shared ??= new RemoteAccessMatcher(readRemoteAccessCatalog()));
}

/** Match one observation against the committed catalog. */
export function matchRemoteAccess(obs: RemoteAccessObservation): RemoteAccessMatch[] {
  return remoteAccessMatcher().match(obs);
}

/** A matcher over another catalog (tests, a user's extended copy). */
export function compileRemoteAccessCatalog(catalog: RemoteAccessCatalog): RemoteAccessMatcher {
  return new RemoteAccessMatcher(catalog);
}
