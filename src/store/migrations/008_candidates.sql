-- Vetting (`sleetwatch vet --store`, POST /api/candidates): each candidate's latest assessment, the merged candidate
-- it was made from, and, when the candidate is already in the directory (hired), the directory entry id it matched,
-- so the person's report can carry the vetting findings. Archived files (interview recordings, attachments) are
-- listed with their SHA-256 and retention date; a deletion after retention keeps the row (deleted_at) and is logged
-- in archive_log, which is append-only.
CREATE TABLE candidates (
  candidate_id   text PRIMARY KEY,
  display_name   text,
  risk           integer NOT NULL,
  level          text NOT NULL,
  recommendation text NOT NULL,
  directory_id   text,
  result         text NOT NULL,
  candidate      text NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candidates_rank_idx ON candidates (risk DESC, candidate_id);
CREATE INDEX candidates_directory_idx ON candidates (directory_id) WHERE directory_id IS NOT NULL;

CREATE TABLE archive_files (
  sha256        text NOT NULL,
  candidate_id  text NOT NULL,
  kind          text NOT NULL,
  file          text NOT NULL,
  bytes         bigint,
  archived_at   timestamptz NOT NULL DEFAULT now(),
  retain_until  timestamptz NOT NULL,
  deleted_at    timestamptz,
  PRIMARY KEY (candidate_id, sha256)
);
CREATE INDEX archive_files_due_idx ON archive_files (retain_until) WHERE deleted_at IS NULL;

CREATE TABLE archive_log (
  seq          bigserial PRIMARY KEY,
  at           timestamptz NOT NULL DEFAULT now(),
  action       text NOT NULL,
  candidate_id text NOT NULL,
  sha256       text NOT NULL,
  detail       text NOT NULL
);

-- Normalised contact keys of each candidate ('mailbox:<mailbox>', 'phone:<E.164>'): the after-hire join finds the
-- candidates behind a directory entry's personal e-mails and phones through this index.
CREATE TABLE candidate_keys (
  key          text NOT NULL,
  candidate_id text NOT NULL REFERENCES candidates (candidate_id) ON DELETE CASCADE,
  PRIMARY KEY (key, candidate_id)
);
