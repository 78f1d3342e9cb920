-- What a batch's events tell other processes about networks and devices, stamped with the batch's version (issue 12,
-- scale-out). A batch may log its events (the exactly-once claim, `events`) before it takes the store-wide ingest turn,
-- unstamped (version 0), so that several workers write the event log at the same time; once it holds the turn it
-- writes here, at its version, the distinct (ip, person) and (device, person) pairs of the events that were new and
-- each IP's earliest vendor place among them. changesSince reads these rows with the stamped rows of `events`.
-- `kind`: 'i' (ip, person), 'd' (device, person), 'p' (ip's earliest place: t, event_id, place).
CREATE TABLE event_index (
  version   bigint NOT NULL,
  kind      char(1) NOT NULL,
  key       text NOT NULL,
  person_id text NOT NULL,
  t         bigint,
  event_id  text,
  place     text
);
CREATE INDEX event_index_version_idx ON event_index (version);
