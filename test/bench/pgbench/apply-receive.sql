-- One receipt of one unit through the bot's own statement, `SELECT inventory_apply(…)`: the
-- request key claimed, the role read and checked, the balance, the ledger, the outcome stored.
-- Run with `-D items=10000`. The person has no grant: the workspace's default role decides.
\set sku random(1, :items)
\set n random(1, 1000000000000)
SELECT inventory_apply(jsonb_build_object('teamId', 'TBENCH', 'userId', 'UBENCH',
  'requestKey', 'pgbench:' || :client_id || ':' || :n, 'isAdmin', false,
  'action', jsonb_build_object('verb', 'receive', 'sku', 'B' || :sku, 'quantity', 1)));
