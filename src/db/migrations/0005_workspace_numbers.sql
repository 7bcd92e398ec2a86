-- Movement (#n) and reservation (R-n) numbers come from one sequence per
-- workspace instead of counter columns on the workspace's row. A counter row is
-- locked from the moment a change takes a number until it commits, so every
-- change in a workspace would queue behind the one before it; a sequence hands
-- out numbers without a lock. The price: a change rolled back after taking its
-- number leaves a gap (see the README). The old counters stay, unused.

ALTER TABLE workspaces
  ADD COLUMN movement_numbers regclass,
  ADD COLUMN reservation_numbers regclass;

-- The workspace, created on its first command with its default location `main`
-- and its number sequences. A plain read when it exists (no lock: an INSERT …
-- ON CONFLICT would wait behind any transaction that holds the row).
CREATE FUNCTION inventory_workspace(p_team_id text, p_enterprise_id text) RETURNS workspaces
LANGUAGE plpgsql AS $$
DECLARE
  w workspaces;
  suffix text := md5(p_team_id);
BEGIN
  SELECT * INTO w FROM workspaces WHERE team_id = p_team_id;
  IF FOUND AND w.movement_numbers IS NOT NULL THEN
    RETURN w;
  END IF;
  INSERT INTO workspaces (team_id, enterprise_id) VALUES (p_team_id, p_enterprise_id)
    ON CONFLICT (team_id) DO NOTHING;
  IF FOUND THEN
    INSERT INTO locations (team_id, code, name) VALUES (p_team_id, 'main', 'Main');
  END IF;
  -- Locked, so that two first commands create the sequences once.
  SELECT * INTO w FROM workspaces WHERE team_id = p_team_id FOR UPDATE;
  IF w.movement_numbers IS NULL THEN
    EXECUTE format('CREATE SEQUENCE %I START %s', 'movement_numbers_' || suffix, w.next_movement);
    EXECUTE format('CREATE SEQUENCE %I START %s', 'reservation_numbers_' || suffix, w.next_reservation);
    UPDATE workspaces
      SET movement_numbers = format('%I', 'movement_numbers_' || suffix)::regclass,
          reservation_numbers = format('%I', 'reservation_numbers_' || suffix)::regclass
      WHERE team_id = p_team_id
      RETURNING * INTO w;
  END IF;
  RETURN w;
END
$$;

-- Existing workspaces continue their numbering where their counters stand.
SELECT inventory_workspace(team_id, enterprise_id) FROM workspaces;
