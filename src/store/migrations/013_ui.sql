-- Data for the web UI (issue 11): indexes behind the people list's filters, and the settings overlay.
--
-- The list filters on the directory's department (trimmed, lower-cased, as detectors group colleagues:
-- src/detectors/common/department.ts) and hire date (directory `created`, epoch ms), on having a finding of a detector,
-- and on a personId prefix. Each index below keeps the risk order of the default sort, so a filtered first page is an
-- index range scan that stops at the page size.
CREATE INDEX people_department_idx ON people ((lower(btrim(directory ->> 'department'))), risk DESC, person_id);
CREATE INDEX people_hired_idx ON people (((directory ->> 'created')::double precision) DESC NULLS LAST, person_id);
CREATE INDEX people_updated_idx ON people (updated_at DESC, person_id);
-- LIKE 'prefix%' on personId whatever the database's collation.
CREATE INDEX people_id_prefix_idx ON people (person_id text_pattern_ops);
-- "has a finding of detector X": one probe per person in risk order, or the people of a rare detector.
CREATE INDEX findings_detector_person_idx ON findings (detector, person_id);

-- The settings overlay (PUT /api/settings): one row, a partial config (validated by the zod Config schema) merged over
-- the file's by src/app/settings.ts. `version` is the optimistic-concurrency token: a PUT names the version it read and
-- a stale one is refused (409). Every change writes an audit row `settings.update` in the same transaction.
CREATE TABLE settings (
  id         integer PRIMARY KEY CHECK (id = 1),
  version    bigint NOT NULL,
  overlay    text NOT NULL,
  updated_at timestamptz NOT NULL,
  updated_by text NOT NULL
);
-- The one row, at version 0 (nothing stored yet): every PUT is then a conditional UPDATE of it.
INSERT INTO settings (id, version, overlay, updated_at, updated_by) VALUES (1, 0, '{}', now(), '');
