-- Stage three, respond (src/core/respond.ts): cases (one open case per person or candidate), the alerts grouped into
-- them, immutable notes, playbook steps, suppressions made by false-positive verdicts, the verdicts per detector that
-- calibrate likelihood ratios, and the append-only, hash-chained audit log every one of these writes goes through.
CREATE SEQUENCE case_seq;

CREATE TABLE cases (
  case_id        text PRIMARY KEY,
  subject_kind   text NOT NULL CHECK (subject_kind IN ('person', 'candidate')),
  subject_id     text NOT NULL,
  display_name   text,
  state          text NOT NULL CHECK (state IN ('new', 'triage', 'investigating', 'escalated', 'contained', 'closed')),
  escalated_to   text CHECK (escalated_to IN ('insider-risk', 'hr', 'legal')),
  verdict        text CHECK (verdict IN ('true-positive', 'false-positive', 'benign')),
  verdict_reason text,
  assignee       text,
  level          text NOT NULL CHECK (level IN ('high', 'medium', 'low')),
  opened_at      timestamptz NOT NULL,
  updated_at     timestamptz NOT NULL,
  state_since    timestamptz NOT NULL,
  due_at         timestamptz,
  closed_at      timestamptz,
  CHECK ((state = 'closed') = (verdict IS NOT NULL))
);
-- One open case per subject: a second alert joins it; a closed case's subject gets a new case.
CREATE UNIQUE INDEX cases_open_subject_idx ON cases (subject_kind, subject_id) WHERE state <> 'closed';
CREATE INDEX cases_state_idx ON cases (state, opened_at);
CREATE INDEX cases_assignee_idx ON cases (assignee, opened_at) WHERE assignee IS NOT NULL;
CREATE INDEX cases_subject_idx ON cases (subject_kind, subject_id);

CREATE TABLE alerts (
  alert_id       text PRIMARY KEY,
  case_id        text NOT NULL REFERENCES cases (case_id),
  subject_kind   text NOT NULL,
  subject_id     text NOT NULL,
  level          text NOT NULL CHECK (level IN ('high', 'medium', 'low')),
  previous_level text NOT NULL,
  risk           double precision NOT NULL,
  raised_at      timestamptz NOT NULL,
  reason         text NOT NULL,
  contributions  text NOT NULL,
  UNIQUE (case_id, level)
);

CREATE TABLE case_notes (
  note_id text PRIMARY KEY,
  case_id text NOT NULL REFERENCES cases (case_id),
  at      timestamptz NOT NULL,
  author  text NOT NULL,
  body    text NOT NULL
);
CREATE INDEX case_notes_case_idx ON case_notes (case_id, at, note_id);

CREATE TABLE case_steps (
  case_id        text NOT NULL REFERENCES cases (case_id),
  step           text NOT NULL,
  ordinal        integer NOT NULL,
  title          text NOT NULL,
  status         text NOT NULL CHECK (status IN ('pending', 'done', 'skipped')),
  by_actor       text,
  at             timestamptz,
  comment        text,
  serial         text,
  shipped_serial text,
  reference      text,
  PRIMARY KEY (case_id, step)
);

CREATE TABLE suppressions (
  suppression_id text PRIMARY KEY,
  person         text NOT NULL,
  detector       text NOT NULL,
  reason         text NOT NULL,
  until          timestamptz NOT NULL,
  created_by     text NOT NULL,
  created_at     timestamptz NOT NULL,
  case_id        text REFERENCES cases (case_id),
  revoked_at     timestamptz,
  revoked_by     text
);
CREATE INDEX suppressions_active_idx ON suppressions (until) WHERE revoked_at IS NULL;

-- One row per detector that contributed to a closed case's alerts: what calibrates that detector.
CREATE TABLE case_verdicts (
  case_id          text NOT NULL REFERENCES cases (case_id),
  detector         text NOT NULL,
  verdict          text NOT NULL CHECK (verdict IN ('true-positive', 'false-positive', 'benign')),
  likelihood_ratio double precision NOT NULL,
  at               timestamptz NOT NULL,
  PRIMARY KEY (case_id, detector)
);
CREATE INDEX case_verdicts_detector_idx ON case_verdicts (detector);

-- The audit log: seq 1, 2, 3 … without gaps; hash = SHA-256 of the canonical row (src/core/respond.ts auditPreimage)
-- including prev_hash, the previous row's hash (64 zeros for the first). audit_head holds the last seq and hash: its
-- row lock serialises appenders (no fork, no gap: a rolled-back append rolls the head back too), and verification
-- compares the last row with it (a deleted tail is detected unless the head is rewritten too; anchor the head
-- elsewhere for that).
CREATE TABLE audit_log (
  seq       bigint PRIMARY KEY,
  at        text NOT NULL,
  actor     text NOT NULL,
  action    text NOT NULL,
  subject   text NOT NULL,
  detail    text NOT NULL,
  prev_hash text NOT NULL,
  hash      text NOT NULL
);
CREATE TABLE audit_head (
  id   integer PRIMARY KEY CHECK (id = 1),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- Defence in depth: rows of the audit log and notes cannot be changed or removed through SQL (verification still
-- detects a superuser who disables the triggers).
CREATE FUNCTION sleetwatch_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION sleetwatch_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION sleetwatch_append_only();
CREATE TRIGGER case_notes_append_only BEFORE UPDATE OR DELETE ON case_notes FOR EACH ROW EXECUTE FUNCTION sleetwatch_append_only();
CREATE TRIGGER case_notes_no_truncate BEFORE TRUNCATE ON case_notes FOR EACH STATEMENT EXECUTE FUNCTION sleetwatch_append_only();
