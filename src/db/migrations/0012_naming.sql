-- Items and locations named the way people say them: by SKU or code, by name,
-- or by a clear part of either (docs/architecture.md, "Naming items and
-- locations"). A stock change resolves every reference first
-- (inventory_resolve, called by inventory_attempt) and the verbs then find
-- exact SKUs and codes as before; reads and the rarer changes call
-- inventory_find_item / inventory_find_location from their own queries. One
-- rule, here, for all of them:
--   1. the SKU or location code, case-insensitive (an existing SKU always wins);
--   2. the name, case-insensitive;
--   3. the name (or SKU) with simple plurals forgiven (`widgets` → `widget`);
--   4. similar (pg_trgm) among active items: used when one is clearly best,
--      otherwise the plausible ones are offered ("Which one?"), or the closest
--      are named when none is plausible.
-- Tiers 2 and 3 used by several items ask too. Nothing is ever guessed.

-- Lower case, single spaces, and simple English plurals made singular (batteries
-- → battery, boxes → box, widgets → widget; glass and bus stay).
CREATE FUNCTION inventory_plain(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(
    regexp_replace(lower(btrim(t)), '\s+', ' ', 'g'),
    '([[:alpha:]]{2,})ies\M', '\1y', 'g'),
    '([[:alpha:]]+(ch|sh|x|ss|z))es\M', '\1', 'g'),
    '([[:alpha:]]{2,}[^s[:space:]''’])s\M', '\1', 'g')
$$;

CREATE INDEX items_plain_name ON items (team_id, inventory_plain(name));
CREATE INDEX items_plain_sku ON items (team_id, inventory_plain(sku));

-- Active items similar to what was typed (tier 4), best first. The trigram
-- index on `sku || ' ' || lower(name)` finds the candidates (word similarity at
-- least 0.3, set for this function only); the score is the best of the SKU's
-- and the name's similarity, plurals forgiven, whole or as a part.
CREATE FUNCTION inventory_similar_items(p_team text, p_ref text, p_limit int)
RETURNS TABLE (id bigint, sku text, name text, score real)
LANGUAGE sql STABLE SET pg_trgm.word_similarity_threshold = 0.3 AS $$
  SELECT m.id, m.sku, m.name, m.score FROM (
    SELECT i.id, i.sku, i.name, greatest(
        similarity(inventory_plain(i.name), inventory_plain(p_ref)),
        word_similarity(inventory_plain(p_ref), inventory_plain(i.name)),
        similarity(lower(i.sku), lower(btrim(p_ref))),
        word_similarity(lower(btrim(p_ref)), lower(i.sku))) AS score
    FROM items i
    WHERE i.team_id = p_team AND i.archived_at IS NULL
      AND (lower(btrim(p_ref)) <% (i.sku || ' ' || lower(i.name))
           OR inventory_plain(p_ref) <% (i.sku || ' ' || lower(i.name)))) m
  WHERE m.score >= 0.3
  ORDER BY m.score DESC, m.sku
  LIMIT p_limit
$$;

-- What a reference to an item comes to (the rule above), as JSON:
--   {"id", "sku"}                          one item: use it;
--   {"given", "options": [{sku, name, available}…]}   ask which one (at most 5);
--   {"given", "closest": [{sku, name}…]}   nothing plausible (at most 3, maybe none).
-- `available` is at p_location_id, or over every location when it is null.
CREATE FUNCTION inventory_find_item(p_team text, p_ref text, p_location_id bigint DEFAULT NULL)
RETURNS jsonb
LANGUAGE plpgsql STABLE AS $$
DECLARE
  -- A similar item is plausible from this score, and used alone from CLEAR when
  -- the next one is implausible or LEAD behind (measured on real catalogues:
  -- "blue widgt" → Blue widget 0.82, Blue bolt 0.45; "bleu widget" → three at 0.6).
  plausible CONSTANT real := 0.5;
  clear CONSTANT real := 0.6;
  lead CONSTANT real := 0.25;
  given text := btrim(p_ref);
  hit record;
  ids bigint[];
  scores real[];
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
      FROM inventory_similar_items(p_team, given, 6) s WHERE s.score >= plausible;
    IF scores[1] >= clear AND coalesce(scores[2] <= scores[1] - lead, true) THEN
      ids := ids[1:1];
    END IF;
  END IF;
  IF cardinality(ids) = 1 THEN
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

