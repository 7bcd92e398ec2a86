-- One change, one statement: `SELECT inventory_apply($1::jsonb)`, run in
-- autocommit (a single statement is its own transaction). It claims the
-- request key, runs the verb, stores the outcome for replay and returns it,
-- all in one round trip. A serialization failure or deadlock fails the whole
-- statement, and the bot reruns it (the request key makes that safe).

-- The verbs applied in one statement. A new one: its function in a migration, and a line here.
CREATE FUNCTION inventory_run(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  CASE a->>'verb'
    WHEN 'receive' THEN RETURN inventory_receive(c, a);
    WHEN 'issue' THEN RETURN inventory_issue(c, a);
    WHEN 'move' THEN RETURN inventory_move(c, a);
    WHEN 'count' THEN RETURN inventory_count(c, a);
    WHEN 'reserve' THEN RETURN inventory_reserve(c, a);
    WHEN 'release' THEN RETURN inventory_release(c, a);
    WHEN 'undo' THEN RETURN inventory_undo(c, a);
    WHEN 'change.confirm', 'change.cancel' THEN RETURN inventory_confirm(c, a);
  END CASE;
END
$$;

-- Runs the verb in a sub-transaction: a refusal (IN001) rolls back what it wrote
-- and becomes {ok: false, code, details}; a movement too big to apply unasked
-- (IN002) rolls back too and is kept as a pending change to confirm. Anything
-- else (a bug, a serialization failure) fails the whole statement.
CREATE FUNCTION inventory_attempt(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  code text;
  details text;
  pending uuid;
BEGIN
  -- Only these verbs ask for confirmation above the workspace's threshold.
  IF a->>'verb' NOT IN ('issue', 'move', 'count') THEN
    c.confirm_above := NULL;
  END IF;
  BEGIN
    RETURN jsonb_build_object('ok', true, 'result', inventory_run(c, a));
  EXCEPTION
    WHEN SQLSTATE 'IN001' THEN
      GET STACKED DIAGNOSTICS code = MESSAGE_TEXT, details = PG_EXCEPTION_DETAIL;
      RETURN jsonb_build_object('ok', false, 'code', code, 'details', details::jsonb);
    WHEN SQLSTATE 'IN002' THEN
      GET STACKED DIAGNOSTICS details = PG_EXCEPTION_DETAIL;
      INSERT INTO pending_changes (team_id, user_id, command) VALUES (c.team_id, c.user_id, a)
        RETURNING id INTO pending;
      RETURN jsonb_build_object('ok', true, 'result', jsonb_build_object(
        'kind', 'confirm', 'pending', pending, 'threshold', c.confirm_above, 'preview', details::jsonb));
  END;
END
$$;

-- The entry point. `command`: {teamId, enterpriseId?, userId, requestKey, isAdmin, action}.
-- Returns the Outcome (src/inventory/results.ts): the stored one, marked
-- `replayed`, when the request key was applied before. Successful outcomes also
-- carry `opensHome` (whether the person opens the App Home, so that refreshing
-- it needs no lookup of its own); it is not stored.
CREATE FUNCTION inventory_apply(command jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w workspaces := inventory_workspace(command->>'teamId', command->>'enterpriseId');
  c inventory_change := (w.team_id, command->>'userId', command->>'requestKey',
    coalesce((command->>'isAdmin')::boolean, false), w.confirm_above, w.movement_numbers,
    w.reservation_numbers);
  answer jsonb;
BEGIN
  -- A concurrent claim of the same key waits here until the first commits, then replays it.
  INSERT INTO requests (team_id, request_key) VALUES (c.team_id, c.request_key) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    SELECT r.outcome INTO answer FROM requests r WHERE r.team_id = c.team_id AND r.request_key = c.request_key;
    IF answer->>'ok' = 'true' THEN
      answer := answer || '{"replayed": true}';
    END IF;
  END IF;
  IF answer IS NULL THEN
    answer := inventory_attempt(c, command->'action');
    UPDATE requests r SET outcome = answer WHERE r.team_id = c.team_id AND r.request_key = c.request_key;
  END IF;
  IF answer->>'ok' = 'true' THEN
    answer := answer || jsonb_build_object('opensHome', EXISTS (
      SELECT 1 FROM home_openers h
      WHERE h.team_id = c.team_id AND h.user_id = c.user_id AND h.opened_at > now() - interval '30 days'));
  END IF;
  RETURN answer;
END
$$;
