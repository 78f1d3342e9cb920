-- The notification outbox (src/store/outbox-store.ts): one row per notification and channel, written in the same
-- transaction as the alert, case change or containment request it announces, so a crash can neither lose a
-- notification nor send one for a change that rolled back. A deliverer claims due rows with a lease, sends them after
-- the commit and marks them sent; a sender that dies leaves its lease to run out and the row is sent again with the
-- same id (the receiver's idempotency key).
CREATE TABLE outbox (
  id              text PRIMARY KEY,
  -- One notification per (event, channel): enqueueing the same event again is a no-op.
  dedupe_key      text NOT NULL UNIQUE,
  channel         text NOT NULL,
  event_type      text NOT NULL,
  event           jsonb NOT NULL,
  created_at      timestamptz NOT NULL,
  attempts        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  lease_until     timestamptz,
  delivered_at    timestamptz,
  dead_at         timestamptz,
  last_error      text
);
-- What the deliverer looks for: rows neither sent nor given up, by due time.
CREATE INDEX outbox_due_idx ON outbox (next_attempt_at, id) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_created_idx ON outbox (created_at, id);
