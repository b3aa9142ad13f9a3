-- The negatives per grid were one row per round and grid, added to by every lab's delivery in
-- place: each delivery's transaction held the row locks of its grids until it committed, so labs
-- delivering at the same time waited for each other (three labs took longer than one in the
-- results benchmark, issue 13). Each delivery now adds rows of its own (its batch); readers sum.
-- Rows counted before are kept under batch 0.
ALTER TABLE testing_round_grid_negative ADD COLUMN batch_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE testing_round_grid_negative DROP CONSTRAINT testing_round_grid_negative_pkey;
ALTER TABLE testing_round_grid_negative ADD PRIMARY KEY (round_id, grid_id, batch_id);
ALTER TABLE testing_round_grid_negative ALTER COLUMN batch_id DROP DEFAULT;
