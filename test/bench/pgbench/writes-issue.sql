-- The writes of one issue alone (writes-init.sql). Run with `-D items=10000`.
\set item random(1, :items)
\set n random(1, 1000000000000)
SELECT bench_issue_writes((SELECT id FROM items WHERE team_id = 'TBENCH' AND sku = 'B' || :item),
  'pgbench:' || :client_id || ':' || :n);