-- Locations similar to what was typed, by code or name, plurals forgiven (a
-- workspace has few: no index needed), at least 0.3 alike.
CREATE FUNCTION inventory_similar_locations(p_team text, p_phrase text)
RETURNS TABLE (id bigint, code text, name text, score real)
LANGUAGE sql STABLE AS $$
  SELECT m.id, m.code, m.name, m.score FROM (
    SELECT l.id, l.code, l.name, greatest(
        similarity(inventory_plain(l.name), inventory_plain(p_phrase)),
        word_similarity(inventory_plain(p_phrase), inventory_plain(l.name)),
        similarity(l.code, lower(btrim(p_phrase))),
        word_similarity(lower(btrim(p_phrase)), l.code)) AS score
    FROM locations l WHERE l.team_id = p_team) m
  WHERE m.score >= 0.3
$$;

-- A location named by `p_words`: its code, its name, or a clear part of either,
-- as JSON like inventory_find_item's ({"id", "code", "rest"} | {"given",
-- "options": [{code, name}…]} | {"given", "closest": [{code, name}…]}). Words
-- in a stock change run on into its note (`at dock PO 4471`), so: a first word
-- that is a location code is the location, as it always was, and the words
-- after it are `rest`; otherwise the longest run of leading words that names a
-- location (exactly, then plurals forgiven, then similar) is, and `rest` is
-- what follows. A reference in double quotes is taken whole.
CREATE FUNCTION inventory_find_location(p_team text, p_words text) RETURNS jsonb
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
  scored record;
  scores real[];
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
    -- Similar: the run of leading words that matches some location best (the longer run on a tie).
    SELECT w.n INTO scored
      FROM generate_series(shortest, longest) AS w(n)
      CROSS JOIN LATERAL inventory_similar_locations(p_team, array_to_string(words[1:w.n], ' ')) m
      WHERE length(array_to_string(words[1:w.n], ' ')) >= 2
      ORDER BY m.score DESC, w.n DESC LIMIT 1;
    IF FOUND THEN
      phrase := array_to_string(words[1:scored.n], ' ');
      rest := array_to_string(words[scored.n + 1:], ' ');
      SELECT array_agg(m.id ORDER BY m.score DESC, m.code), array_agg(m.score ORDER BY m.score DESC, m.code)
        INTO ids, scores
        FROM inventory_similar_locations(p_team, phrase) m WHERE m.score >= plausible;
      IF scores[1] >= clear AND coalesce(scores[2] <= scores[1] - lead, true) THEN
        ids := ids[1:1];
      END IF;
    END IF;
  END IF;
  IF cardinality(ids) = 1 THEN
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

-- A reference named several items or locations: ask which one. SQLSTATE IN003
-- carries the question as JSON ({kind: "choose", field, given, at, options,
-- action}: ChooseResult, and the change with everything else already resolved);
-- inventory_attempt rolls back and answers with it.
CREATE FUNCTION inventory_ask(field text, named jsonb, action jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING ERRCODE = 'IN003', MESSAGE = 'which one',
    DETAIL = jsonb_strip_nulls(jsonb_build_object('kind', 'choose', 'field', field, 'given', named->'given',
                                'at', named->'at', 'options', named->'options', 'action', action))::text;
END
$$;

-- The closest names, for a refusal: one `SKU<TAB>name` (or `code<TAB>name`) per line.
CREATE FUNCTION inventory_closest(named jsonb, key text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg((c->>key) || E'\t' || (c->>'name'), E'\n' ORDER BY n), '')
  FROM jsonb_array_elements(named->'closest') WITH ORDINALITY AS e(c, n)
$$;

-- Makes every reference of a stock change exact, before its verb runs: the
-- locations (`location`, `from`, `to`) become codes, then `sku` becomes the
-- item's SKU. Words that followed a location's code or name go to the front of
-- the note (`ref` for a reservation). Refuses UNKNOWN_ITEM / UNKNOWN_LOCATION
-- with the closest names; asks (inventory_ask) about the item first, whose
-- options show what is available at the location in question (the change's,
-- `main` by default), then about a location, whose options show the item's stock there.
CREATE FUNCTION inventory_resolve(c inventory_change, a jsonb) RETURNS jsonb
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

-- As in 0008, with every reference resolved first (inventory_resolve): the
-- verbs, and a change kept waiting for Confirm, see exact SKUs and codes. A
-- question (IN003) is an answer like a refusal: nothing was changed.
CREATE OR REPLACE FUNCTION inventory_attempt(c inventory_change, a jsonb) RETURNS jsonb
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
      RETURN jsonb_build_object('ok', true, 'result', details::jsonb - 'action');
  END;
END
$$;
