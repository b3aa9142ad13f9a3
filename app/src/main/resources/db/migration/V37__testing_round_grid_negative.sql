-- Members of a tube found negative are no longer moved one by one: at a city's scale a lab's
-- delivery of 10,000 pooled tubes updated 100,000 random rows of testing_round_person, none of
-- them a HOT update, and that was nearly all of its time (issue 13, bench/run-results.sh).
-- A member in a grid stays SAMPLED and reads as negative through its sample's tube; the counts
-- per grid add what this counter holds, added to once per delivery and grid. Members outside
-- any grid (few) and every other outcome (recall, resample, positive: about 1 %) still move.
CREATE TABLE testing_round_grid_negative
(
	round_id BIGINT NOT NULL REFERENCES testing_round (id),
	grid_id  BIGINT NOT NULL,
	negative BIGINT NOT NULL CHECK (negative >= 0),
	PRIMARY KEY (round_id, grid_id)
);
