-- An undo leaves nothing half-undone: what the undone movement closed opens
-- again, in the undo's own statement, and the undo's answer says so (`reopened`,
-- MovementResult in src/inventory/results.ts).
--   A receipt that closed a reorder request: the request is approved again, its
--   receipt link (received_by, received_at, received_movement) cleared, so it can
--   be received once more; its message is updated by the deliverer.
--   An issue that consumed a reservation: the reservation is open again and holds
--   its whole quantity, as before the issue, if that much is available at its
--   location once the issue is reversed. Otherwise (the issue took less than was
--   reserved and the rest has since been taken) re-opening it would reserve more
--   than is there: it stays consumed and the answer says how much is available.
-- Only what this very movement still holds closed re-opens (a request received
-- in it, a reservation consumed by it). Nothing else changes a received request
-- or a consumed reservation, and a movement is undone once, so that is all of it.

-- How an undo finds what the movement closed.
CREATE INDEX reorder_requests_received ON reorder_requests (team_id, received_movement)
  WHERE received_movement IS NOT NULL;
CREATE INDEX reservations_consumed_by ON reservations (movement_id) WHERE movement_id IS NOT NULL;

-- As in 0014, and re-opening what the movement closed. Lock order as everywhere:
-- the movement, then the request or reservation it closed, then the balances.
CREATE OR REPLACE FUNCTION inventory_undo(c inventory_change, a jsonb) RETURNS jsonb
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
  request reorder_requests;
  held reservations;
  held_again boolean;
  reopened jsonb := '{}';
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
  IF original.kind = 'receive' THEN
    SELECT * INTO request FROM reorder_requests
      WHERE team_id = c.team_id AND received_movement = original.number AND status = 'received' FOR UPDATE;
  ELSIF original.kind = 'issue' THEN
    SELECT * INTO held FROM reservations
      WHERE team_id = c.team_id AND movement_id = original.id AND status = 'consumed' FOR UPDATE;
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
  IF request.id IS NOT NULL THEN
    UPDATE reorder_requests SET status = 'approved', received_by = NULL, received_at = NULL,
        received_movement = NULL
      WHERE id = request.id;
    reopened := jsonb_build_object('request', inventory_request_summary(request.id));
  END IF;
  IF held.id IS NOT NULL THEN
    -- Never more reserved than on hand: the balance (locked above) must have room for all of it.
    UPDATE stock_levels SET reserved = reserved + held.quantity
      WHERE item_id = held.item_id AND location_id = held.location_id AND on_hand - reserved >= held.quantity;
    held_again := FOUND;
    IF held_again THEN
      UPDATE reservations SET status = 'open', closed_by = NULL, closed_at = NULL, movement_id = NULL
        WHERE id = held.id;
    ELSE
      SELECT s.on_hand - s.reserved INTO available
        FROM stock_levels s WHERE s.item_id = held.item_id AND s.location_id = held.location_id;
    END IF;
    reopened := jsonb_build_object('reservation', jsonb_build_object(
      'reservation', held.number, 'quantity', held.quantity,
      'location', (SELECT l.code FROM locations l WHERE l.id = held.location_id),
      'reopened', held_again, 'available', CASE WHEN NOT held_again THEN available END));
  END IF;
  SELECT * INTO item FROM items WHERE id = original.item_id AND team_id = c.team_id;
  m := inventory_record(c, 'undo', item, (SELECT max(abs(r.delta)) FROM unnest(reversal) AS r), reversal,
    NULL,
    jsonb_build_object('undoOf', jsonb_strip_nulls(jsonb_build_object(
      'movement', original.number, 'verb', original.kind, 'actor', original.actor, 'note', original.note,
      'lines', (SELECT jsonb_agg(jsonb_build_object('location', w.location, 'delta', w.delta,
                                                    'onHand', w.on_hand) ORDER BY w.n)
                FROM unnest(was) WITH ORDINALITY AS w(location_id, location, delta, on_hand, n)))))
    || CASE WHEN reopened = '{}' THEN '{}' ELSE jsonb_build_object('reopened', reopened) END,
    original.id);
  RETURN m.result;
END
$$;
