-- The event log: every ingested event with the person it resolved to and its normalised body, so a person's detector
-- state can be rebuilt by replaying their events in (t, event_id) order. It replaces seen_events: an id in `events`
-- is an ingested id. Rows copied from seen_events are "legacy": known only by id (person_id, t and body NULL).
-- `version` is the ingest batch that wrote a row (ingest_state.version at the time; 0 for legacy and unversioned
-- writes), read by changesSince. `body` is the event as JSON text and `place` its vendor place (JSON), when it has one.
CREATE TABLE events (
  event_id  text PRIMARY KEY,
  person_id text,
  t         bigint,
  ip        text,
  device_id text,
  version   bigint NOT NULL DEFAULT 0,
  -- the normalised event as JSON text (text, not jsonb: written once, read back whole, never queried inside)
  body      text,
  -- the event's vendorGeo as JSON text, when it carries one (the IP's earliest vendor place is read at start)
  place     text
);
CREATE INDEX events_person_t_idx ON events (person_id, t, event_id);
CREATE INDEX events_version_idx ON events (version);

INSERT INTO events (event_id) SELECT event_id FROM seen_events;
DROP TABLE seen_events;

ALTER TABLE people ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX people_version_idx ON people (version);
ALTER TABLE detector_state ADD COLUMN version bigint NOT NULL DEFAULT 0;
CREATE INDEX detector_state_version_idx ON detector_state (version);

-- The store-wide ingest turn: beginBatch increments `version` inside the batch's transaction, so the row lock
-- serialises batches of every process until commit, and a rolled-back batch leaves the version as it was.
CREATE TABLE ingest_state (
  id      integer PRIMARY KEY CHECK (id = 1),
  version bigint NOT NULL
);
INSERT INTO ingest_state (id, version) VALUES (1, 0);
