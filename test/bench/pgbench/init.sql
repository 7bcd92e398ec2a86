-- The reference for `npm run bench`: the smallest transaction that moves stock
-- safely (a conditional balance update and a ledger row), on tables of its own.
DROP TABLE IF EXISTS bench_ledger, bench_stock;
CREATE TABLE bench_stock (
  item_id bigint PRIMARY KEY,
  on_hand bigint NOT NULL CHECK (on_hand >= 0)
);
CREATE TABLE bench_ledger (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  item_id    bigint NOT NULL,
  delta      bigint NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO bench_stock SELECT g, 1000000000 FROM generate_series(1, 10000) AS g;
ANALYZE bench_stock;
