-- API tokens (`sleetwatch token create|list|revoke`). Only the SHA-256 of each token is stored: the token itself is
-- printed once when created. A revoked token keeps its row (revoked_at set) so `token list` shows its history; names
-- are unique among active tokens, so `token revoke NAME` names one token.
CREATE TABLE api_tokens (
  id           text PRIMARY KEY,
  name         text NOT NULL CHECK (name <> ''),
  token_hash   text NOT NULL UNIQUE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE UNIQUE INDEX api_tokens_active_name_idx ON api_tokens (name) WHERE revoked_at IS NULL;
