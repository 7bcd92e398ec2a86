-- A workspace with 10,000 items, each with plenty of stock at `main`, for
-- `apply-receive.sql` and `apply-issue.sql`, on a migrated database.
SELECT inventory_workspace('TBENCH', NULL);
INSERT INTO items (team_id, sku, name, created_by)
  SELECT 'TBENCH', 'B' || g, 'Bench part ' || g, 'UBENCH' FROM generate_series(1, 10000) AS g
  ON CONFLICT DO NOTHING;
INSERT INTO stock_levels (team_id, item_id, location_id, on_hand)
  SELECT 'TBENCH', i.id, l.id, 1000000000 FROM items i JOIN locations l ON l.team_id = i.team_id AND l.code = 'main'
  WHERE i.team_id = 'TBENCH'
  ON CONFLICT DO NOTHING;
ANALYZE items, stock_levels;
