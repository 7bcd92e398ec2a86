-- Roles enforced inside the one statement of a stock change. inventory_apply
-- reads who asks (their grant, or the workspace's default role, or Slack's
-- admin status the bot looked up) into the context `c`; inventory_run checks
-- the verb's right at the locations it touches before the verb runs
-- (inventory_authorize_action), refusing NEEDS_ROLE; inventory_apply records
-- each denial in the audit trail, outside the rolled-back sub-transaction, and
-- stores it for replay like any refusal. The role matrix is RIGHTS in
-- src/inventory/rights.ts; the stock changes' rows of it are here.

ALTER TYPE inventory_change
  ADD ATTRIBUTE enterprise_id text,
  -- The role that decides (`is_admin`, from ADMIN_USERS, makes it admin whatever else is said).
  ADD ATTRIBUTE role text,
  -- The locations the role is limited to (null: everywhere); elsewhere it counts as viewer.
  ADD ATTRIBUTE role_locations bigint[];

CREATE FUNCTION inventory_role_rank(role text) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_position(ARRAY['viewer', 'clerk', 'manager', 'admin'], role)
$$;

-- Who asks, in order: ADMIN_USERS (c.is_admin) are admins; a grant decides
-- next; Slack's workspace owners and admins are admins until given another
-- role; everyone else has the workspace's default role (src/inventory/roles.ts, accessOf).
CREATE FUNCTION inventory_access(c inventory_change, p_default_role text, p_slack_admin boolean)
RETURNS inventory_change
LANGUAGE plpgsql AS $$
DECLARE
  granted roles;
BEGIN
  IF c.is_admin THEN
    c.role := 'admin';
    RETURN c;
  END IF;
  SELECT * INTO granted FROM roles WHERE team_id = c.team_id AND user_id = c.user_id;
  IF FOUND THEN
    c.role := granted.role;
    c.role_locations := granted.location_ids;
  ELSE
    c.role := CASE WHEN p_slack_admin THEN 'admin' ELSE p_default_role END;
  END IF;
  RETURN c;
END
$$;

-- Refuses NEEDS_ROLE unless the person holds `needed` at `loc`: what was asked,
-- the role it needs and where, what they have there, and up to three admins
-- who can grant it. `loc` is null when the row naming it does not exist (the
-- verb then refuses that): only the role counts.
CREATE FUNCTION inventory_authorize(c inventory_change, needed text, verb text, loc locations,
  extra jsonb DEFAULT '{}')
RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  has text := c.role;
BEGIN
  IF c.role_locations IS NOT NULL AND loc.id IS NOT NULL AND NOT loc.id = ANY (c.role_locations) THEN
    has := 'viewer';
  END IF;
  IF inventory_role_rank(has) >= inventory_role_rank(needed) THEN
    RETURN;
  END IF;
  PERFORM inventory_refuse('NEEDS_ROLE', jsonb_strip_nulls(jsonb_build_object(
    'verb', verb, 'role', needed, 'location', loc.code, 'has', has,
    'admins', (SELECT string_agg(r.user_id, ',' ORDER BY r.granted_at, r.user_id)
               FROM (SELECT user_id, granted_at FROM roles
                     WHERE team_id = c.team_id AND role = 'admin'
                     ORDER BY granted_at, user_id LIMIT 3) AS r))) || extra);
END
$$;

-- The right each stock change needs, at every location it touches: receive,
-- issue, move (both ends), reserve and release need a clerk there; count a
-- manager; undo a clerk for your own movement and a manager for anyone else's,
-- at each of its locations. Confirm and Cancel need nothing more: the change
-- waiting for confirmation is checked when it runs, so a role revoked in
-- between refuses it. Reads rows without locking them: a reservation's
-- location and a movement's author and lines never change.
CREATE FUNCTION inventory_authorize_action(c inventory_change, a jsonb) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  verb text := a->>'verb';
  -- The item, as the verb will see it: the denial's subject in the audit trail.
  about jsonb := jsonb_strip_nulls(jsonb_build_object('sku', a->>'sku'));
  held reservations;
  original movements;
  needed text;
  loc locations;
