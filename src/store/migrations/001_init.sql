-- sleetwatch store schema v1. Plain PostgreSQL: runs identically on PGlite (PostgreSQL 17 in WASM) and PostgreSQL 13+.
-- Applied by src/store/migrate.ts inside one transaction and recorded in schema_migrations.
-- Unqualified names: tables are created in the first schema of search_path (the adapter may set one).

-- One row per person: the current result of the latest save.
CREATE TABLE people (
  person_id    text PRIMARY KEY,
  display_name text,
  risk         double precision NOT NULL CHECK (risk >= 0 AND risk <= 100),
  level        text NOT NULL CHECK (level IN ('high', 'medium', 'low', 'none')),
  directory    jsonb,
  first_event  timestamptz,
  last_event   timestamptz,
  events       integer NOT NULL DEFAULT 0,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
-- listPeople: ORDER BY risk DESC, person_id, optionally filtered by level.
CREATE INDEX people_risk_idx ON people (risk DESC, person_id);
CREATE INDEX people_level_risk_idx ON people (level, risk DESC, person_id);

-- Identifier (UPN, e-mail, vendor id) → person. One owner per lower-cased value; an identifier saved for another
-- person moves to them. `value` keeps the spelling as given; `ordinal` keeps the person's list order.
CREATE TABLE identifiers (
  value_lc  text PRIMARY KEY,
  value     text NOT NULL,
  person_id text NOT NULL,
  kind      text,
  ordinal   integer NOT NULL DEFAULT 0
);
CREATE INDEX identifiers_person_idx ON identifiers (person_id, ordinal);

-- Current findings of each person: replaced as a whole when the person is saved.
CREATE TABLE findings (
  person_id        text NOT NULL REFERENCES people (person_id) ON DELETE CASCADE,
  ordinal          integer NOT NULL,
  detector         text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low', 'info')),
  title            text NOT NULL,
  explanation      text NOT NULL,
  first_seen       timestamptz NOT NULL,
  last_seen        timestamptz NOT NULL,
  evidence         jsonb NOT NULL DEFAULT '[]'::jsonb,
  likelihood_ratio double precision CHECK (likelihood_ratio > 0),
  PRIMARY KEY (person_id, ordinal)
);
CREATE INDEX findings_detector_idx ON findings (detector);

-- One risk point per (run, person): saving the same run again updates the point instead of adding one.
CREATE TABLE risk_history (
  run_id    text NOT NULL,
  person_id text NOT NULL,
  at        timestamptz NOT NULL DEFAULT now(),
  risk      double precision NOT NULL,
  level     text NOT NULL,
  PRIMARY KEY (run_id, person_id)
);
CREATE INDEX risk_history_person_idx ON risk_history (person_id, at);

-- An ingest (scan, API upload, stream batch). `inputs` holds the per-input counts (path, format, records,
-- accepted, rejected); the rejected records themselves are rows of rejected_records.
CREATE TABLE ingest_runs (
  id          text PRIMARY KEY,
  via         text NOT NULL,
  started_at  timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  inputs      jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX ingest_runs_started_idx ON ingest_runs (started_at DESC, id);

-- Every rejected record of a run with its reason: input_idx is the position of its input in ingest_runs.inputs,
-- seq its position in that input's error list.
CREATE TABLE rejected_records (
  run_id    text NOT NULL REFERENCES ingest_runs (id) ON DELETE CASCADE,
  input_idx integer NOT NULL,
  seq       integer NOT NULL,
  path      text NOT NULL,
  format    text NOT NULL,
  line      integer,
  idx       integer,
  field     text NOT NULL,
  message   text NOT NULL,
  raw       text,
  PRIMARY KEY (run_id, input_idx, seq)
);

-- Per-person detector state for streaming (JSON-serialisable, bounded by each detector).
CREATE TABLE detector_state (
  person_id  text PRIMARY KEY,
  state      jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
