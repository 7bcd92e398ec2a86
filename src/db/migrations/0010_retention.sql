-- Retention: request keys, handled event ids and confirmations are pruned once
-- older than RETENTION_DAYS, oldest first, in small batches. These indexes let
-- each batch find its rows without scanning the table.

CREATE INDEX requests_created_at ON requests (created_at);
CREATE INDEX processed_events_created_at ON processed_events (created_at);
CREATE INDEX pending_changes_created_at ON pending_changes (created_at);

-- A request key is kept past the window while an open dead letter or an
-- outbox row may still bring it back.
CREATE INDEX dead_letters_open_request ON dead_letters (team_id, request_key) WHERE status = 'dead';
CREATE INDEX outbox_request ON outbox (team_id, request_key);
