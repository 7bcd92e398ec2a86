-- One issue of one unit: run with `-D items=10000` (random SKUs) or `-D items=1` (one hot SKU).
\set item random(1, :items)
BEGIN;
UPDATE bench_stock SET on_hand = on_hand - 1 WHERE item_id = :item AND on_hand >= 1;
INSERT INTO bench_ledger (item_id, delta) VALUES (:item, -1);
END;
