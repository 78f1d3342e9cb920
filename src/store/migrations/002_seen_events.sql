-- Event ids already ingested through the streaming path (POST /api/ingest), so re-posting the same records after a
-- restart changes nothing (idempotent re-ingest). Vendor-scoped ids: entra:…, okta:…, gws:….
CREATE TABLE seen_events (
  event_id   text PRIMARY KEY,
  first_seen timestamptz NOT NULL DEFAULT now()
);
