-- inventory_exact (0019) goes: taking exact references as typed saved about 1%
-- of the server's CPU per change (docs/benchmarks.md, "Where the time goes"),
-- too little for a second way of naming that must keep agreeing with the first
-- rule of inventory_find_item and inventory_find_location.

-- As in 0019, with every reference named by inventory_resolve.
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
    a := inventory_resolve(c, a);
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

DROP FUNCTION inventory_exact(inventory_change, jsonb);
