-- The grid each sample's person lived in when sampled (the round's record of them), kept with
-- the sample: a lab delivery counts its negatives per grid from the samples it reads anyway,
-- instead of looking up 100,000 persons of a 10,000,000-row table in random order (about
-- two seconds a delivery at a city's scale, issue 13, bench/run-results.sh). NULL: no grid.
ALTER TABLE testing_sample ADD COLUMN grid_id BIGINT;
UPDATE testing_sample s SET grid_id = r.grid_id
FROM testing_round_person r
WHERE r.round_id = s.round_id AND r.person_id = s.person_id AND r.grid_id IS NOT NULL;
