-- The writes of one issue and nothing else, for comparison with apply-issue.sql
-- (docs/benchmarks.md, "Where the time goes"): the balance, the ledger row and
-- its line, the request key with an outcome, on the bot's own tables (their
-- indexes, checks and foreign keys), in one function. Run after apply-init.sql.
DO $do$
BEGIN
  EXECUTE format($f$
    CREATE OR REPLACE FUNCTION bench_issue_writes(p_item bigint, p_key text) RETURNS void
    LANGUAGE plpgsql AS $body$
    DECLARE
      balance bigint;
      movement bigint;
    BEGIN
      UPDATE stock_levels SET on_hand = on_hand - 1
        WHERE item_id = p_item AND location_id = %1$s AND on_hand - reserved >= 1
        RETURNING on_hand INTO balance;
      INSERT INTO movements (team_id, number, kind, item_id, quantity, actor, request_key)
        VALUES ('TBENCH', nextval(%2$L), 'issue', p_item, 1, 'UBENCH', p_key)
        RETURNING id INTO movement;
      INSERT INTO movement_lines (movement_id, location_id, item_id, team_id, delta, on_hand_after)
        VALUES (movement, %1$s, p_item, 'TBENCH', -1, balance);
      INSERT INTO requests (team_id, request_key, outcome) VALUES ('TBENCH', p_key, '{"ok": true}');
    END
    $body$
    $f$,
    (SELECT id FROM locations WHERE team_id = 'TBENCH' AND code = 'main'),
    (SELECT movement_numbers::text FROM workspaces WHERE team_id = 'TBENCH'));
END
$do$;
