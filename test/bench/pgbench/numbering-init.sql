-- Why movement numbers come from a sequence (docs/architecture.md): the same
-- one-statement movement, numbered by a per-workspace counter row or by a
-- sequence. Run after init.sql, then pgbench each of numbering-*.sql (README in docs/benchmarks.md).
CREATE TABLE IF NOT EXISTS bench_counters (team_id text PRIMARY KEY, next_movement bigint NOT NULL);
INSERT INTO bench_counters VALUES ('T1', 1) ON CONFLICT DO NOTHING;
CREATE SEQUENCE IF NOT EXISTS bench_movement_numbers;
ALTER TABLE bench_ledger ADD COLUMN IF NOT EXISTS number bigint;

CREATE OR REPLACE FUNCTION bench_move_counter(p_item bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE numbered bigint;
BEGIN
  UPDATE bench_stock SET on_hand = on_hand - 1 WHERE item_id = p_item AND on_hand >= 1;
  UPDATE bench_counters SET next_movement = next_movement + 1 WHERE team_id = 'T1'
    RETURNING next_movement - 1 INTO numbered;
  INSERT INTO bench_ledger (item_id, delta, number) VALUES (p_item, -1, numbered);
  RETURN numbered;
END $$;

CREATE OR REPLACE FUNCTION bench_move_sequence(p_item bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE numbered bigint;
BEGIN
  UPDATE bench_stock SET on_hand = on_hand - 1 WHERE item_id = p_item AND on_hand >= 1;
  numbered := nextval('bench_movement_numbers');
  INSERT INTO bench_ledger (item_id, delta, number) VALUES (p_item, -1, numbered);
  RETURN numbered;
END $$;
