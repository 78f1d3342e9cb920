-- Collectors (src/app/collectors/): where each one stands in its vendor's API (an opaque JSON checkpoint, written in
-- the same transaction as the events it pulled), how far behind it is (newest event time), and its health: last
-- success, last error, consecutive failures and when it will try again (exponential back-off).
CREATE TABLE collector_state (
  collector_id    text PRIMARY KEY,
  checkpoint      text NOT NULL DEFAULT '{}',
  newest_event_at timestamptz,
  events          bigint NOT NULL DEFAULT 0,
  pages           bigint NOT NULL DEFAULT 0,
  last_success_at timestamptz,
  last_error_at   timestamptz,
  last_error      text,
  failures        integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  updated_at      timestamptz NOT NULL
);
