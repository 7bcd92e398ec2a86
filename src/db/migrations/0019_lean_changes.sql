-- A stock change with less work per change for the server, the same guarantees
-- (docs/benchmarks.md, "Where the time goes"). Each statement a plpgsql function
-- runs through the executor costs about as much as a small index lookup, and
-- each foreign key check is one more statement that locks the row it finds:
--   * inventory_apply reads what the change runs with in one statement (the
--     workspace, the person's grant, whether they open the App Home, a stored
--     outcome), and claims the request key with its outcome in one write at the
--     end instead of an INSERT first and an UPDATE last;
--   * exact references (a SKU, a one-word location code) are checked in one
--     statement instead of being named tier by tier (inventory_exact);
--   * inventory_run skips the role check's statement when the role covers the verb anywhere;
--   * inventory_record builds its answer with expressions, not queries over its lines;
--   * a movement's foreign keys are checked against rows the change already
--     holds or that imply the rest: a movement's item within its workspace
--     (which also keeps a movement from naming another workspace's item), a
--     line's balance (whose item and location have foreign keys of their own).
--     Every change no longer locks its workspace's row for key share, which
--     made concurrent changes in one workspace share multixacts;
--   * `undo_of` is unique where set: one entry in that index per undo, not per movement.

ALTER TABLE items ADD CONSTRAINT items_team_id_id_key UNIQUE (team_id, id);
ALTER TABLE movements
  DROP CONSTRAINT movements_team_id_fkey,
  DROP CONSTRAINT movements_item_id_fkey,
  ADD CONSTRAINT movements_item_fkey FOREIGN KEY (team_id, item_id) REFERENCES items (team_id, id),
  DROP CONSTRAINT movements_undo_of_key;
CREATE UNIQUE INDEX movements_undo_of_key ON movements (undo_of) WHERE undo_of IS NOT NULL;
-- A line changes a balance, and every movement updates (or creates) the balances of its lines first.
ALTER TABLE movement_lines
  DROP CONSTRAINT movement_lines_item_id_fkey,
  DROP CONSTRAINT movement_lines_location_id_fkey,
  ADD CONSTRAINT movement_lines_balance_fkey FOREIGN KEY (item_id, location_id)
    REFERENCES stock_levels (item_id, location_id);

-- As in 0014. The role check's own fast path, here as an expression: a role
-- held everywhere that covers the verb whatever it names needs no statement.
CREATE OR REPLACE FUNCTION inventory_run(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  IF c.role_locations IS NOT NULL OR inventory_role_rank(c.role) < inventory_role_rank(
       CASE WHEN a->>'verb' IN ('count', 'undo') THEN 'manager' ELSE 'clerk' END) THEN
    PERFORM inventory_authorize_action(c, a);
  END IF;
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

-- As in 0006, with the answer's lines and the largest change built by a loop
-- of expressions rather than two queries over `lines`.
CREATE OR REPLACE FUNCTION inventory_record(
  c inventory_change,
  verb text,
  item items,
  quantity bigint,
  lines inventory_line[],
  note text DEFAULT NULL,
  extra jsonb DEFAULT '{}',
  undo_of bigint DEFAULT NULL,
  OUT movement bigint,
  OUT result jsonb)
LANGUAGE plpgsql AS $$
DECLARE
  line inventory_line;
  shown jsonb;
  largest bigint;
  numbered bigint;
  alert jsonb;
BEGIN
  FOREACH line IN ARRAY lines LOOP
    shown := coalesce(shown, '[]') || jsonb_build_object('location', line.location, 'delta', line.delta,
                                                         'onHand', line.on_hand);
    largest := greatest(largest, abs(line.delta));
  END LOOP;
  result := jsonb_build_object(
    'kind', 'movement', 'verb', verb, 'movement', 0,
    'item', jsonb_build_object('sku', item.sku, 'name', item.name),
    'quantity', quantity, 'note', note, 'lines', shown) || extra;
  IF largest > c.confirm_above THEN
    RAISE EXCEPTION USING ERRCODE = 'IN002', MESSAGE = 'ask first',
      DETAIL = jsonb_strip_nulls(result)::text;
  END IF;
  numbered := nextval(c.movement_numbers);
  INSERT INTO movements (team_id, number, kind, item_id, quantity, actor, note, request_key, undo_of)
    VALUES (c.team_id, numbered, verb, item.id, quantity, c.user_id, note, c.request_key, undo_of)
    RETURNING id INTO movement;
  INSERT INTO movement_lines (movement_id, location_id, item_id, team_id, delta, on_hand_after)
    SELECT movement, l.location_id, item.id, c.team_id, l.delta, l.on_hand FROM unnest(lines) AS l;
  -- Without a reorder point an item never alerts (setting one to 0 clears its alert: see item.min).
  IF item.reorder_point > 0 THEN
    alert := inventory_alert(c.team_id, item, ARRAY(SELECT l.location FROM unnest(lines) AS l));
  END IF;
  result := jsonb_strip_nulls(result || jsonb_build_object('movement', numbered, 'alert', alert));
END
$$;

-- References as typed, when each is exact — a SKU (in any case), a location's
-- one-word code — as buttons and forms carry them and most commands type them:
-- naming them (inventory_resolve) finds the same, the first rule of naming, in
-- more statements. Null when one needs naming. One statement.
CREATE FUNCTION inventory_exact(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  field text;
  codes text[] := '{}';
BEGIN
  FOREACH field IN ARRAY ARRAY['location', 'from', 'to'] LOOP
    CONTINUE WHEN NOT a ? field;
    IF btrim(a->>field) ~ '\s' OR a->>field ~ '^".*"$' THEN
      RETURN NULL;
    END IF;
    a := a || jsonb_build_object(field, lower(btrim(a->>field)));
    codes := codes || (a->>field);
  END LOOP;
  IF a ? 'sku' THEN
    a := a || jsonb_build_object('sku', upper(btrim(a->>'sku')));
  END IF;
  IF (NOT a ? 'sku' OR EXISTS (SELECT 1 FROM items i WHERE i.team_id = c.team_id AND i.sku = a->>'sku'))
     AND NOT EXISTS (SELECT 1 FROM unnest(codes) AS x(code)
                     WHERE NOT EXISTS (SELECT 1 FROM locations l WHERE l.team_id = c.team_id AND l.code = x.code)) THEN
    RETURN a;
  END IF;
  RETURN NULL;
END
$$;

-- As in 0018, with exact references taken as they are (inventory_exact), and a
-- change that meets a movement already written under its request key by a
-- repeat that committed meanwhile gives way (inventory_give_way).
CREATE OR REPLACE FUNCTION inventory_attempt(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  code text;
  details text;
  refused jsonb;
  pending uuid;
  question jsonb;
  violated text;
BEGIN
  -- Only these verbs ask for confirmation above the workspace's threshold.
  IF a->>'verb' NOT IN ('issue', 'move', 'count') THEN
    c.confirm_above := NULL;
  END IF;
  BEGIN
    a := coalesce(inventory_exact(c, a), inventory_resolve(c, a));
    RETURN jsonb_build_object('ok', true, 'result', inventory_run(c, a));
  EXCEPTION
    WHEN SQLSTATE 'IN001' THEN
      GET STACKED DIAGNOSTICS code = MESSAGE_TEXT, details = PG_EXCEPTION_DETAIL;
      refused := details::jsonb;
      IF code IN ('INSUFFICIENT_STOCK', 'BELOW_RESERVED', 'ITEM_ARCHIVED') THEN
        refused := refused || coalesce((SELECT jsonb_build_object('name', i.name) FROM items i
                                        WHERE i.team_id = c.team_id AND i.sku = refused->>'sku'), '{}');
      END IF;
      RETURN jsonb_build_object('ok', false, 'code', code, 'details', refused);
    WHEN SQLSTATE 'IN002' THEN
      GET STACKED DIAGNOSTICS details = PG_EXCEPTION_DETAIL;
      INSERT INTO pending_changes (team_id, user_id, command) VALUES (c.team_id, c.user_id, a)
        RETURNING id INTO pending;
      RETURN jsonb_build_object('ok', true, 'result', jsonb_build_object(
        'kind', 'confirm', 'pending', pending, 'threshold', c.confirm_above, 'preview', details::jsonb));
    WHEN SQLSTATE 'IN003' THEN
      GET STACKED DIAGNOSTICS details = PG_EXCEPTION_DETAIL;
      question := details::jsonb;
      INSERT INTO pending_choices (team_id, user_id, command, field, options)
        VALUES (c.team_id, c.user_id, question->'action', question->>'field',
                ARRAY(SELECT coalesce(o->>'sku', o->>'code') FROM jsonb_array_elements(question->'options') AS o))
        RETURNING id INTO pending;
      RETURN jsonb_build_object('ok', true, 'result', (question - 'action') || jsonb_build_object('question', pending));
    WHEN unique_violation THEN
      GET STACKED DIAGNOSTICS violated = CONSTRAINT_NAME;
      IF violated = 'movements_team_id_request_key_key' THEN
        PERFORM inventory_give_way(c);
      END IF;
      RAISE;
  END;
END
$$;

-- A repeat of this request key ran at the same time and committed first:
-- this statement gives way as a serialization failure, which rolls back all it
-- wrote, and the bot's retry (TRANSIENT_ERRORS) replays the stored outcome.
CREATE FUNCTION inventory_give_way(c inventory_change) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
    MESSAGE = format('request %s was applied by a repeat meanwhile: retry to replay it', c.request_key);
END
$$;

-- As in 0014, with who asks (inventory_access, now here) and a stored outcome
-- read in the statement that reads the workspace, and the request key claimed
-- with its outcome in one write once the change is done. A repeat that finds
-- the stored outcome replays it; one that ran at the same time gives way when
-- it meets the first's rows (inventory_give_way), and its retry replays.
-- `command`: {teamId, enterpriseId?, userId, requestKey, isAdmin, slackAdmin?, action}.
CREATE OR REPLACE FUNCTION inventory_apply(command jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  c inventory_change;
  default_role text;
  opens_home boolean;
  answer jsonb;
BEGIN
  c.team_id := command->>'teamId';
  c.enterprise_id := command->>'enterpriseId';
  c.user_id := command->>'userId';
  c.request_key := command->>'requestKey';
  c.is_admin := coalesce((command->>'isAdmin')::boolean, false);
  SELECT w.confirm_above, w.movement_numbers, w.reservation_numbers, w.default_role, r.role, r.location_ids,
         EXISTS (SELECT 1 FROM home_openers h
                 WHERE h.team_id = w.team_id AND h.user_id = c.user_id AND h.opened_at > now() - interval '30 days'),
         (SELECT q.outcome FROM requests q WHERE q.team_id = w.team_id AND q.request_key = c.request_key)
    INTO c.confirm_above, c.movement_numbers, c.reservation_numbers, default_role, c.role, c.role_locations,
         opens_home, answer
    FROM workspaces w LEFT JOIN roles r ON r.team_id = w.team_id AND r.user_id = c.user_id
    WHERE w.team_id = c.team_id AND w.movement_numbers IS NOT NULL;
  IF NOT FOUND THEN
    -- The workspace's first command: create it, with `main` and its number sequences.
    PERFORM inventory_workspace(c.team_id, c.enterprise_id);
    RETURN inventory_apply(command);
  END IF;
  IF answer IS NULL THEN
    -- Who asks, in order (src/inventory/roles.ts, accessOf): ADMIN_USERS are admins; a grant
    -- decides next; Slack's workspace owners and admins are admins; else the default role.
    IF c.is_admin THEN
      c.role := 'admin';
      c.role_locations := NULL;
    ELSIF c.role IS NULL THEN
      c.role := CASE WHEN coalesce((command->>'slackAdmin')::boolean, false) THEN 'admin' ELSE default_role END;
    END IF;
    answer := inventory_attempt(c, command->'action');
    IF answer->>'code' = 'NEEDS_ROLE' THEN
      PERFORM inventory_record_denial(c, command->'action', answer->'details');
    END IF;
    INSERT INTO requests (team_id, request_key, outcome) VALUES (c.team_id, c.request_key, answer)
      ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      PERFORM inventory_give_way(c);
    END IF;
  ELSIF answer->>'ok' = 'true' THEN
    answer := answer || '{"replayed": true}';
  END IF;
  IF answer->>'ok' = 'true' THEN
    answer := answer || jsonb_build_object('opensHome', opens_home);
  END IF;
  RETURN answer;
END
$$;

DROP FUNCTION inventory_access(inventory_change, text, boolean);
