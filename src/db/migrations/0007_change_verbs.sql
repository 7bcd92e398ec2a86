-- One function per verb applied in one statement: inventory_<verb>(c, a), where
-- `a` is the action as the bot's ChangeAction schema defines it (src/inventory/commands.ts).
-- Each resolves what it names, checks, updates the balances (a conditional
-- UPDATE, or row locks in location id order), and ends a movement with
-- inventory_record. A refusal is inventory_refuse(code, details); it may come
-- at any point: inventory_attempt rolls back what the change wrote.
-- Lock order everywhere: the row a change names (reservation, request, movement,
-- pending change), then balances by location id, then the item's alert row.

CREATE FUNCTION inventory_receive(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  item items := inventory_active_item(c, a->>'sku');
  loc locations := inventory_location(c, coalesce(a->>'location', 'main'));
  qty bigint := (a->>'quantity')::bigint;
  request reorder_requests;
  balance bigint;
  m record;
BEGIN
  IF a ? 'request' THEN
    -- The approved request (REQ-n) this receipt closes, locked until the receipt commits.
    SELECT * INTO request FROM reorder_requests
      WHERE team_id = c.team_id AND number = (a->>'request')::bigint FOR UPDATE;
    IF NOT FOUND THEN
      PERFORM inventory_refuse('UNKNOWN_REQUEST', jsonb_build_object('request', (a->>'request')::bigint));
    ELSIF request.item_id <> item.id THEN
      PERFORM inventory_refuse('REQUEST_MISMATCH', jsonb_build_object('request', request.number,
        'sku', (SELECT i.sku FROM items i WHERE i.id = request.item_id)));
    ELSIF request.status <> 'approved' THEN
      PERFORM inventory_refuse('REQUEST_NOT_APPROVED',
        jsonb_build_object('request', request.number, 'status', request.status));
    END IF;
  END IF;
  INSERT INTO stock_levels (team_id, item_id, location_id, on_hand) VALUES (c.team_id, item.id, loc.id, qty)
    ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand
    RETURNING on_hand INTO balance;
  m := inventory_record(c, 'receive', item, qty, ARRAY[(loc.id, loc.code, qty, balance)::inventory_line],
    a->>'note');
  IF request.id IS NOT NULL THEN
    UPDATE reorder_requests SET status = 'received', received_by = c.user_id, received_at = now(),
        received_movement = (m.result->>'movement')::bigint
      WHERE id = request.id;
    RETURN m.result || jsonb_build_object('closedRequest', inventory_request_summary(request.id));
  END IF;
  RETURN m.result;
END
$$;

-- The reservation (R-n), row-locked: it is about to be released or consumed.
CREATE FUNCTION inventory_open_reservation(c inventory_change, p_number bigint) RETURNS reservations
LANGUAGE plpgsql AS $$
DECLARE
  held reservations;
BEGIN
  SELECT * INTO held FROM reservations WHERE team_id = c.team_id AND number = p_number FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM inventory_refuse('UNKNOWN_RESERVATION', jsonb_build_object('reservation', p_number));
  ELSIF held.status <> 'open' THEN
    PERFORM inventory_refuse('RESERVATION_CLOSED',
      jsonb_build_object('reservation', p_number, 'status', held.status));
  END IF;
  RETURN held;
END
$$;

-- Takes stock if that much is available (on hand minus reserved), in one
-- conditional UPDATE: concurrent issues queue on the row lock and each re-checks
-- the condition. `for R-n` takes the reservation's quantity off `reserved` too.
CREATE FUNCTION inventory_issue(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  item items := inventory_active_item(c, a->>'sku');
  qty bigint := (a->>'quantity')::bigint;
  held reservations;
  loc locations;
  released bigint := 0;
  balance bigint;
  m record;
BEGIN
  IF a ? 'reservation' THEN
    held := inventory_open_reservation(c, (a->>'reservation')::bigint);
    IF held.item_id <> item.id THEN
      PERFORM inventory_refuse('RESERVATION_MISMATCH', jsonb_build_object('reservation', held.number));
    END IF;
    SELECT * INTO loc FROM locations WHERE id = held.location_id;
    IF a ? 'location' AND a->>'location' <> loc.code THEN
      PERFORM inventory_refuse('RESERVATION_MISMATCH',
        jsonb_build_object('reservation', held.number, 'location', loc.code));
    END IF;
    released := held.quantity;
  ELSE
    loc := inventory_location(c, coalesce(a->>'location', 'main'));
  END IF;
  UPDATE stock_levels SET on_hand = on_hand - qty, reserved = reserved - released
    WHERE item_id = item.id AND location_id = loc.id
      AND on_hand - (reserved - released) >= qty AND reserved >= released
    RETURNING on_hand INTO balance;
  IF NOT FOUND THEN
    PERFORM inventory_insufficient(item, loc, qty, released);
  END IF;
  m := inventory_record(c, 'issue', item, qty, ARRAY[(loc.id, loc.code, -qty, balance)::inventory_line],
    a->>'note', jsonb_build_object('reservation', held.number));
  IF held.id IS NOT NULL THEN
    UPDATE reservations SET status = 'consumed', closed_by = c.user_id, closed_at = now(),
        movement_id = m.movement
      WHERE id = held.id;
  END IF;
  RETURN m.result;
END
$$;

-- A transfer: both legs in one movement, balances locked in location id order.
CREATE FUNCTION inventory_move(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  qty bigint := (a->>'quantity')::bigint;
  item items;
  from_loc locations;
  to_loc locations;
  available bigint;
  from_after bigint;
  to_after bigint;
  m record;
BEGIN
  IF a->>'from' = a->>'to' THEN
    PERFORM inventory_refuse('SAME_LOCATION', jsonb_build_object('location', a->>'from'));
  END IF;
  item := inventory_active_item(c, a->>'sku');
  from_loc := inventory_location(c, a->>'from');
  to_loc := inventory_location(c, a->>'to');
  PERFORM inventory_lock_balances(c, item.id, ARRAY[from_loc.id, to_loc.id]);
  SELECT s.on_hand - s.reserved INTO available
    FROM stock_levels s WHERE s.item_id = item.id AND s.location_id = from_loc.id;
  IF available < qty THEN
    PERFORM inventory_refuse('INSUFFICIENT_STOCK', jsonb_build_object(
      'sku', item.sku, 'location', from_loc.code, 'available', available, 'requested', qty));
  END IF;
  UPDATE stock_levels SET on_hand = on_hand - qty WHERE item_id = item.id AND location_id = from_loc.id
    RETURNING on_hand INTO from_after;
  UPDATE stock_levels SET on_hand = on_hand + qty WHERE item_id = item.id AND location_id = to_loc.id
    RETURNING on_hand INTO to_after;
  m := inventory_record(c, 'move', item, qty, ARRAY[
      (from_loc.id, from_loc.code, -qty, from_after),
      (to_loc.id, to_loc.code, qty, to_after)]::inventory_line[],
    a->>'note');
  RETURN m.result;
END
$$;

-- A stocktake: sets on hand to what was counted and records the variance as its own ledger entry.
CREATE FUNCTION inventory_count(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  item items := inventory_active_item(c, a->>'sku');
  loc locations := inventory_location(c, coalesce(a->>'location', 'main'));
  counted bigint := (a->>'quantity')::bigint;
  was_balance stock_levels;
  m record;
BEGIN
  PERFORM inventory_lock_balances(c, item.id, ARRAY[loc.id]);
  SELECT * INTO was_balance FROM stock_levels WHERE item_id = item.id AND location_id = loc.id;
  IF counted < was_balance.reserved THEN
    PERFORM inventory_refuse('BELOW_RESERVED', jsonb_build_object(
      'sku', item.sku, 'location', loc.code, 'reserved', was_balance.reserved, 'counted', counted));
  END IF;
  IF counted <> was_balance.on_hand THEN
    UPDATE stock_levels SET on_hand = counted WHERE item_id = item.id AND location_id = loc.id;
  END IF;
  m := inventory_record(c, 'count', item, counted,
    ARRAY[(loc.id, loc.code, counted - was_balance.on_hand, counted)::inventory_line], a->>'note');
  RETURN m.result;
END
$$;

-- Holds stock: it stays on hand but is no longer available to issue, move or reserve.
CREATE FUNCTION inventory_reserve(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  item items := inventory_active_item(c, a->>'sku');
  loc locations := inventory_location(c, coalesce(a->>'location', 'main'));
  qty bigint := (a->>'quantity')::bigint;
  balance stock_levels;
  numbered bigint;
BEGIN
  UPDATE stock_levels SET reserved = reserved + qty
    WHERE item_id = item.id AND location_id = loc.id AND on_hand - reserved >= qty
    RETURNING * INTO balance;
  IF NOT FOUND THEN
    PERFORM inventory_insufficient(item, loc, qty);
  END IF;
  numbered := nextval(c.reservation_numbers);
  INSERT INTO reservations (team_id, number, item_id, location_id, quantity, ref, created_by)
    VALUES (c.team_id, numbered, item.id, loc.id, qty, a->>'ref', c.user_id);
  RETURN jsonb_strip_nulls(jsonb_build_object(
    'kind', 'reservation', 'reservation', numbered,
    'item', jsonb_build_object('sku', item.sku, 'name', item.name),
    'quantity', qty, 'location', loc.code, 'onHand', balance.on_hand,
    'available', balance.on_hand - balance.reserved, 'ref', a->>'ref'));
END
$$;

-- Gives reserved stock back to available. Anyone may release: it moves no stock and records who did it.
CREATE FUNCTION inventory_release(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  held reservations := inventory_open_reservation(c, (a->>'reservation')::bigint);
  balance stock_levels;
  item items;
BEGIN
  UPDATE stock_levels SET reserved = reserved - held.quantity
    WHERE item_id = held.item_id AND location_id = held.location_id
    RETURNING * INTO balance;
  UPDATE reservations SET status = 'released', closed_by = c.user_id, closed_at = now()
    WHERE id = held.id;
  SELECT * INTO item FROM items WHERE id = held.item_id AND team_id = c.team_id;
  RETURN jsonb_strip_nulls(jsonb_build_object(
    'kind', 'released', 'reservation', held.number,
    'item', jsonb_build_object('sku', item.sku, 'name', item.name),
    'quantity', held.quantity, 'location', (SELECT l.code FROM locations l WHERE l.id = held.location_id),
    'onHand', balance.on_hand, 'available', balance.on_hand - balance.reserved, 'ref', held.ref));
END
$$;

-- Reverses a movement (both legs of a move) by appending the opposite entry.
-- At most once per movement: the original is row-locked, so a second undo waits
-- and then finds the first. Refused when stock has since left and a balance
-- would drop below what is reserved there. Its author or an admin only.
CREATE FUNCTION inventory_undo(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  asked bigint := (a->>'movement')::bigint;
  original movements;
  undone_by bigint;
  was inventory_line[];
  leg inventory_line;
  available bigint;
  reversal inventory_line[];
  item items;
  m record;
BEGIN
  SELECT * INTO original FROM movements WHERE team_id = c.team_id AND number = asked FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM inventory_refuse('UNKNOWN_MOVEMENT', jsonb_build_object('movement', asked));
  END IF;
  IF original.kind = 'undo' THEN
    PERFORM inventory_refuse('NOT_UNDOABLE', jsonb_build_object('movement', asked));
  END IF;
  SELECT u.number INTO undone_by FROM movements u WHERE u.undo_of = original.id;
  IF FOUND THEN
    PERFORM inventory_refuse('ALREADY_UNDONE', jsonb_build_object('movement', asked, 'undoneBy', undone_by));
  END IF;
  IF original.actor <> c.user_id AND NOT c.is_admin THEN
    PERFORM inventory_refuse('NOT_ALLOWED', jsonb_build_object('movement', asked, 'actor', original.actor));
  END IF;
  SELECT array_agg((ml.location_id, l.code, ml.delta, ml.on_hand_after)::inventory_line ORDER BY ml.location_id)
    INTO was
    FROM movement_lines ml JOIN locations l ON l.id = ml.location_id
    WHERE ml.movement_id = original.id;
  PERFORM inventory_lock_balances(c, original.item_id, ARRAY(SELECT w.location_id FROM unnest(was) AS w));
  FOREACH leg IN ARRAY was LOOP
    SELECT s.on_hand - s.reserved INTO available
      FROM stock_levels s WHERE s.item_id = original.item_id AND s.location_id = leg.location_id;
    IF available - leg.delta < 0 THEN
      PERFORM inventory_refuse('UNDO_WOULD_GO_NEGATIVE', jsonb_build_object(
        'movement', asked, 'location', leg.location, 'available', available, 'needed', leg.delta));
    END IF;
  END LOOP;
  WITH applied AS (
    UPDATE stock_levels s SET on_hand = s.on_hand - w.delta
      FROM unnest(was) AS w
      WHERE s.item_id = original.item_id AND s.location_id = w.location_id
      RETURNING s.location_id, s.on_hand)
  SELECT array_agg((w.location_id, w.location, -w.delta, applied.on_hand)::inventory_line ORDER BY w.n)
    INTO reversal
    FROM unnest(was) WITH ORDINALITY AS w(location_id, location, delta, on_hand, n)
    JOIN applied ON applied.location_id = w.location_id;
  SELECT * INTO item FROM items WHERE id = original.item_id AND team_id = c.team_id;
  m := inventory_record(c, 'undo', item, (SELECT max(abs(r.delta)) FROM unnest(reversal) AS r), reversal,
    NULL,
    jsonb_build_object('undoOf', jsonb_strip_nulls(jsonb_build_object(
      'movement', original.number, 'verb', original.kind, 'actor', original.actor, 'note', original.note,
      'lines', (SELECT jsonb_agg(jsonb_build_object('location', w.location, 'delta', w.delta,
                                                    'onHand', w.on_hand) ORDER BY w.n)
                FROM unnest(was) WITH ORDINALITY AS w(location_id, location, delta, on_hand, n))))),
    original.id);
  RETURN m.result;
END
$$;

-- Confirm (or Cancel) a change that asked first: applies it once (the row is
-- locked and its status moves on once) under the request key `pending:<id>`,
-- whatever its size. Only the person who asked may confirm or cancel; a
-- Confirm older than an hour no longer applies (PENDING_TTL_MS).
CREATE FUNCTION inventory_confirm(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  pending pending_changes;
BEGIN
  SELECT * INTO pending FROM pending_changes
    WHERE team_id = c.team_id AND id = (a->>'pending')::uuid FOR UPDATE;
  IF NOT FOUND THEN
    PERFORM inventory_refuse('UNKNOWN_PENDING');
  ELSIF pending.user_id <> c.user_id THEN
    PERFORM inventory_refuse('NOT_YOURS', jsonb_build_object('user', pending.user_id));
  ELSIF pending.status <> 'pending' THEN
    PERFORM inventory_refuse('PENDING_DECIDED', jsonb_build_object('status', pending.status));
  END IF;
  IF a->>'verb' = 'change.cancel' THEN
    UPDATE pending_changes SET status = 'cancelled', decided_at = now() WHERE id = pending.id;
    RETURN jsonb_build_object('kind', 'cancelled', 'pending', pending.id);
  END IF;
  IF pending.created_at < now() - interval '1 hour' THEN
    PERFORM inventory_refuse('PENDING_EXPIRED');
  END IF;
  UPDATE pending_changes SET status = 'confirmed', decided_at = now() WHERE id = pending.id;
  c.request_key := 'pending:' || pending.id;
  c.confirm_above := NULL;
  RETURN inventory_run(c, pending.command);
END
$$;
