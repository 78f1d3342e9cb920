-- Users, sessions, token roles and the pseudonym key (issue 11, docs/roles.md).
-- Users sign in with a password (argon2id, only the hash is stored) or through OIDC (no password; oidc_subject is the
-- IdP's issuer + sub). A disabled user keeps its row (the audit log names it) and signs in no more.
CREATE TABLE users (
  id            text PRIMARY KEY,
  username      text NOT NULL CHECK (username <> ''),
  role          text NOT NULL CHECK (role IN ('admin', 'analyst', 'investigator', 'recruiter', 'auditor')),
  password_hash text,
  oidc_subject  text UNIQUE,
  disabled      boolean NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);
-- User names are compared case-insensitively (Alice and alice are one user).
CREATE UNIQUE INDEX users_username_idx ON users (lower(username));

-- Browser sessions. `id` is the SHA-256 of the secret the sw_session cookie carries: the database never holds a
-- usable cookie. The CSRF token is derived from the secret (HMAC), so it needs no column either.
CREATE TABLE sessions (
  id           text PRIMARY KEY,
  user_id      text NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL,
  expires_at   timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- API tokens carry a role. Tokens created before roles existed acted as admins: they stay admins (revoke them and
-- create tokens with the least role they need). New tokens always name their role (no default).
ALTER TABLE api_tokens ADD COLUMN role text NOT NULL DEFAULT 'admin';
ALTER TABLE api_tokens ALTER COLUMN role DROP DEFAULT;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_role_check CHECK (role IN ('admin', 'analyst', 'investigator', 'recruiter', 'auditor'));

-- Per-store random keys, created on first use (e.g. 'pseudonym': the HMAC key of the people's pseudonyms). Never
-- exported by the API; changing one changes every pseudonym.
CREATE TABLE server_secrets (
  name       text PRIMARY KEY,
  value      text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
