-- The reuse index (src/store/candidate-index.ts, src/core/candidate-index.ts): every candidate and employee as a
-- party, and one row per (key kind, normalised key, party), so vetting a candidate finds everyone sharing a phone,
-- mailbox, address, name key, photo-hash band or resume LSH band with index lookups. Kinds are small integers
-- (1 phone, 2 mailbox, 3 emailLocal, 4 address, 5 name, 6 photo band, 7 resume band, 8 github, 9 referrer).
-- The resume MinHash signature is stored whole (128 × int4, uint32 values as signed) to verify LSH candidates.
CREATE TABLE reuse_parties (
  pid             integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  party_kind      text NOT NULL,
  party_id        text NOT NULL,
  display_name    text,
  family_name     text,
  photo_hash      text,
  resume_sig      integer[],
  resume_shingles integer,
  UNIQUE (party_kind, party_id)
);

CREATE TABLE reuse_keys (
  kind smallint NOT NULL,
  key  text NOT NULL,
  pid  integer NOT NULL
);
-- (kind, key, pid): lookups are index-only scans.
CREATE INDEX reuse_keys_key_idx ON reuse_keys (kind, key, pid);
CREATE INDEX reuse_keys_pid_idx ON reuse_keys (pid);
