-- Naming, made safe against look-alikes (docs/architecture.md, "Naming items and
-- locations"). Similarity alone took `red widget` for Blue widget, `m5 bolt` for
-- M3 bolt 20mm and `shelf-9` for shelf-2 whenever nothing else was alike. Now:
--   * a similar item or location is plausible only when it contradicts nothing
--     typed: every word is found in its SKU (code) or name, typos aside, and
--     every number is one of its numbers (inventory_fits);
--   * one that is plausible but not clearly it is asked about, never assumed;
--   * a look-alike location is matched on all the words given (it leaves none
--     for the note, where `2` of `bin 2` could hide);
--   * nobody is asked "which one?" about a change they may not make: the role
--     check runs before every question, and a question about a location offers
--     only the locations where they may make it;
--   * a refusal about the item found names it (SKU and name), as a result does.

-- Whether `p_candidate` (an item's `SKU name`, a location's `code name`) could be
-- what `p_ref` means: every word of it is found in the candidate (word
-- similarity at least 0.5: `widgt`, `sprockt` are; `red` in Blue widget is not;
-- `the` is skipped), and every number in it is one of the candidate's numbers
-- (`m5` is not `M3`, `12mm` not `10mm`, `2x4` not `2x6`).
CREATE FUNCTION inventory_fits(p_ref text, p_candidate text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT NOT EXISTS (
      SELECT 1 FROM regexp_split_to_table(inventory_plain(p_ref), '[^[:alnum:]]+') AS w(word)
      WHERE w.word NOT IN ('', 'the') AND word_similarity(w.word, inventory_plain(p_candidate)) < 0.5)
    AND NOT EXISTS (
      SELECT 1 FROM regexp_matches(p_ref, '[0-9]+', 'g') AS n(number)
      WHERE NOT n.number[1] = ANY (ARRAY(
        SELECT m.number[1] FROM regexp_matches(p_candidate, '[0-9]+', 'g') AS m(number))))
$$;

-- As in 0012, with look-alikes guarded: a similar item is plausible only when it
-- fits (inventory_fits), and used only when clearly best; one that is plausible
-- but not clearly it is asked about (a question with one option).
CREATE OR REPLACE FUNCTION inventory_find_item(p_team text, p_ref text, p_location_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  -- A similar item is plausible from this score, and used alone from CLEAR when
  -- the next plausible one is LEAD behind (measured on real catalogues:
  -- "blue widgt" → Blue widget 0.82, Blue bolt 0.45).
  plausible CONSTANT real := 0.5;
  clear CONSTANT real := 0.6;
  lead CONSTANT real := 0.25;
  given text := btrim(p_ref);
  hit record;
  ids bigint[];
  scores real[];
  sure boolean := true;
BEGIN
  SELECT i.id, i.sku INTO hit FROM items i WHERE i.team_id = p_team AND i.sku = upper(given);
  IF FOUND THEN
    RETURN jsonb_build_object('id', hit.id, 'sku', hit.sku);
  END IF;
  -- The name exactly (case aside), else with plurals forgiven (name or SKU).
  SELECT array_agg(i.id ORDER BY i.sku) INTO ids FROM items i
    WHERE i.team_id = p_team AND inventory_plain(i.name) = inventory_plain(given)
      AND lower(i.name) = lower(given);
  IF ids IS NULL THEN
    SELECT array_agg(i.id ORDER BY i.sku) INTO ids FROM items i
      WHERE i.team_id = p_team
        AND (inventory_plain(i.name) = inventory_plain(given) OR inventory_plain(i.sku) = inventory_plain(given));
  END IF;
  IF ids IS NULL AND length(inventory_plain(given)) >= 2 THEN
    SELECT array_agg(s.id ORDER BY s.score DESC, s.sku), array_agg(s.score ORDER BY s.score DESC, s.sku)
      INTO ids, scores
      FROM (SELECT * FROM inventory_similar_items(p_team, given, 20) s
            WHERE s.score >= plausible AND inventory_fits(given, s.sku || ' ' || s.name)
            ORDER BY s.score DESC, s.sku LIMIT 6) s;
    IF scores[1] >= clear AND coalesce(scores[2] <= scores[1] - lead, true) THEN
      ids := ids[1:1];
    ELSE
      sure := false;
    END IF;
  END IF;
  IF cardinality(ids) = 1 AND sure THEN
    SELECT i.id, i.sku INTO hit FROM items i WHERE i.id = ids[1];
    RETURN jsonb_build_object('id', hit.id, 'sku', hit.sku);
  END IF;
  IF ids IS NOT NULL THEN
    RETURN jsonb_build_object('given', given, 'options', (
      SELECT jsonb_agg(jsonb_build_object('sku', i.sku, 'name', i.name, 'available', (
               SELECT coalesce(sum(s.on_hand - s.reserved), 0) FROM stock_levels s
               WHERE s.item_id = i.id AND (p_location_id IS NULL OR s.location_id = p_location_id)))
             ORDER BY o.n)
      FROM unnest(ids[1:5]) WITH ORDINALITY AS o(id, n) JOIN items i ON i.id = o.id));
  END IF;
  RETURN jsonb_build_object('given', given, 'closest', coalesce((
    SELECT jsonb_agg(jsonb_build_object('sku', s.sku, 'name', s.name) ORDER BY s.score DESC, s.sku)
    FROM inventory_similar_items(p_team, given, 3) s), '[]'));
END
$$;

-- As in 0012, with look-alikes guarded: the code, then the longest run of
-- leading words that names a location exactly (plurals forgiven), the words
-- after it the rest, as before; otherwise all the words, taken whole, matched
-- against locations that fit them (inventory_fits), used when clearly best and
-- asked about otherwise.
CREATE OR REPLACE FUNCTION inventory_find_location(p_team text, p_words text) RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  plausible CONSTANT real := 0.5;
  clear CONSTANT real := 0.6;
  lead CONSTANT real := 0.25;
  quoted boolean := p_words ~ '^".*"$';
  words text[] := regexp_split_to_array(btrim(CASE WHEN quoted THEN substr(p_words, 2, length(p_words) - 2)
                                                   ELSE p_words END), '\s+');
  -- Location names are short: words past the sixth are never part of one.
  longest int := CASE WHEN quoted THEN cardinality(words) ELSE least(cardinality(words), 6) END;
  shortest int := CASE WHEN quoted THEN cardinality(words) ELSE 1 END;
  phrase text;
  rest text;
  hit record;
  ids bigint[];
  scores real[];
  sure boolean := true;
BEGIN
  SELECT l.id, l.code INTO hit FROM locations l WHERE l.team_id = p_team AND l.code = lower(words[1]);
  IF FOUND AND (NOT quoted OR cardinality(words) = 1) THEN
    RETURN jsonb_build_object('id', hit.id, 'code', hit.code, 'rest', array_to_string(words[2:], ' '));
  END IF;
  FOR n IN REVERSE longest..shortest LOOP
    phrase := array_to_string(words[1:n], ' ');
    rest := array_to_string(words[n + 1:], ' ');
    SELECT array_agg(l.id ORDER BY l.code) INTO ids FROM locations l
      WHERE l.team_id = p_team AND (lower(l.name) = lower(phrase) OR l.code = lower(phrase));
    IF ids IS NULL THEN
      SELECT array_agg(l.id ORDER BY l.code) INTO ids FROM locations l
        WHERE l.team_id = p_team
          AND inventory_plain(phrase) IN (inventory_plain(l.name), inventory_plain(l.code));
    END IF;
    EXIT WHEN ids IS NOT NULL;
  END LOOP;
  IF ids IS NULL THEN
    phrase := array_to_string(words, ' ');
    rest := '';
    IF length(phrase) >= 2 THEN
      SELECT array_agg(m.id ORDER BY m.score DESC, m.code), array_agg(m.score ORDER BY m.score DESC, m.code)
        INTO ids, scores
        FROM inventory_similar_locations(p_team, phrase) m
        WHERE m.score >= plausible AND inventory_fits(phrase, m.code || ' ' || m.name);
      IF scores[1] >= clear AND coalesce(scores[2] <= scores[1] - lead, true) THEN
        ids := ids[1:1];
      ELSE
        sure := false;
      END IF;
    END IF;
  END IF;
  IF cardinality(ids) = 1 AND sure THEN
    SELECT l.id, l.code INTO hit FROM locations l WHERE l.id = ids[1];
    RETURN jsonb_build_object('id', hit.id, 'code', hit.code, 'rest', rest);
  END IF;
  IF ids IS NOT NULL THEN
    RETURN jsonb_build_object('given', phrase, 'rest', rest, 'options', (
      SELECT jsonb_agg(jsonb_build_object('code', l.code, 'name', l.name) ORDER BY o.n)
      FROM unnest(ids[1:5]) WITH ORDINALITY AS o(id, n) JOIN locations l ON l.id = o.id));
  END IF;
  phrase := array_to_string(words, ' ');
  RETURN jsonb_build_object('given', phrase, 'closest', coalesce((
    SELECT jsonb_agg(jsonb_build_object('code', m.code, 'name', m.name) ORDER BY m.score DESC, m.code)
    FROM (SELECT * FROM inventory_similar_locations(p_team, phrase) ORDER BY score DESC, code LIMIT 3) m), '[]'));
END
$$;

-- The options of a question about location `field` that the person may pick:
-- those where the change would pass its role check (inventory_authorize_action,
-- 0014). When there are none, the change is refused now (NEEDS_ROLE, as for the
-- first option), not asked about. A check that stops at another reference still
-- to be settled (both ends of a move asked about) keeps the option: every change
-- is checked again when it runs.
CREATE FUNCTION inventory_askable(c inventory_change, a jsonb, field text, options jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  option jsonb;
  kept jsonb := '[]';
  refusal text;
  details text;
  denied jsonb;
BEGIN
  FOR option IN SELECT e.o FROM jsonb_array_elements(options) WITH ORDINALITY AS e(o, n) ORDER BY e.n LOOP
    BEGIN
      PERFORM inventory_authorize_action(c, a || jsonb_build_object(field, option->>'code'));
      kept := kept || jsonb_build_array(option);
    EXCEPTION WHEN SQLSTATE 'IN001' THEN
      GET STACKED DIAGNOSTICS refusal = MESSAGE_TEXT, details = PG_EXCEPTION_DETAIL;
      IF refusal = 'NEEDS_ROLE' THEN
        denied := coalesce(denied, details::jsonb);
      ELSE
        kept := kept || jsonb_build_array(option);
      END IF;
    END;
  END LOOP;
  IF jsonb_array_length(kept) = 0 THEN
    PERFORM inventory_refuse('NEEDS_ROLE', denied);
  END IF;
  RETURN kept;
END
$$;

-- As in 0015, and the role check runs before every question: before asking
-- which item, where the change would apply (at one of the locations asked
-- about, when a location is asked about too); a question about a location
-- offers only the locations where the person may make the change.
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
      ELSE
        PERFORM inventory_askable(c, a, asked, asked_named->'options');
      END IF;
      PERFORM inventory_ask('sku', named || jsonb_build_object('at', location_code), a);
    END IF;
    a := a || jsonb_build_object('sku', named->>'sku');
  END IF;
  IF asked IS NOT NULL THEN
    PERFORM inventory_ask(asked, asked_named || jsonb_build_object('options', inventory_askable(c, a, asked, (
      SELECT jsonb_agg(o || jsonb_build_object('available', coalesce((
               SELECT s.on_hand - s.reserved FROM stock_levels s
                 JOIN locations l ON l.id = s.location_id JOIN items i ON i.id = s.item_id
               WHERE l.team_id = c.team_id AND l.code = o->>'code' AND i.team_id = c.team_id
                 AND i.sku = a->>'sku'), 0)) ORDER BY n)
      FROM jsonb_array_elements(asked_named->'options') WITH ORDINALITY AS e(o, n)))), a);
  END IF;
  RETURN a;
END
$$;

-- As in 0015, and a refusal about the item found (not enough, archived, below
-- what is reserved) carries its name: the reply shows the SKU and name the words
-- resolved to, as a result does. (A denial's details stay as the audit trail
-- records them.)
CREATE OR REPLACE FUNCTION inventory_attempt(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  code text;
  details text;
  refused jsonb;
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
  END;
END
$$;
