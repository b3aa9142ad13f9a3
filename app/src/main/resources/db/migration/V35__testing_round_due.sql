-- How many persons a round found due when it started (exemptions at the start not counted),
-- kept with the round: the list of rounds must not count a city's round persons each time.
ALTER TABLE testing_round ADD COLUMN due BIGINT NOT NULL DEFAULT 0;
UPDATE testing_round r SET due = (SELECT count(*) FROM testing_round_person p
                                  WHERE p.round_id = r.id AND p.required AND p.exemption IS NULL);
