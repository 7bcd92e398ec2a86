-- A workspace with 10,000 items for `apply-receive.sql`, on a migrated database.
SELECT inventory_workspace('TBENCH', NULL);
INSERT INTO items (team_id, sku, name, created_by)
  SELECT 'TBENCH', 'B' || g, 'Bench part ' || g, 'UBENCH' FROM generate_series(1, 10000) AS g
  ON CONFLICT DO NOTHING;
ANALYZE items;
