-- One issue of one unit through the bot's own statement, as `npm run bench` sends
-- `issue SKU 1`: the request key claimed, the role read and checked, the balance
-- taken, the ledger, the outcome stored. Run with `-D items=10000` (random SKUs)
-- or `-D items=1` (one hot SKU), after apply-init.sql.
\set sku random(1, :items)
\set n random(1, 1000000000000)
SELECT inventory_apply(jsonb_build_object('teamId', 'TBENCH', 'userId', 'UBENCH',
  'requestKey', 'pgbench:' || :client_id || ':' || :n, 'isAdmin', false,
  'action', jsonb_build_object('verb', 'issue', 'sku', 'B' || :sku, 'quantity', 1)));
