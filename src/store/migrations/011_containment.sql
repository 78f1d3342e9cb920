-- Containment (issue 11, src/core/containment.ts): requests to act on a person's identity-provider account through a
-- connector (Microsoft Graph, Okta), proposed by one person and approved by another. The approval claims the row
-- with a state check in the UPDATE, so two approvers at once cause one execution; every change writes an audit row
-- in the same transaction (respond store's audit log).
CREATE SEQUENCE containment_seq;

CREATE TABLE containment_requests (
  request_id      text PRIMARY KEY,
  case_id         text NOT NULL REFERENCES cases (case_id),
  person_id       text NOT NULL,
  connector       text NOT NULL CHECK (connector IN ('graph', 'okta')),
  action          text NOT NULL CHECK (action IN ('revoke-sessions', 'disable-account')),
  target          text NOT NULL,
  reason          text,
  proposed_by     text NOT NULL,
  proposed_at     timestamptz NOT NULL,
  state           text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected', 'done', 'failed')),
  approved_by     text,
  decided_at      timestamptz,
  decision_reason text,
  result          text,
  reference       text,
  attempts        integer NOT NULL DEFAULT 0,
  finished_at     timestamptz,
  -- The two-person rule, once more in the database: whoever approved is not who proposed (a proposer may withdraw,
  -- i.e. reject, their own request).
  CHECK (state IN ('pending', 'rejected') OR (approved_by IS NOT NULL AND approved_by <> proposed_by)),
  CHECK ((state = 'pending') = (decided_at IS NULL))
);
CREATE INDEX containment_requests_case_idx ON containment_requests (case_id, proposed_at, request_id);
CREATE INDEX containment_requests_state_idx ON containment_requests (state, proposed_at, request_id);
