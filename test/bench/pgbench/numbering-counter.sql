\set item random(1, :items)
SELECT bench_move_counter(:item);