BEGIN
  -- The common case costs no lookup: a role held everywhere that covers the verb whatever it names.
  IF c.role_locations IS NULL AND inventory_role_rank(c.role) >= inventory_role_rank(
       CASE WHEN verb IN ('count', 'undo') THEN 'manager' ELSE 'clerk' END) THEN
    RETURN;
  END IF;
  CASE verb
    WHEN 'receive', 'reserve', 'count' THEN
      PERFORM inventory_authorize(c, CASE verb WHEN 'count' THEN 'manager' ELSE 'clerk' END, verb,
        inventory_location(c, coalesce(a->>'location', 'main')), about);
    WHEN 'issue', 'release' THEN
      IF a ? 'reservation' THEN
        SELECT * INTO held FROM reservations
          WHERE team_id = c.team_id AND number = (a->>'reservation')::bigint;
        SELECT * INTO loc FROM locations WHERE id = held.location_id;
        PERFORM inventory_authorize(c, 'clerk', verb, loc, about);
      ELSE
        PERFORM inventory_authorize(c, 'clerk', verb, inventory_location(c, coalesce(a->>'location', 'main')),
          about);
      END IF;
    WHEN 'move' THEN
      -- The same place twice is refused by the verb (SAME_LOCATION).
      IF a->>'from' <> a->>'to' THEN
        PERFORM inventory_authorize(c, 'clerk', verb, inventory_location(c, a->>'from'), about);
        PERFORM inventory_authorize(c, 'clerk', verb, inventory_location(c, a->>'to'), about);
      END IF;
    WHEN 'undo' THEN
      SELECT * INTO original FROM movements WHERE team_id = c.team_id AND number = (a->>'movement')::bigint;
      IF original.id IS NULL OR original.actor = c.user_id THEN
        needed := 'clerk';
      ELSE
        needed := 'manager';
      END IF;
      IF original.id IS NULL THEN
        PERFORM inventory_authorize(c, needed, verb, NULL);
      END IF;
      FOR loc IN
        SELECT l.* FROM locations l
        WHERE l.id IN (SELECT ml.location_id FROM movement_lines ml WHERE ml.movement_id = original.id)
        ORDER BY l.id
      LOOP
        PERFORM inventory_authorize(c, needed, verb, loc,
          CASE WHEN needed = 'manager'
            THEN jsonb_build_object('movement', original.number, 'actor', original.actor) ELSE '{}' END);
      END LOOP;
    ELSE
      NULL;
  END CASE;
END
$$;

-- A denial in the audit trail: who, when, what was asked (as typed) and what it needed; its
-- subject is the item the verb would have changed.
CREATE FUNCTION inventory_record_denial(c inventory_change, a jsonb, details jsonb) RETURNS void
LANGUAGE sql AS $$
  INSERT INTO audit_log (team_id, enterprise_id, actor, action, subject, details, request_key)
  VALUES (c.team_id, c.enterprise_id, c.user_id, 'denied', coalesce(details->>'sku', a->>'sku'),
          details || jsonb_build_object('action', a), c.request_key)
$$;

-- As in 0008, with the right checked before the verb runs.
CREATE OR REPLACE FUNCTION inventory_run(c inventory_change, a jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
  PERFORM inventory_authorize_action(c, a);
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

-- As in 0008, and: who asks is read into `c` (inventory_access) once the
-- request key is claimed, from `isAdmin` (ADMIN_USERS) and `slackAdmin`
-- (users.info, looked up by the bot); a denial is recorded in the audit trail.
-- `command`: {teamId, enterpriseId?, userId, requestKey, isAdmin, slackAdmin?, action}.
CREATE OR REPLACE FUNCTION inventory_apply(command jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  w workspaces := inventory_workspace(command->>'teamId', command->>'enterpriseId');
  c inventory_change;
  answer jsonb;
BEGIN
  c.team_id := w.team_id;
  c.enterprise_id := command->>'enterpriseId';
  c.user_id := command->>'userId';
  c.request_key := command->>'requestKey';
  c.is_admin := coalesce((command->>'isAdmin')::boolean, false);
  c.confirm_above := w.confirm_above;
  c.movement_numbers := w.movement_numbers;
  c.reservation_numbers := w.reservation_numbers;
  -- A concurrent claim of the same key waits here until the first commits, then replays it.
  INSERT INTO requests (team_id, request_key) VALUES (c.team_id, c.request_key) ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    SELECT r.outcome INTO answer FROM requests r WHERE r.team_id = c.team_id AND r.request_key = c.request_key;
    IF answer->>'ok' = 'true' THEN
      answer := answer || '{"replayed": true}';
    END IF;
  END IF;
  IF answer IS NULL THEN
    c := inventory_access(c, w.default_role, coalesce((command->>'slackAdmin')::boolean, false));
    answer := inventory_attempt(c, command->'action');
    IF answer->>'code' = 'NEEDS_ROLE' THEN
      PERFORM inventory_record_denial(c, command->'action', answer->'details');
    END IF;
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

-- As in 0007, without its own author-or-admin check: inventory_authorize_action
-- asks a manager for someone else's movement, at each of its locations.
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
