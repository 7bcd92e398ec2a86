-- The building blocks of a change applied in one statement (`inventory_apply`,
-- 0008): what a change runs with, how it refuses, how it finds items and
-- locations, and how a movement is numbered, written and checked for alerts.
-- Results are built as JSON in exactly the shapes of src/inventory/results.ts.

-- What every change runs with: who asks, in which workspace, under which request key.
CREATE TYPE inventory_change AS (
  team_id             text,
  user_id             text,
  request_key         text,
  is_admin            boolean,
  -- A movement changing more than this many units asks first (null: apply whatever the size).
  confirm_above       bigint,
  movement_numbers    regclass,
  reservation_numbers regclass
);

-- One location a movement touched, with the balance it left there.
CREATE TYPE inventory_line AS (location_id bigint, location text, delta bigint, on_hand bigint);

-- Refuses the change: raised with SQLSTATE IN001 (the code as message, the
-- details as JSON), caught by inventory_attempt, which rolls back whatever the
-- change wrote and answers {ok: false, code, details}. Codes are ErrorCode (src/errors.ts).
CREATE FUNCTION inventory_refuse(code text, details jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'IN001', MESSAGE = code, DETAIL = details::text;
END
$$;

-- Timestamps in replies: ISO 8601 in UTC with milliseconds, as JavaScript's toISOString().
CREATE FUNCTION inventory_iso(t timestamptz) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
$$;

CREATE FUNCTION inventory_item(c inventory_change, p_sku text) RETURNS items
LANGUAGE plpgsql AS $$
DECLARE
  found_item items;
BEGIN
  SELECT * INTO found_item FROM items WHERE team_id = c.team_id AND sku = p_sku;
  IF NOT FOUND THEN
    PERFORM inventory_refuse('UNKNOWN_ITEM', jsonb_build_object('sku', p_sku));
  END IF;
  RETURN found_item;
END
$$;

-- An item that may still move: archived items keep their history but take no new stock changes.
CREATE FUNCTION inventory_active_item(c inventory_change, p_sku text) RETURNS items
LANGUAGE plpgsql AS $$
DECLARE
  found_item items := inventory_item(c, p_sku);
BEGIN
  IF found_item.archived_at IS NOT NULL THEN
    PERFORM inventory_refuse('ITEM_ARCHIVED', jsonb_build_object('sku', p_sku));
  END IF;
  RETURN found_item;
END
$$;

CREATE FUNCTION inventory_location(c inventory_change, p_code text) RETURNS locations
LANGUAGE plpgsql AS $$
DECLARE
  found_location locations;
BEGIN
  SELECT * INTO found_location FROM locations WHERE team_id = c.team_id AND code = p_code;
  IF NOT FOUND THEN
    PERFORM inventory_refuse('UNKNOWN_LOCATION', jsonb_build_object('location', p_code));
  END IF;
  RETURN found_location;
END
$$;

-- Refuses taking `requested` from a balance: says how much is available there.
CREATE FUNCTION inventory_insufficient(item items, loc locations, requested bigint, released bigint DEFAULT 0)
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  available bigint;
BEGIN
  SELECT s.on_hand - s.reserved INTO available
    FROM stock_levels s WHERE s.item_id = item.id AND s.location_id = loc.id;
  PERFORM inventory_refuse('INSUFFICIENT_STOCK', jsonb_build_object(
    'sku', item.sku, 'location', loc.code, 'available', coalesce(available, 0) + released,
    'requested', requested));
END
$$;

-- Locks the item's balances at these locations, always in location id order so
-- that two changes never wait on each other in a cycle; missing balance rows are
-- created first (at zero) so that there is a row to lock.
CREATE FUNCTION inventory_lock_balances(c inventory_change, p_item_id bigint, p_location_ids bigint[])
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO stock_levels (team_id, item_id, location_id)
    SELECT c.team_id, p_item_id, l FROM unnest(p_location_ids) AS l ORDER BY l
    ON CONFLICT DO NOTHING;
  PERFORM 1 FROM stock_levels
    WHERE item_id = p_item_id AND location_id = ANY (p_location_ids)
    ORDER BY location_id FOR UPDATE;
END
$$;

-- A reorder request (REQ-n) as RequestSummary.
CREATE FUNCTION inventory_request_summary(p_id bigint) RETURNS jsonb
LANGUAGE sql AS $$
  SELECT jsonb_strip_nulls(jsonb_build_object(
    'request', r.number, 'item', jsonb_build_object('sku', i.sku, 'name', i.name),
    'quantity', r.quantity, 'supplier', r.supplier, 'note', r.note, 'requestedBy', r.requested_by,
    'status', r.status, 'decidedBy', r.decided_by, 'decidedAt', inventory_iso(r.decided_at),
    'receivedMovement', r.received_movement, 'createdAt', inventory_iso(r.created_at),
    'channelId', r.channel_id, 'messageTs', r.message_ts))
  FROM reorder_requests r JOIN items i ON i.id = r.item_id
  WHERE r.id = p_id
$$;

-- After a change to an item: when it is now at or below its reorder point and
-- was not already alerted (or a snooze has ended), mark it alerted and return
-- the AlertNotice to post; when it is back above, re-arm it. The item's alert
-- row is locked first, so concurrent changes raise one alert. No route, no
-- alert (and no state change: the first change after a channel is set will alert).
CREATE FUNCTION inventory_alert(p_team_id text, item items, p_locations text[]) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  alert_row item_alerts;
  total bigint;
  channel text;
  routed_by text;
BEGIN
  INSERT INTO item_alerts (item_id, team_id) VALUES (item.id, p_team_id) ON CONFLICT DO NOTHING;
  SELECT * INTO alert_row FROM item_alerts WHERE item_id = item.id FOR UPDATE;
  SELECT coalesce(sum(s.on_hand), 0) INTO total FROM stock_levels s WHERE s.item_id = item.id;
  IF NOT (item.reorder_point > 0 AND total <= item.reorder_point AND item.archived_at IS NULL) THEN
    IF alert_row.state = 'alerted' THEN
      UPDATE item_alerts SET state = 'clear', remind_at = NULL, ordered_by = NULL, ordered_at = NULL,
          channel_id = NULL, message_ts = NULL, post_claimed_at = NULL
        WHERE item_id = item.id;
    END IF;
    RETURN NULL;
  END IF;
  IF alert_row.state = 'alerted' AND NOT coalesce(alert_row.remind_at <= now(), false) THEN
    -- Still low and already alerted: nothing new, unless its message never got out (then post it now).
    IF alert_row.message_ts IS NULL AND alert_row.channel_id IS NOT NULL
       AND (alert_row.post_claimed_at IS NULL OR alert_row.post_claimed_at < now() - interval '1 minute') THEN
      channel := alert_row.channel_id;
      routed_by := coalesce(alert_row.set_by, '');
    ELSE
      RETURN NULL;
    END IF;
  ELSE
    SELECT r.channel_id, r.set_by INTO channel, routed_by
      FROM alert_routes r LEFT JOIN locations l ON l.id = r.location_id
      WHERE r.team_id = p_team_id AND (l.code = ANY (p_locations) OR r.location_id IS NULL)
      ORDER BY r.location_id NULLS LAST LIMIT 1;
    IF NOT FOUND THEN
      RETURN NULL;
    END IF;
    UPDATE item_alerts SET state = 'alerted', alerted_at = now(), remind_at = NULL, ordered_by = NULL,
        ordered_at = NULL, channel_id = channel, set_by = routed_by, message_ts = NULL, post_claimed_at = NULL
      WHERE item_id = item.id;
  END IF;
  RETURN jsonb_build_object('sku', item.sku, 'name', item.name, 'onHand', total,
    'reorderPoint', item.reorder_point, 'channelId', channel, 'setBy', routed_by);
END
$$;

-- Every movement ends here, after its checks and balance updates: a movement
-- larger than c.confirm_above asks first (SQLSTATE IN002 carries the preview;
-- inventory_attempt rolls the change back and stores it as pending); otherwise
-- it is numbered, written to the ledger with its lines, and checked for a
-- low-stock alert. Returns the movement's id and its MovementResult.
CREATE FUNCTION inventory_record(
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
  numbered bigint;
  alert jsonb;
BEGIN
  result := jsonb_build_object(
    'kind', 'movement', 'verb', verb, 'movement', 0,
    'item', jsonb_build_object('sku', item.sku, 'name', item.name),
    'quantity', quantity, 'note', note,
    'lines', (SELECT jsonb_agg(jsonb_build_object('location', l.location, 'delta', l.delta, 'onHand', l.on_hand)
                               ORDER BY l.n)
              FROM unnest(lines) WITH ORDINALITY AS l(location_id, location, delta, on_hand, n))) || extra;
  IF c.confirm_above IS NOT NULL
     AND (SELECT max(abs(l.delta)) FROM unnest(lines) AS l) > c.confirm_above THEN
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
