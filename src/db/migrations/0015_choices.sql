-- "Which one?" (docs/architecture.md, "Naming items and locations"): a change
-- whose words named several items or locations waits here for the person who
-- asked to pick one. The pick applies it under the request key `choose:<id>`:
-- once, however often and whichever button is clicked; after an hour it no
-- longer applies (QUESTION_TTL in src/inventory/service.ts).
CREATE TABLE pending_choices (
  id         uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  team_id    text NOT NULL REFERENCES workspaces (team_id),
  user_id    text NOT NULL,
  -- The change as asked, with what was resolved before the question already exact.
  command    jsonb NOT NULL,
  -- What a pick replaces, and what may be picked: the SKUs or location codes offered.
  field      text NOT NULL CHECK (field IN ('sku', 'location', 'from', 'to')),
  options    text[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX pending_choices_created_at ON pending_choices (created_at);

-- As in 0012, and before asking which item, the role check (inventory_authorize_action,
-- 0014) runs where the change would apply: a question is only asked of someone who may
-- answer it. (When a location is asked about too, the check waits for the pick.)
CREATE OR REPLACE FUNCTION inventory_resolve(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  note_field text := CASE WHEN a->>'verb' = 'reserve' THEN 'ref' ELSE 'note' END;
  field text;
  named jsonb;
  spill text[] := '{}';
  location_id bigint;
  location_code text;
  asked text;
  asked_named jsonb;
BEGIN
  FOREACH field IN ARRAY ARRAY['location', 'from', 'to'] LOOP
    CONTINUE WHEN NOT a ? field;
    named := inventory_find_location(c.team_id, a->>field);
    IF named ? 'closest' THEN
      PERFORM inventory_refuse('UNKNOWN_LOCATION', jsonb_build_object(
        'location', named->>'given', 'closest', inventory_closest(named, 'code')));
    END IF;
    IF named->>'rest' <> '' THEN
      spill := spill || (named->>'rest');
    END IF;
    IF named ? 'options' THEN
      a := a || jsonb_build_object(field, named->>'given');
      IF asked IS NULL THEN
        asked := field;
        asked_named := named;
      END IF;
    ELSE
      a := a || jsonb_build_object(field, named->>'code');
      IF field <> 'to' AND location_id IS NULL THEN
        location_id := (named->>'id')::bigint;
        location_code := named->>'code';
      END IF;
    END IF;
  END LOOP;
  IF cardinality(spill) > 0 THEN
    a := a || jsonb_build_object(note_field, array_to_string(
      spill || coalesce(ARRAY[a->>note_field], '{}'), ' '));
  END IF;
  IF a ? 'sku' THEN
    IF location_id IS NULL AND asked IS NULL THEN
      SELECT l.id, l.code INTO location_id, location_code
        FROM locations l WHERE l.team_id = c.team_id AND l.code = 'main';
    END IF;
    named := inventory_find_item(c.team_id, a->>'sku', location_id);
    IF named ? 'closest' THEN
      PERFORM inventory_refuse('UNKNOWN_ITEM', jsonb_build_object(
        'sku', named->>'given', 'closest', inventory_closest(named, 'sku')));
    ELSIF named ? 'options' THEN
      -- Who may not make this change where it applies is told so now, not after a question.
      IF asked IS NULL THEN
        PERFORM inventory_authorize_action(c, a);
      END IF;
      PERFORM inventory_ask('sku', named || jsonb_build_object('at', location_code), a);
    END IF;
    a := a || jsonb_build_object('sku', named->>'sku');
  END IF;
  IF asked IS NOT NULL THEN
    PERFORM inventory_ask(asked, asked_named || jsonb_build_object('options', (
      SELECT jsonb_agg(o || jsonb_build_object('available', coalesce((
               SELECT s.on_hand - s.reserved FROM stock_levels s
                 JOIN locations l ON l.id = s.location_id JOIN items i ON i.id = s.item_id
               WHERE l.team_id = c.team_id AND l.code = o->>'code' AND i.team_id = c.team_id
                 AND i.sku = a->>'sku'), 0)) ORDER BY n)
      FROM jsonb_array_elements(asked_named->'options') WITH ORDINALITY AS e(o, n))), a);
  END IF;
  RETURN a;
END
$$;

-- As in 0012, and a question (IN003) is kept for its pick: the answer carries its id.
CREATE OR REPLACE FUNCTION inventory_attempt(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  code text;
  details text;
  pending uuid;
  question jsonb;
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
      RETURN jsonb_build_object('ok', false, 'code', code, 'details', details::jsonb);
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
  END;
END
$$;
